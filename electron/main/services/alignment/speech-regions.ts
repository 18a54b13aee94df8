// Who speaks when, from the recordings. The customer track carries the customer plus a faint,
// delayed echo of the robot; the full track carries both. So customer speech is customer-track
// energy well above the echo the full track predicts, and robot speech is full-track energy the
// customer track does not explain (when the full track is the two sides mixed, the customer's
// track is taken out of it sample for sample, which leaves the robot alone). Every level is
// relative to the call's own floors and measured gains, never an absolute dBFS figure.
import { framePower, hopSquareSums, HOP_SEC, sumOfSquares, toDb, windowed } from './frame-power'
import type { DecodedTrack } from './wav-input'
import { clamp, quantile } from './stats'
import { backgroundFloorDb, hysteresisMask, maskToSpans, noiseFloorDb, soundingLevels, thresholdsFor, type FrameSpan, type Thresholds } from './voice-activity'
import { tonalShare, type SpectrumListener } from './tonality'
import { syllablesIn } from './syllables'
import { ringingEnd } from './ring-back'
import { unlikeBackground } from './background-shape'
import { VoiceSpectra } from './robot-voice'

export interface Region {
  /** 0 robot (or anyone, on a full track alone), 1 customer. */
  stream: 0 | 1
  start: number
  end: number
  /** Syllable peaks heard in it, where they are one speaker's (on two tracks). */
  syllables?: number
  /** Its loudest hop (dB), where its quietness was judged (a customer's track). */
  peak?: number
  /** How far (dB) its loudest hop is under the track's loud regions (a customer's track): past
   * QUIET_REGION_DB it is quiet (isQuiet), babble or a remark more likely than a reply. */
  under?: number
  /** Where its speech likely begins, when that is before `start` (s): a raised bar cuts a voice's
   * first rise off. Only a turn's start takes it; the matching goes by `start`. */
  onset?: number
}

/** Echo paths delay the robot on the customer side by at least this reach (hops), more when measured. */
const ECHO_REACH_HOPS = 12
/** Longest echo delay looked for (hops), and the correlation that says an echo is there. */
const ECHO_MAX_LAG_HOPS = 40
const ECHO_MIN_CORRELATION = 0.3
/** The loudest echo of the robot a customer track is taken to carry (dB, relative to the robot). */
const ECHO_MAX_DB = -6
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
/** ...or, where lower, this much over the call's median (for the frames and for a stretch's mean
 * alike): the robot talks most of the call, so its own voice sets the median, and music is much
 * more tonal than the voice the call carries. */
const MUSIC_ABOVE_SPEECH = 0.25
const MUSIC_SMOOTH_HOPS = 50
const MUSIC_MIN_HOPS = 100
/** ...and whose own mean share is this high (a monotone synthetic voice holds its pitch too, but for
 * a phrase: a stretch under SHORT_MUSIC_HOPS must be clearly tonal, as a ring-back tone's second is). */
const MUSIC_SPAN_SHARE = 0.45
const SHORT_MUSIC_HOPS = 200
const SHORT_MUSIC_SPAN_SHARE = 0.6
/** Pieces of music this close (hops) are one stretch. */
const MUSIC_GROUP_GAP_HOPS = 100
/** Music is looked for in every frame this far (dB) over the call's quietest tenth, not only in
 * the speech mask: a steady melody soon becomes the background the mask's bar is measured from. */
const AUDIBLE_DB = 6
const QUIET_QUANTILE = 0.1
/** In music, and this close (hops) before or after it, speech is what rises this far (dB) over the
 * music's median level (to start, to go on): a reply as the music stops, under the bar the music
 * raised, is found, and the music's first notes are not speech. */
const OVER_MUSIC = { on: 5, off: 2 }
const MUSIC_EDGE_HOPS = 50
/** The mean tonal share a long stretch of the customer's track needs to be music: no synthetic
 * voice speaks there (the robot's echo is gated out), so less than on the full track. */
export const CUSTOMER_MUSIC_SPAN_SHARE = 0.3
/** ...and there the bar over the music's level holds this many hops past its end, not
 * MUSIC_EDGE_HOPS: hold music stops as the customer comes back, and a reply right after it, as
 * loud as the music was, fell under the bar (a quarter second still covers the last note's tail). */
export const CUSTOMER_MUSIC_AFTER_HOPS = 25

/** Where a busy background sits (voice-activity's backgroundFloorDb): on the customer's track, the
 * 30th percentile of ±3 s; on a full track alone, where the robot talks most of the time, the 15th
 * of ±6 s. */
