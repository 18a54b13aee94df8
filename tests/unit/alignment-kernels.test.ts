// The engine's inner loops written for speed give what the plain loops they replaced give, to the bit.
import { describe, expect, it } from 'vitest'
import { framePower, hopSquareSums, sumOfSquares } from '../../electron/main/services/alignment/frame-power'
import { echoLag, mixResidual, recentMax } from '../../electron/main/services/alignment/speech-regions'

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

describe('hop sums', () => {
  it('are worked out once per track and hop length, for frame power and the mix residual alike', () => {
    const samples = Int16Array.from({ length: 800 }, (_, i) => i - 400)
    const sums = hopSquareSums(samples, 80)
    expect(sums).toHaveLength(10)
    expect(sums[0]).toBe(sumOfSquares(samples, 0, 80))
    expect(hopSquareSums(samples, 80)).toBe(sums)
    expect(hopSquareSums(samples, 160)).toHaveLength(5)
    expect(hopSquareSums(samples.slice(), 80)).not.toBe(sums)
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

describe('echo lag', () => {
  /** One lag a pass, every sum in frame order: what echoLag's two lags a pass must agree with. */
  function plainEchoLag(fullDb: Float64Array, customerDb: Float64Array): number {
    const n = Math.min(fullDb.length, customerDb.length)
    let best = 0
    let bestCorrelation = 0.3
    for (let lag = 0; lag <= 40 && lag < n - 50; lag++) {
      let [sx, sy, sxx, syy, sxy] = [0, 0, 0, 0, 0]
      const count = n - lag
      for (let i = 0; i < count; i++) {
        const x = fullDb[i] as number
        const y = customerDb[i + lag] as number
        sx += x
        sy += y
        sxx += x * x
        syy += y * y
        sxy += x * y
      }
      const cov = sxy / count - (sx / count) * (sy / count)
      const vx = sxx / count - (sx / count) ** 2
      const vy = syy / count - (sy / count) ** 2
      const correlation = vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : 0
      if (correlation > bestCorrelation) {
        bestCorrelation = correlation
        best = lag
      }
    }
    return best
  }

  it('finds the lag one lag a pass finds, odd or even, near the ends of the range and on short calls', () => {
    for (const [n, delay] of [[3000, 0], [3000, 7], [3000, 12], [3000, 39], [3000, 40], [3000, 41], [3000, 55], [60, 5], [52, 1], [51, 1], [40, 0]] as const) {
      const fullDb = Float64Array.from({ length: n }, () => -60 + 40 * random())
      const customerDb = Float64Array.from({ length: n }, (_, i) => (i >= delay ? (fullDb[i - delay] as number) - 20 : -80) + 10 * random())
      expect(echoLag(fullDb, customerDb), `${n} frames, delay ${delay}`).toBe(plainEchoLag(fullDb, customerDb))
    }
    // Nothing follows: the two agree on no echo at all.
    const flat = Float64Array.from({ length: 500 }, () => -70 + random())
    expect(echoLag(flat, Float64Array.from({ length: 500 }, () => -70 + random()))).toBe(0)
  })
})
