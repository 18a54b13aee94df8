// Who speaks when, from the recordings. The customer track carries the customer plus a faint,
// delayed echo of the robot; the full track carries both. So customer speech is customer-track
// energy well above the echo the full track predicts, and robot speech is full-track energy the
// customer track does not explain. Every level is relative to the call's own floors and
// measured gains, never an absolute dBFS figure.
import { framePower, HOP_SEC, toDb } from './frame-power'
import type { DecodedTrack } from './wav-input'
import { clamp, quantile } from './stats'
import { hysteresisMask, maskToSpans, noiseFloorDb, thresholdsFor, type FrameSpan, type Thresholds } from './voice-activity'
import { tonalShare } from './tonality'

export interface Region {
  /** 0 robot (or anyone, on a full track alone), 1 customer. */
  stream: 0 | 1
  start: number
  end: number
}

/** Echo paths delay the robot on the customer side by at least this reach (hops), more when measured. */
const ECHO_REACH_HOPS = 12
/** Longest echo delay looked for (hops), and the correlation that says an echo is there. */
const ECHO_MAX_LAG_HOPS = 40
const ECHO_MIN_CORRELATION = 0.3
/** Customer energy must clear the predicted echo by this much. */
const ECHO_MARGIN_DB = 10
/** Robot energy must be at least this share of the full track to count as robot speech. */
const ROBOT_SHARE = 0.3
const BRIDGE_HOPS = 15
const MIN_HOPS = 8
/** Music: frames whose tonal share, averaged over ±MUSIC_SMOOTH_HOPS, passes this. The full
 * track carries the robot, whose synthetic voice holds its pitch longer than people do, so only
 * clearer music is taken out of it. */
const MUSIC_SHARE = 0.2
const MUSIC_SHARE_WITH_ROBOT = 0.45
const MUSIC_SMOOTH_HOPS = 50
const MUSIC_MIN_HOPS = 100

interface TrackLevels {
  power: Float64Array
  db: Float64Array
  excess: Float64Array
  thresholds: Thresholds
}

function levelsOf(power: Float64Array): TrackLevels {
  const db = toDb(power)
  const floor = noiseFloorDb(db)
  const excess = new Float64Array(db.length)
  for (let i = 0; i < db.length; i++) excess[i] = (db[i] as number) - (floor[i] as number)
  return { power, db, excess, thresholds: thresholdsFor(excess) }
}

function spansToRegions(spans: FrameSpan[], stream: 0 | 1): Region[] {
  return spans.map((s) => ({ stream, start: s.from * HOP_SEC, end: s.to * HOP_SEC }))
}

/**
 * Clears the frames of a speech mask that are music or tones (ring-back, hold music), judged on
 * the masked frames only so the spectra cost little where there is little to judge.
 */
export function withoutMusic(mask: Uint8Array, track: DecodedTrack, threshold = MUSIC_SHARE): Uint8Array {
  const share = tonalShare(track.samples, track.scale, track.sampleRate, mask.length, mask)
  const n = mask.length
  const out = mask.slice()
  // Mean share over the masked frames within reach, by prefix sums.
  const sum = new Float64Array(n + 1)
  const count = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) {
    sum[i + 1] = (sum[i] as number) + (mask[i] ? (share[i] as number) : 0)
    count[i + 1] = (count[i] as number) + (mask[i] as number)
  }
  const music = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue
    const a = Math.max(0, i - MUSIC_SMOOTH_HOPS)
    const b = Math.min(n, i + MUSIC_SMOOTH_HOPS + 1)
    const frames = (count[b] as number) - (count[a] as number)
    if (frames > 0 && ((sum[b] as number) - (sum[a] as number)) / frames > threshold) music[i] = 1
  }
  // Music lasts: only stretches of it this long are cleared (a held syllable is not a tune).
  for (const span of maskToSpans(music, BRIDGE_HOPS, MUSIC_MIN_HOPS)) out.fill(0, span.from, span.to)
  return out
}

/** Speech on the full track alone: one stream, speakers unknown. */
export function fullTrackRegions(track: DecodedTrack): Region[] {
  const full = levelsOf(framePower(track.samples, track.scale, track.sampleRate))
  const mask = withoutMusic(hysteresisMask(full.excess, full.thresholds), track, MUSIC_SHARE_WITH_ROBOT)
  return spansToRegions(maskToSpans(mask, BRIDGE_HOPS, MIN_HOPS), 0)
}