const CUSTOMER_BACKGROUND = { quantile: 0.3, reach: 300 }
/** ...and on a full track alone, how far it lifts the floor is measured too (only the voices use it). */
const FULL_TRACK_BACKGROUND = { quantile: 0.15, reach: 600, lift: true }

interface TrackLevels {
  power: Float64Array
  db: Float64Array
  excess: Float64Array
  thresholds: Thresholds
  /** How far (dB) a busy background lifts the floor over the plain noise floor, at the median hop (0 unless `busy.lift`). */
  lift: number
}

function levelsOf(power: Float64Array, busy?: { quantile: number; reach: number; lift?: boolean }): TrackLevels {
  const db = toDb(power)
  const plain = noiseFloorDb(db)
  const floor = busy ? backgroundFloorDb(db, plain, busy.quantile, busy.reach) : plain
  const excess = new Float64Array(db.length)
  for (let i = 0; i < db.length; i++) excess[i] = (db[i] as number) - (floor[i] as number)
  let lift = 0
  if (busy?.lift && db.length > 0) {
    const lifted = new Float64Array(db.length)
    for (let i = 0; i < db.length; i++) lifted[i] = (floor[i] as number) - (plain[i] as number)
    lift = quantile(lifted, 0.5)
  }
  return { power, db, excess, thresholds: thresholdsFor(excess), lift }
}

/** The spans as regions; with `db`, the level they were found on, each region's syllables too. */
function spansToRegions(spans: FrameSpan[], stream: 0 | 1, db?: Float64Array): Region[] {
  return spans.map((s) => ({ stream, start: s.from * HOP_SEC, end: s.to * HOP_SEC, ...(db ? { syllables: syllablesIn(db, s.from, s.to) } : {}) }))
}

export interface MusicOptions {
  /** Frames whose tonal share, averaged over ±MUSIC_SMOOTH_HOPS, passes this are music. */
  threshold?: number
  /** The threshold, and the share a long stretch needs on average, fall to the median of those
   * averages over the mask plus this, where lower. */
  aboveSpeech?: number
  /** Also the loudest notes of music too quiet to be in the mask otherwise, judged with the
   * track's level per hop (dB) given here. */
  remnants?: Float64Array
  /** The mean share a long stretch needs (MUSIC_SPAN_SHARE unless given). */
  spanShare?: number
  /** Hears the spectra taken on the way. */
  listener?: SpectrumListener
  /** The tonal share per frame, taken already over the mask's frames at least. */
  share?: Float64Array
}

/**
 * Clears the frames of a speech mask that are music or tones (ring-back, hold music), judged on
 * the masked frames only so the spectra cost little where there is little to judge.
 */
export function withoutMusic(mask: Uint8Array, track: DecodedTrack, { threshold = MUSIC_SHARE, aboveSpeech, remnants, spanShare: longShare = MUSIC_SPAN_SHARE, listener, share: given }: MusicOptions = {}): Uint8Array {
  const share = given ?? tonalShare(track.samples, track.scale, track.sampleRate, mask.length, mask, listener)
  const n = mask.length
  const out = mask.slice()
  // Mean share over the masked frames within reach, by prefix sums.
  const sum = new Float64Array(n + 1)
  const count = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) {
    sum[i + 1] = (sum[i] as number) + (mask[i] ? (share[i] as number) : 0)
    count[i + 1] = (count[i] as number) + (mask[i] as number)
  }
  const smoothed = new Float64Array(n)
  const masked = new Float64Array(count[n] as number)
  for (let i = 0, k = 0; i < n; i++) {
    if (!mask[i]) continue
    const a = Math.max(0, i - MUSIC_SMOOTH_HOPS)
    const b = Math.min(n, i + MUSIC_SMOOTH_HOPS + 1)
    const frames = (count[b] as number) - (count[a] as number)
    smoothed[i] = frames > 0 ? ((sum[b] as number) - (sum[a] as number)) / frames : 0
    masked[k++] = smoothed[i] as number
  }
  // Music relative to the voice the call carries: the median plus `aboveSpeech`, where lower.
  const relative = aboveSpeech !== undefined && masked.length > 0 ? quantile(masked, 0.5) + aboveSpeech : Infinity
  const bar = Math.min(threshold, relative)
  const spanShare = Math.min(longShare, relative)
  const music = new Uint8Array(n)
  for (let i = 0; i < n; i++) if (mask[i] && (smoothed[i] as number) > bar) music[i] = 1
  // Music lasts: only stretches of it this long are cleared (a held syllable is not a tune). A
  // melody's notes, beats and breaths break it into pieces; pieces close together are judged as
  // one stretch, and only the pieces themselves are cleared.
  const pieces = maskToSpans(music, BRIDGE_HOPS, 1)
  for (let g = 0; g < pieces.length; ) {
    let end = g + 1
    while (end < pieces.length && (pieces[end] as FrameSpan).from - (pieces[end - 1] as FrameSpan).to <= MUSIC_GROUP_GAP_HOPS) end++
    const group = pieces.slice(g, end)
    g = end
    const length = (group[group.length - 1] as FrameSpan).to - (group[0] as FrameSpan).from
    if (length < MUSIC_MIN_HOPS) continue
    let t = 0
    let frames = 0
    for (const piece of group) {
      for (let i = piece.from; i < piece.to; i++) t += share[i] as number
      frames += piece.to - piece.from
    }
    const need = length < SHORT_MUSIC_HOPS ? SHORT_MUSIC_SPAN_SHARE : spanShare
    if (frames >= MUSIC_MIN_HOPS && t / frames >= need) for (const piece of group) out.fill(0, piece.from, piece.to)
  }
  if (remnants) clearMusicRemnants(out, share, track, remnants)
  return out
}

