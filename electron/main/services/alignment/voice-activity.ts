// Speech/non-speech per 10 ms frame: a noise floor tracked through the call, thresholds set from
// the call's own dynamic range (not fixed levels, so a noisy line or a quiet customer still
// works), double-threshold hysteresis, then small gaps bridged and blips dropped.
import { clamp, quantile } from './stats'

const BLOCK_HOPS = 50
const FLOOR_REACH_BLOCKS = 8
export const DIGITAL_SILENCE_DB = -90

/** The levels above digital silence (a dropout, a track padded to the call's length), gathered by
 * hand (a typed array's filter() is slow). */
export function soundingLevels(db: Float64Array): Float64Array {
  const kept = new Float64Array(db.length)
  let count = 0
  for (let i = 0; i < db.length; i++) if ((db[i] as number) > DIGITAL_SILENCE_DB) kept[count++] = db[i] as number
  return kept.subarray(0, count)
}

/** The noise floor under each frame, in dB: the quietest stretch within about ±4 s. */
export function noiseFloorDb(db: Float64Array): Float64Array {
  const audible = soundingLevels(db)
  const floor = new Float64Array(db.length)
  if (audible.length === 0) return floor.fill(DIGITAL_SILENCE_DB)
  // Lowest plausible floor: digital silence or a dropout must not make all noise look like speech.
  const lowest = quantile(audible, 0.02)
  const blocks = Math.ceil(db.length / BLOCK_HOPS)
  const blockFloor = new Float64Array(blocks)
  for (let b = 0; b < blocks; b++) {
    const slice = db.subarray(b * BLOCK_HOPS, Math.min(db.length, (b + 1) * BLOCK_HOPS))
    blockFloor[b] = Math.max(lowest, quantile(slice, 0.1))
  }
  for (let b = 0; b < blocks; b++) {
    let low = Infinity
    for (let k = Math.max(0, b - FLOOR_REACH_BLOCKS); k <= Math.min(blocks - 1, b + FLOOR_REACH_BLOCKS); k++) {
      low = Math.min(low, blockFloor[k] as number)
    }
    floor.fill(low, b * BLOCK_HOPS, Math.min(db.length, (b + 1) * BLOCK_HOPS))
  }
  return floor
}

/** A busy background's level, by default: this quantile of the frames within ±BACKGROUND_REACH_HOPS. */
const BACKGROUND_QUANTILE = 0.3
const BACKGROUND_REACH_HOPS = 300

/**
 * The floor under each frame raised to where a busy background sits: babble, a busy room or
 * noise lifted by AGC fill the pauses, so the quietest stretch (the plain floor) lies far below
 * them and every murmur would rise above it. A customer speaks well under 70 % of any six
 * seconds, so the 30th percentile of those seconds is background; on a quiet line it is the
 * plain floor again.
 */
export function backgroundFloorDb(db: Float64Array, floor: Float64Array, q = BACKGROUND_QUANTILE, reach = BACKGROUND_REACH_HOPS): Float64Array {
  const out = floor.slice()
  // A sliding histogram in quarter-dB bins: the window moves a block at a time.
  const bins = new Int32Array(Math.ceil(-DIGITAL_SILENCE_DB * 4) + 1)
  const binOf = (v: number) => Math.min(bins.length - 1, Math.max(0, Math.round((v - DIGITAL_SILENCE_DB) * 4)))
  let inWindow = 0
  let from = 0
  let to = 0
  const move = (i: number, by: 1 | -1) => {
    const v = db[i] as number
    if (v <= DIGITAL_SILENCE_DB) return
    const bin = binOf(v)
    bins[bin] = (bins[bin] as number) + by
    inWindow += by
  }
  for (let b = 0; b < db.length; b += BLOCK_HOPS) {
    const wantFrom = Math.max(0, b - reach)
    const wantTo = Math.min(db.length, b + reach)
    for (; to < wantTo; to++) move(to, 1)
    for (; from < wantFrom; from++) move(from, -1)
    if (inWindow === 0) continue
    const rank = Math.round(q * (inWindow - 1))
    let bin = 0
    for (let seen = bins[0] as number; seen <= rank; seen += bins[++bin] as number);
    const level = bin / 4 + DIGITAL_SILENCE_DB
    for (let i = b; i < Math.min(db.length, b + BLOCK_HOPS); i++) out[i] = Math.max(out[i] as number, level)
  }
  return out
}

export interface Thresholds {
  /** dB above the floor that starts a speech stretch. */
  on: number
  /** dB above the floor that keeps one going. */
  off: number
}

/** Thresholds scaled to how far speech rises above this track's floor. */
export function thresholdsFor(excessDb: Float64Array): Thresholds {
  const range = quantile(excessDb, 0.97)
  const on = clamp(range * 0.3, 5, 12)
  return { on, off: Math.max(3, on - 5) }
}

/** Frames above `on`, grown to neighbours above `off`, gated by `allow` when given. */
export function hysteresisMask(excessDb: Float64Array, { on, off }: Thresholds, allow?: Uint8Array): Uint8Array {
  const n = excessDb.length
  const mask = new Uint8Array(n)
  const ok = (i: number) => (excessDb[i] as number) > off && (!allow || allow[i] === 1)
  for (let i = 0; i < n; i++) {
    if (mask[i] || (excessDb[i] as number) <= on || (allow && !allow[i])) continue
    let a = i
    while (a > 0 && !mask[a - 1] && ok(a - 1)) a--
    let b = i
    while (b + 1 < n && ok(b + 1)) b++
    mask.fill(1, a, b + 1)
    i = b
  }
  return mask
}

export interface FrameSpan {
  /** First frame. */
  from: number
  /** One past the last frame. */
  to: number
}

/** Runs of 1s as spans; gaps up to `bridge` frames are closed, spans under `minLength` dropped. */
export function maskToSpans(mask: Uint8Array, bridge: number, minLength: number): FrameSpan[] {
  const raw: FrameSpan[] = []
  let i = 0
  while (i < mask.length) {
    if (!mask[i]) {
      i++
      continue
    }
    let j = i
    while (j < mask.length && mask[j]) j++
    const last = raw[raw.length - 1]
    if (last && i - last.to <= bridge) last.to = j
    else raw.push({ from: i, to: j })
    i = j
  }
  return raw.filter((s) => s.to - s.from >= minLength)
}