/** Robot (stream 0) and customer (stream 1) speech from the two tracks. */
export function twoTrackRegions(fullTrack: DecodedTrack, customerTrack: DecodedTrack): Region[] {
  const full = levelsOf(framePower(fullTrack.samples, fullTrack.scale, fullTrack.sampleRate))
  const rawCustomer = levelsOf(framePower(customerTrack.samples, customerTrack.scale, customerTrack.sampleRate))
  const n = full.power.length
  // The platform records both sides in sync; a shorter customer track is padded with silence.
  const cPower = padded(rawCustomer.power, n, 1e-12)
  const cDb = padded(rawCustomer.db, n, -120)
  const cExcess = padded(rawCustomer.excess, n, 0)

  // Loudest full-track level over the echo path's reach: what the echo could be following.
  const lag = echoLag(full.db, cDb)
  const reach = Math.max(ECHO_REACH_HOPS, lag + 4)
  const fullRecentDb = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let m = -Infinity
    for (let k = Math.max(0, i - reach); k <= i; k++) m = Math.max(m, full.db[k] as number)
    fullRecentDb[i] = m
  }

  // Echo level relative to the full track, from frames where the full track is loud.
  const loud = full.thresholds.on + 10
  const echoSamples: number[] = []
  // With a measured delay the echo is compared with the very frame it repeats; without one,
  // with the loudest of the reach (which reads the echo lower than it is).
  for (let i = lag; i < n; i++) {
    if ((full.excess[i - lag] as number) > loud) echoSamples.push((cDb[i] as number) - (lag > 0 ? (full.db[i - lag] as number) : (fullRecentDb[i] as number)))
  }
  const echoDb = echoSamples.length >= 50 ? clamp(quantile(echoSamples, lag > 0 ? 0.5 : 0.2), -45, -6) : -25
  const allowCustomer = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    allowCustomer[i] = (cDb[i] as number) - (fullRecentDb[i] as number) > echoDb + ECHO_MARGIN_DB ? 1 : 0
  }
  const customerMask = withoutMusic(hysteresisMask(cExcess, rawCustomer.thresholds, allowCustomer), customerTrack)

  // How loud the customer is on the full track compared with their own track.
  const gainSamples: number[] = []
  for (let i = 0; i < n; i++) {
    if (customerMask[i] && (cExcess[i] as number) > rawCustomer.thresholds.on + 6) gainSamples.push((full.db[i] as number) - (cDb[i] as number))
  }
  const gain = Math.pow(10, (gainSamples.length >= 20 ? clamp(quantile(gainSamples, 0.3), -20, 20) : 0) / 10)

  // Robot = what the customer does not explain; the customer's power is taken at its local
  // maximum so a slight misalignment does not leave customer energy behind as "robot".
  const robotExcess = new Float64Array(n)
  const allowRobot = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const cMax = Math.max(cPower[i] as number, cPower[Math.max(0, i - 1)] as number, cPower[Math.min(n - 1, i + 1)] as number)
    const pf = full.power[i] as number
    const residual = Math.max(1e-12, pf - gain * cMax)
    robotExcess[i] = (full.excess[i] as number) + 10 * Math.log10(residual / pf)
    allowRobot[i] = residual > ROBOT_SHARE * pf ? 1 : 0
  }
  const robotMask = hysteresisMask(robotExcess, full.thresholds, allowRobot)

  return [
    ...spansToRegions(maskToSpans(robotMask, BRIDGE_HOPS, MIN_HOPS), 0),
    ...spansToRegions(maskToSpans(customerMask, BRIDGE_HOPS, MIN_HOPS), 1),
  ]
}

/**
 * The echo path's delay in hops: the lag at which the customer track's level follows the full
 * track's best (0 when nothing follows it clearly, as on a line without audible echo).
 */
export function echoLag(fullDb: Float64Array, customerDb: Float64Array): number {
  const n = Math.min(fullDb.length, customerDb.length)
  let best = 0
  let bestCorrelation = ECHO_MIN_CORRELATION
  for (let lag = 0; lag <= ECHO_MAX_LAG_HOPS && lag < n - 50; lag++) {
    let sx = 0
    let sy = 0
    let sxx = 0
    let syy = 0
    let sxy = 0
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

function padded(values: Float64Array, length: number, fill: number): Float64Array {
  if (values.length === length) return values
  const out = new Float64Array(length).fill(fill)
  out.set(values.subarray(0, Math.min(length, values.length)))
  return out
}