/**
 * The speech mask without music, music looked for in all that is audible (gated by `allow`), not
 * only in the mask: where a stretch of music lies, the mask becomes what rises over the music's
 * level, there and just before and after it (the melody's first notes pass the mask's bar before
 * the background floor rises to them; a customer speaking over hold music, or as it stops, rises
 * over it and may be under the bar). `stretches` says what music is in all that is audible, `options` what is in the
 * mask. With `reuse`, the mask is judged on the spectra taken for all that is audible (the full
 * track, where speech is most of the call, so each spectrum is taken once); without, on its own
 * frames as withoutMusic does (tonal runs then restart at the mask's gaps: on the customer's
 * track, where speech is little, that judged the development sets' calls better). `after`: how many
 * hops past a stretch of music the bar over its level holds (MUSIC_EDGE_HOPS unless given).
 */
export function speechWithoutMusic(heard: Uint8Array, { db, track, allow, stretches, options, reuse, after = MUSIC_EDGE_HOPS }: { db: Float64Array; track: DecodedTrack; allow?: Uint8Array; stretches: MusicOptions; options: MusicOptions; reuse: boolean; after?: number }): { mask: Uint8Array; share: Float64Array } {
  const n = heard.length
  // Digital silence (a customer track padded to the call's length) is not the line's quiet.
  const quiet = quantile(soundingLevels(db), QUIET_QUANTILE)
  const audible = new Uint8Array(n)
  const either = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    audible[i] = (db[i] as number) - quiet > AUDIBLE_DB && (!allow || allow[i]) ? 1 : 0
    either[i] = audible[i] || heard[i] ? 1 : 0
  }
  // The listener hears the spectra of the mask's frames only (what is left of the speech is in it).
  const listener = options.listener
  const heardOnly = reuse && listener ? (hop: number, power: Float64Array) => (heard[hop] || heard[Math.min(n - 1, hop + 1)] ? listener(hop, power) : undefined) : undefined
  const share = tonalShare(track.samples, track.scale, track.sampleRate, n, reuse ? either : audible, heardOnly)
  const left = withoutMusic(audible, track, { ...stretches, share })
  const music = new Uint8Array(n)
  for (let i = 0; i < n; i++) music[i] = audible[i] && !left[i] ? 1 : 0
  const mask = heard.slice()
  for (const stretch of maskToSpans(music, MUSIC_GROUP_GAP_HOPS, MUSIC_MIN_HOPS)) {
    const levels: number[] = []
    for (let i = stretch.from; i < stretch.to; i++) if (music[i]) levels.push(db[i] as number)
    const level = quantile(levels, 0.5)
    const from = Math.max(0, stretch.from - MUSIC_EDGE_HOPS)
    const to = Math.min(n, stretch.to + after)
    const over = new Float64Array(to - from)
    for (let i = from; i < to; i++) over[i - from] = (db[i] as number) - level
    mask.set(hysteresisMask(over, OVER_MUSIC, allow?.subarray(from, to)), from)
  }
  return { mask: withoutMusic(mask, track, reuse ? { ...options, share } : options), share }
}

/** A remnant of music: a stretch this tonal on average, with the frames before it or after it
 * (MUSIC_AROUND_HOPS, outside the mask) at least MUSIC_AROUND_SHARE tonal, and no louder than the
 * music there: its loudest hop not MUSIC_RISE_DB over the MUSIC_LOUD quantile of the frames around
 * it at least MUSIC_NOTE_SHARE tonal (where there are MUSIC_MIN_NOTES of them). */
