// The engine's inner loops written for speed give what the plain loops they replaced give, to the bit.
import { describe, expect, it } from 'vitest'
import { framePower, sumOfSquares } from '../../electron/main/services/alignment/frame-power'
import { mixResidual, recentMax } from '../../electron/main/services/alignment/speech-regions'

let seed = 777
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff
  return seed / 0x7fffffff - 0.5
}

describe('sum of squares', () => {
  it('adds 16-bit samples up exactly, whatever the range, as the plain loop does', () => {
    const samples = Int16Array.from({ length: 1000 }, (_, i) => (i % 97 === 0 ? -32768 : Math.round(random() * 65534)))
    for (const [from, to] of [[0, 1000], [3, 160], [5, 8], [7, 7], [0, 3], [999, 1000]] as const) {
      let plain = 0
      for (let i = from; i < to; i++) plain += (samples[i] as number) ** 2
      expect(sumOfSquares(samples, from, to)).toBe(plain)
    }
  })

  it('adds float samples in order', () => {
    const samples = Float32Array.from({ length: 333 }, random)
    let plain = 0
    for (let i = 0; i < 333; i++) plain += (samples[i] as number) * (samples[i] as number)
    expect(sumOfSquares(samples, 0, 333)).toBe(plain)
  })

  it('gives frame power from it, per 10 ms hop', () => {
    const samples = new Int16Array(800).fill(16384)
    const power = framePower(samples, 1 / 32768, 8000)
    expect(power).toHaveLength(10)
    expect(power[5]).toBeCloseTo(0.25, 9)
  })
})

describe('recent maximum', () => {
  it('is the largest of each frame and the reach before it', () => {
    // Runs of equal values and steady slopes, where a queue of candidates goes wrong first.
    const values = Float64Array.from({ length: 500 }, (_, i) => (i % 50 < 10 ? 3 : i % 50 < 30 ? -i : Math.round(random() * 8)))
    for (const reach of [0, 1, 4, 12, 44, 600]) {
      const got = recentMax(values, reach)
      values.forEach((_, i) => {
        let m = -Infinity
        for (let k = Math.max(0, i - reach); k <= i; k++) m = Math.max(m, values[k] as number)
        expect(got[i]).toBe(m)
      })
    }
  })
})

describe('mix residual', () => {
  it('sums 16-bit tracks as it sums the same values held as floats, a shorter customer track included', () => {
    // The robot talks in the first half and past the customer track's end, the customer in the second
    // half; the full track is the two mixed.
    const length = 80000
    const robot = Int16Array.from({ length }, (_, i) => (i < length / 2 || i >= length - 100 ? Math.round(8000 * Math.sin(i / 7) + 500 * random()) : 0))
    const customer = Int16Array.from({ length: length - 37 }, (_, i) => (i >= length / 2 ? Math.round(6000 * Math.sin(i / 5) + 300 * random()) : Math.round(40 * random())))
    const full = Int16Array.from(robot, (r, i) => r + (customer[i] ?? 0))
    const hops = length / 80
    const db = (track: Int16Array) => Float64Array.from({ length: hops }, (_, h) => 10 * Math.log10(sumOfSquares(track, h * 80, Math.min(track.length, (h + 1) * 80)) / 80 / 32768 ** 2 + 1e-12))
    const [fullDb, cDb] = [db(full), db(customer)]
    const asInt = mixResidual({ samples: full, scale: 1 / 32768, sampleRate: 8000 }, { samples: customer, scale: 1 / 32768, sampleRate: 8000 }, fullDb, cDb)
    const asFloat = mixResidual({ samples: Float32Array.from(full), scale: 1 / 32768, sampleRate: 8000 }, { samples: Float32Array.from(customer), scale: 1 / 32768, sampleRate: 8000 }, fullDb, cDb)
    expect(asInt).not.toBeNull()
    expect(asInt).toEqual(asFloat)
  })
})
