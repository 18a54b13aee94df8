// Short-time power of a track on a fixed 10 ms grid, the common time base of every later step.
// Each value is the mean square over a 30 ms window centred on its hop: long enough to smooth
// over pitch periods, short enough to place a turn's start within a few tens of ms.

export const HOP_SEC = 0.01
const WINDOW_HOPS = 3

export function framePower(samples: Int16Array | Float32Array, scale: number, sampleRate: number): Float64Array {
  const hop = Math.round(sampleRate * HOP_SEC)
  const sums = hopSquareSums(samples, hop)
  const hopPower = new Float64Array(sums.length)
  for (let f = 0; f < sums.length; f++) hopPower[f] = ((sums[f] as number) * scale * scale) / hop
  return windowed(hopPower)
}

/** Each track's hop sums, kept with its samples while they live: the mix residual needs them too. */
const squareSums = new WeakMap<Int16Array | Float32Array, { hop: number; sums: Float64Array }>()

/** Σ s² per whole hop of `hop` samples, worked out once per track (do not write to the result). */
export function hopSquareSums(samples: Int16Array | Float32Array, hop: number): Float64Array {
  const known = squareSums.get(samples)
  if (known && known.hop === hop) return known.sums
  const sums = new Float64Array(Math.floor(samples.length / hop))
  for (let f = 0; f < sums.length; f++) sums[f] = sumOfSquares(samples, f * hop, (f + 1) * hop)
  squareSums.set(samples, { hop, sums })
  return sums
}

/**
 * Σ s² over samples [from, to). Squares of 16-bit samples are integers, and under 2^23 of them
 * sum below 2^53, so exactly in any order: four running sums, which need not wait on one
 * another, give the very total one would. Float samples are summed in order, as before.
 */
export function sumOfSquares(samples: Int16Array | Float32Array, from: number, to: number): number {
  if (!(samples instanceof Int16Array)) {
    let sum = 0
    for (let i = from; i < to; i++) {
      const s = samples[i] as number
      sum += s * s
    }
    return sum
  }
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let i = from
  for (; i + 3 < to; i += 4) {
    const a = samples[i] as number
    const b = samples[i + 1] as number
    const c = samples[i + 2] as number
    const d = samples[i + 3] as number
    s0 += a * a
    s1 += b * b
    s2 += c * c
    s3 += d * d
  }
  for (; i < to; i++) {
    const a = samples[i] as number
    s0 += a * a
  }
  return s0 + s1 + (s2 + s3)
}

/** Per-hop mean squares averaged over the window centred on each hop. */
export function windowed(hopPower: Float64Array): Float64Array {
  const count = hopPower.length
  const half = (WINDOW_HOPS - 1) >> 1
  const power = new Float64Array(count)
  for (let f = 0; f < count; f++) {
    let sum = 0
    let n = 0
    for (let k = f - half; k <= f + half; k++) {
      if (k < 0 || k >= count) continue
      sum += hopPower[k] as number
      n++
    }
    // A tiny offset keeps log-domain math finite on digital silence.
    power[f] = sum / n + 1e-12
  }
  return power
}

export function toDb(power: Float64Array): Float64Array {
  const db = new Float64Array(power.length)
  for (let i = 0; i < power.length; i++) db[i] = 10 * Math.log10(power[i] as number)
  return db
}