const MUSIC_REMNANT_SHARE = 0.3
const MUSIC_AROUND_HOPS = 100
const MUSIC_AROUND_SHARE = 0.2
const MUSIC_NOTE_SHARE = 0.3
const MUSIC_LOUD = 0.9
const MUSIC_MIN_NOTES = 20
const MUSIC_RISE_DB = 3

/**
 * What is left of music too quiet to be in the mask but for its loudest notes: a stretch of the
 * mask that is tonal on average and whose surroundings (the second before or the second after,
 * outside the mask) are tonal too. A voice that holds its pitch is tonal, but what is around it is not.
 */
function clearMusicRemnants(out: Uint8Array, share: Float64Array, track: DecodedTrack, db: Float64Array): void {
  const n = out.length
  const candidates = maskToSpans(out, BRIDGE_HOPS, 1).filter((span) => {
    let t = 0
    for (let i = span.from; i < span.to; i++) t += share[i] as number
    return t / (span.to - span.from) >= MUSIC_REMNANT_SHARE
  })
  if (candidates.length === 0) return
  const around = new Uint8Array(n)
  for (const span of candidates) {
    for (let i = Math.max(0, span.from - MUSIC_AROUND_HOPS); i < Math.min(n, span.to + MUSIC_AROUND_HOPS); i++) if (!out[i]) around[i] = 1
  }
  const aroundShare = tonalShare(track.samples, track.scale, track.sampleRate, n, around)
  // Music plays on before the stretch or after it (hold music stops, ring-back gives way): either
  // side tonal enough will do.
  const sideShare = (from: number, to: number) => {
    let t = 0
    let frames = 0
    for (let i = Math.max(0, from); i < Math.min(n, to); i++) {
      if (!around[i]) continue
      t += aroundShare[i] as number
      frames++
    }
    return frames > 0 ? t / frames : 0
  }
  // A reply right as hold music stops is tonal on average with the music's tail in it, and music
  // is around it, but it rises over the music.
  const louderThanMusic = (span: FrameSpan) => {
    const notes: number[] = []
    for (let i = Math.max(0, span.from - MUSIC_AROUND_HOPS); i < Math.min(n, span.to + MUSIC_AROUND_HOPS); i++) {
      if (around[i] && (aroundShare[i] as number) >= MUSIC_NOTE_SHARE) notes.push(db[i] as number)
    }
    if (notes.length < MUSIC_MIN_NOTES) return false
    return loudestDb(db, span.from, span.to) > quantile(notes, MUSIC_LOUD) + MUSIC_RISE_DB
  }
  for (const span of candidates) {
    const before = sideShare(span.from - MUSIC_AROUND_HOPS, span.from)
    const after = sideShare(span.to, span.to + MUSIC_AROUND_HOPS)
    if (Math.max(before, after) >= MUSIC_AROUND_SHARE && !louderThanMusic(span)) out.fill(0, span.from, span.to)
  }
}

/**
 * Speech on the full track alone: one stream, speakers unknown, and the track's level (dB per hop)
 * for what is measured on the speakers' stretches once they are told apart, with how far a busy
 * background lifts its floor (`lift`, dB). The spectra taken on the way go to `listener`. (A flat
 * full track is not looked at for speech by its shape, as a customer's track is: on a full track
 * alone the shape test's spectra came on top of the tonal pass's and took a 3-minute call over its
 * 50 ms.)
 */
export function fullTrackRegions(track: DecodedTrack, listener?: SpectrumListener): { regions: Region[]; db: Float64Array; lift: number } {
  const full = levelsOf(framePower(track.samples, track.scale, track.sampleRate), FULL_TRACK_BACKGROUND)
  const music = { threshold: MUSIC_SHARE_WITH_ROBOT, aboveSpeech: MUSIC_ABOVE_SPEECH }
  const { mask, share } = speechWithoutMusic(hysteresisMask(full.excess, full.thresholds), { db: full.db, track, stretches: music, options: { ...music, listener }, reuse: true })
  // While the phone rings nothing is said (on two tracks the noise between the bursts is the
  // customer track's, apart from the robot's stream).
  mask.fill(0, 0, ringingEnd(share, track))
  return { regions: spansToRegions(maskToSpans(mask, BRIDGE_HOPS, MIN_HOPS), 0), db: full.db, lift: full.lift }
}

/** Robot (stream 0) and customer (stream 1) speech from the two tracks, the customer track's
 * level (dB per hop, padded to the full track's length), where a missed reply is looked for, and
 * the robot's own (the customer's side taken out where the full track mixes it in), which tells a
 * line played twice. */
/** A two-track call's speech regions (stream 0 the robot's, 1 the customer's) and each side's level (dB per hop). */
export interface TwoTrackRegions {
  regions: Region[]
  customerDb: Float64Array
  robotDb: Float64Array
}

export function twoTrackRegions(fullTrack: DecodedTrack, customerTrack: DecodedTrack): TwoTrackRegions {
  const full = levelsOf(framePower(fullTrack.samples, fullTrack.scale, fullTrack.sampleRate))
  const rawCustomer = levelsOf(framePower(customerTrack.samples, customerTrack.scale, customerTrack.sampleRate), CUSTOMER_BACKGROUND)
  const n = full.power.length
  // The platform records both sides in sync; a shorter customer track is padded with silence.
  const cPower = padded(rawCustomer.power, n, 1e-12)
  const cDb = padded(rawCustomer.db, n, -120)
  const cExcess = padded(rawCustomer.excess, n, 0)

  // The robot's own level: the full track less the customer's track, sample for sample, where
  // the full track is the two sides mixed (then the customer's side, echo and babble included,
  // cancels); the full track itself otherwise.
  const mix = mixResidual(fullTrack, customerTrack, full.db, cDb)
  // With the robot alone, its levels are its own: a loud customer side (babble lifted by AGC,
  // clipping) no longer hides it under the full track's floor.
  const robot = mix ? levelsOf(padded(mix.power, n, 1e-12)) : full
  const robotDb = robot.db

  // Loudest robot level over the echo path's reach: what the echo could be following.
  const lag = echoLag(robotDb, cDb)
  const reach = Math.max(ECHO_REACH_HOPS, lag + 4)
  const robotRecentDb = recentMax(robotDb, reach)

  // Echo level relative to the robot, from frames where the robot is loud.
  const loud = robot.thresholds.on + 10
  const echoSamples: number[] = []
  // With a measured delay the echo is compared with the very frame it repeats; without one,
  // with the loudest of the reach (which reads the echo lower than it is).
  for (let i = lag; i < n; i++) {
    if ((robot.excess[i - lag] as number) <= loud) continue
    const relative = (cDb[i] as number) - (lag > 0 ? (robotDb[i - lag] as number) : (robotRecentDb[i] as number))
    // An echo never comes back this loud: such a frame is the customer speaking (where the robot
    // is quiet on the full track, its loudest frames there can be the customer's).
    if (relative < ECHO_MAX_DB) echoSamples.push(relative)
  }
  const echoDb = echoSamples.length >= 50 ? clamp(quantile(echoSamples, lag > 0 ? 0.5 : 0.2), -45, ECHO_MAX_DB) : -25
  const allowCustomer = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    allowCustomer[i] = (cDb[i] as number) - (robotRecentDb[i] as number) > echoDb + ECHO_MARGIN_DB ? 1 : 0
  }
  const customerThresholds = mix ? busyThresholds(cExcess, rawCustomer.thresholds, robot, allowCustomer, lag) : rawCustomer.thresholds
  // Where AGC and clipping leave the customer's track as loud in the pauses as in speech, speech
  // is also what is unlike the track's background in shape.
  const heardCustomer = hysteresisMask(cExcess, customerThresholds, allowCustomer)
  const unlike = unlikeBackground(() => new VoiceSpectra(customerTrack), rawCustomer.db)
  for (let i = 0; i < Math.min(n, unlike.length); i++) if (unlike[i] && allowCustomer[i]) heardCustomer[i] = 1
  const { mask: customerMask } = speechWithoutMusic(heardCustomer, {
    db: cDb,
    track: customerTrack,
    allow: allowCustomer,
    stretches: { spanShare: CUSTOMER_MUSIC_SPAN_SHARE },
    options: { remnants: cDb },
    reuse: false,
    after: CUSTOMER_MUSIC_AFTER_HOPS,
  })

  const robotExcess = new Float64Array(n)
  const allowRobot = new Uint8Array(n)
  let robotThresholds = full.thresholds
  if (mix) {
    // What is left of the customer's side where it does not cancel fully must not count as robot.
    const leftDb = 20 * Math.log10(Math.abs(mix.gain)) + mix.cancelDb + REMNANT_MARGIN_DB
    for (let i = 0; i < n; i++) {
      robotExcess[i] = robot.excess[i] as number
      allowRobot[i] = (robot.db[i] as number) > (cDb[i] as number) + leftDb ? 1 : 0
    }
    robotThresholds = robot.thresholds
  } else {
    // How loud the customer is on the full track compared with their own track.
    const gainSamples: number[] = []
    for (let i = 0; i < n; i++) {
      if (customerMask[i] && (cExcess[i] as number) > rawCustomer.thresholds.on + 6) gainSamples.push((full.db[i] as number) - (cDb[i] as number))
    }
    const gain = Math.pow(10, (gainSamples.length >= 20 ? clamp(quantile(gainSamples, 0.3), -20, 20) : 0) / 10)
    // Robot = what the customer does not explain; the customer's power is taken at its local
    // maximum so a slight misalignment does not leave customer energy behind as "robot".
    for (let i = 0; i < n; i++) {
      const cMax = Math.max(cPower[i] as number, cPower[Math.max(0, i - 1)] as number, cPower[Math.min(n - 1, i + 1)] as number)
      const pf = full.power[i] as number
      const residual = Math.max(1e-12, pf - gain * cMax)
      robotExcess[i] = (full.excess[i] as number) + 10 * Math.log10(residual / pf)
      allowRobot[i] = residual > ROBOT_SHARE * pf ? 1 : 0
    }
  }
  const robotMask = hysteresisMask(robotExcess, robotThresholds, allowRobot)

  const customerRegions = spansToRegions(maskToSpans(customerMask, BRIDGE_HOPS, MIN_HOPS), 1, cDb)
  markQuiet(customerRegions, cDb)
  // A bar raised over babble starts the customer's turns late (the robot's was never raised).
  if (customerThresholds.on > rawCustomer.thresholds.on) withOnsets(customerRegions, cDb)
  return { regions: [...spansToRegions(maskToSpans(robotMask, BRIDGE_HOPS, MIN_HOPS), 0, robotDb), ...customerRegions], customerDb: cDb, robotDb }
}

/** The loudest hop's level (dB) in [from, to); -Infinity where there is none. */
function loudestDb(db: Float64Array, from: number, to: number): number {
  let peak = -Infinity
  for (let i = from, end = Math.min(db.length, to); i < end; i++) peak = Math.max(peak, db[i] as number)
  return peak
}

/** A region whose loudest hop is this far (dB) under the loud regions' (their LOUD_REGIONS quantile) is quiet. */
export const QUIET_REGION_DB = 8
const LOUD_REGIONS = 0.9

/** Far under the loud regions of its track (markQuiet judged it): babble or a remark, more likely than a reply. */
export function isQuiet(r: Region): boolean {
  return (r.under ?? 0) > QUIET_REGION_DB
}

/**
 * How far each region's loudest hop is under the track's loud regions (`under`, `peak`), which
 * tells the far quieter ones (isQuiet): on the customer's track, babble that
 * rises over the bar in fragments all through a call is 8–15 dB under the customer, whose replies
 * are few and short, so a fragment beside the reply could take it.
 */
export function markQuiet(regions: Region[], db: Float64Array): void {
  const peaks = regions.map((r) => loudestDb(db, Math.round(r.start / HOP_SEC), Math.round(r.end / HOP_SEC)))
  if (peaks.length === 0) return
  const loud = quantile(peaks, LOUD_REGIONS)
  regions.forEach((r, i) => {
    r.peak = peaks[i] as number
    r.under = loud - (peaks[i] as number)
  })
}

/** A region's onset: within ONSET_REACH_HOPS before its start, the frame after the nearest one
 * ONSET_DROP_DB under its first frame's level. */
const ONSET_REACH_HOPS = 15
const ONSET_DROP_DB = 6

/**
 * Sets each region's onset where its level (dB per hop) was already rising before the bar let it
 * start: the nearest frame a clear step under its first, within reach; none where the level is
 * as high all the way back (a region cut out of continuous sound).
 */
export function withOnsets(regions: Region[], db: Float64Array): void {
  for (const r of regions) {
    const first = Math.round(r.start / HOP_SEC)
    const level = db[first] as number
    for (let i = first - 1; i >= Math.max(0, first - ONSET_REACH_HOPS); i--) {
      if (level - (db[i] as number) < ONSET_DROP_DB) continue
      if (i + 1 < first) r.onset = (i + 1) * HOP_SEC
      break
    }
  }
}

/**
 * The echo path's delay in hops: the lag at which the customer track's level follows the full
 * track's best (0 when nothing follows it clearly, as on a line without audible echo).
 */
export function echoLag(fullDb: Float64Array, customerDb: Float64Array): number {
  const n = Math.min(fullDb.length, customerDb.length)
  const last = Math.min(ECHO_MAX_LAG_HOPS, n - 51)
  let best = 0
  let bestCorrelation = ECHO_MIN_CORRELATION
  const consider = (lag: number, correlation: number) => {
    if (lag <= last && correlation > bestCorrelation) {
      bestCorrelation = correlation
      best = lag
    }
  }
  // Two lags a pass: the full track's sums are shared, and twice the running sums keep the
  // processor busy. Each sum still adds its frames in order, so each lag's figure is what a
  // pass of its own gives.
  for (let lag = 0; lag <= last; lag += 2) {
    const count = n - lag
    let sx = 0
    let sxx = 0
    let sy = 0
    let syy = 0
    let sxy = 0
    let ty = 0
    let tyy = 0
    let txy = 0
    for (let i = 0; i < count - 1; i++) {
      const x = fullDb[i] as number
      const y = customerDb[i + lag] as number
      const z = customerDb[i + lag + 1] as number
      sx += x
      sxx += x * x
      sy += y
      syy += y * y
      sxy += x * y
      ty += z
      tyy += z * z
      txy += x * z
    }
    // The next lag's sums are complete; this lag's take one more frame.
    const next = pearson(count - 1, sx, ty, sxx, tyy, txy)
    const x = fullDb[count - 1] as number
    const y = customerDb[count - 1 + lag] as number
    sx += x
    sxx += x * x
    sy += y
    syy += y * y
    sxy += x * y
    consider(lag, pearson(count, sx, sy, sxx, syy, sxy))
    consider(lag + 1, next)
  }
  return best
}

/** The correlation of x and y from their sums over `count` frames (0 when either is flat). */
function pearson(count: number, sx: number, sy: number, sxx: number, syy: number, sxy: number): number {
  const cov = sxy / count - (sx / count) * (sy / count)
  const vx = sxx / count - (sx / count) ** 2
  const vy = syy / count - (sy / count) ** 2
  return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : 0
}

/** A customer turn's frames must clear the median of the background heard while the robot talks
 * by BUSY_ON_DB to start and BUSY_OFF_DB to go on: the median, as the customer talking over the
 * robot, or ring-back running on under its first line, can make up much of what is heard then. */
const BUSY_ON_DB = 6
const BUSY_OFF_DB = 2
const BUSY_MIN_FRAMES = 100
/** ...and only where they are this share of the robot's talk at least: a background is there all
 * the time, while a few loud moments (a backchannel over the robot, AGC pumping up the echo at a
 * line's first words) are not background, and raising the bar to them hid every customer turn. */
const BUSY_MIN_SHARE = 0.1

/**
 * The customer's thresholds raised over what the customer's track carries while the robot talks
 * (babble, a busy room, noise lifted by AGC): the customer rarely speaks then, so whatever rises
 * there and is not the robot's echo is background a customer turn must stand out from.
 */
function busyThresholds(cExcess: Float64Array, base: Thresholds, robot: TrackLevels, allow: Uint8Array, lag: number): Thresholds {
  const values: number[] = []
  let talking = 0
  for (let i = lag; i < cExcess.length; i++) {
    if ((robot.excess[i - lag] as number) <= robot.thresholds.on + 6) continue
    talking++
    if (allow[i]) values.push(cExcess[i] as number)
  }
  if (values.length < BUSY_MIN_FRAMES || values.length < BUSY_MIN_SHARE * talking) return base
  const median = quantile(values, 0.5)
  const on = Math.max(base.on, median + BUSY_ON_DB)
  return { on, off: Math.min(on - 1, Math.max(base.off, median + BUSY_OFF_DB)) }
}

/** A quarter of the customer track's loud frames must cancel by this much for the tracks to count as mixed. */
const MIX_CANCEL_DB = -10
/**
 * Which of those frames decides: the robot talks over many of them (over most, where AGC holds
 * the customer's track as loud in its pauses as in speech) and there they do not cancel; where
 * the full track is no mix, none do.
 */
const MIX_TEST_QUANTILE = 0.25
/** Where the loudest tenth does not cancel, the frames this far (dB) over the customer track's
 * quiet ones (its QUIET_QUANTILE) are judged instead. */
const MIX_SPEECH_DB = 10
/** Robot speech must stand this far above what the customer's side leaves behind. */
const REMNANT_MARGIN_DB = 6

export interface MixResidual {
  /** Power per frame of the full track less the customer's track. */
  power: Float64Array
  /** The customer track's gain into the full track (amplitude). */
  gain: number
  /** How far the customer's loud frames cancel, dB (median). */
  cancelDb: number
}

/**
 * The full track's power per frame once the customer's track is taken out sample for sample, at
 * the least-squares gain, or null when the full track is not such a mix (the customer's loud
 * frames do not cancel) or the rates differ.
 */
export function mixResidual(fullTrack: DecodedTrack, customerTrack: DecodedTrack, fullDb: Float64Array, cDb: Float64Array): MixResidual | null {
  if (fullTrack.sampleRate !== customerTrack.sampleRate) return null
  const f = fullTrack.samples
  const c = customerTrack.samples
  const count = Math.min(f.length, c.length)
  // Per hop, the sums that give the residual's power at any gain g,
  // Σ(f − g·c)² = Σf² − 2g·Σfc + g²·Σc² (no residual track is kept). Σf² and Σc² are the
  // tracks' own hop sums, which their frame power has worked out already.
  const hop = Math.round(fullTrack.sampleRate * HOP_SEC)
  const hops = Math.floor(f.length / hop)
  const hopFF = hopSquareSums(f, hop)
  const customerSums = hopSquareSums(c, hop)
  const hopFC = new Float64Array(hops)
  const hopCC = new Float64Array(hops)
  let fc = 0
  let cc = 0
  // 16-bit products are integers whose per-hop sums are exact in any order (frame-power's
  // sumOfSquares): then two running sums, which need not wait on each other.
  const exact = f instanceof Int16Array && c instanceof Int16Array
  for (let h = 0; h < hops; h++) {
    const from = h * hop
    // Past the customer track's end its samples count as silence.
    const to = Math.min((h + 1) * hop, count)
    let sfc = 0
    if (exact) {
      let sfc1 = 0
      let i = from
      for (; i + 1 < to; i += 2) {
        sfc += (f[i] as number) * (c[i] as number)
        sfc1 += (f[i + 1] as number) * (c[i + 1] as number)
      }
      if (i < to) sfc += (f[i] as number) * (c[i] as number)
      sfc += sfc1
    } else {
      for (let i = from; i < to; i++) sfc += (f[i] as number) * (c[i] as number)
    }
    const scc = h < customerSums.length ? (customerSums[h] as number) : sumOfSquares(c, Math.min(from, count), to)
    hopFC[h] = sfc
    hopCC[h] = scc
    fc += sfc
    cc += scc
  }
  if (cc <= 0) return null
  const g = fc / cc
  const hopPower = new Float64Array(hops)
  const toPower = (fullTrack.scale * fullTrack.scale) / hop
  for (let h = 0; h < hops; h++) hopPower[h] = Math.max(0, (hopFF[h] as number) - 2 * g * (hopFC[h] as number) + g * g * (hopCC[h] as number)) * toPower
  const power = windowed(hopPower)
  // Judged on the customer track's loudest tenth, where it makes up much of the full track.
  const judge = (loudest: number) => {
    const cancel: number[] = []
    for (let i = 0; i < power.length && i < cDb.length; i++) {
      if ((cDb[i] as number) >= loudest && (cDb[i] as number) > (fullDb[i] as number) - 6) cancel.push(10 * Math.log10(power[i] as number) - (fullDb[i] as number))
    }
    return cancel.length >= 50 && quantile(cancel, MIX_TEST_QUANTILE) < MIX_CANCEL_DB ? quantile(cancel, 0.5) : null
  }
  let cancelDb = judge(quantile(cDb, 0.9))
  // A quiet customer's loudest tenth is mostly the line's noise, and the full track carries noise of
  // its own that no customer track cancels: then the customer's speech decides.
  if (cancelDb === null) cancelDb = judge(quantile(soundingLevels(cDb), QUIET_QUANTILE) + MIX_SPEECH_DB)
  return cancelDb !== null ? { power, gain: g * (fullTrack.scale / customerTrack.scale), cancelDb } : null
}

/**
 * Each frame's largest value over itself and the `reach` frames before it, in one pass: a queue
 * of the frames that could still be the largest, each smaller than the one before it.
 */
export function recentMax(values: Float64Array, reach: number): Float64Array {
  const n = values.length
  const out = new Float64Array(n)
  const queue = new Int32Array(n)
  let head = 0
  let tail = 0
  for (let i = 0; i < n; i++) {
    const v = values[i] as number
    while (tail > head && (values[queue[tail - 1] as number] as number) <= v) tail--
    queue[tail++] = i
    if ((queue[head] as number) < i - reach) head++
    out[i] = values[queue[head] as number] as number
  }
  return out
}

function padded(values: Float64Array, length: number, fill: number): Float64Array {
  if (values.length === length) return values
  const out = new Float64Array(length).fill(fill)
  out.set(values.subarray(0, Math.min(length, values.length)))
  return out
}
