// Who speaks, on a full track alone. The robot speaks one synthetic voice through a digital path
// and the customer speaks through a telephone line, so their spectra differ in shape call after
// call. A first alignment teaches each voice's spectral shape (mel cepstra, level left out so AGC
// and loudness cannot decide): the robot's from its confidently placed lines, the customer's from
// whatever speech lies away from every robot line. A mixture of Gaussians per voice then labels
// every speech frame, and the regions are cut where the voice changes.
import { HOP_SEC } from './frame-power'
import type { DecodedTrack } from './wav-input'
import type { Region } from './speech-regions'
import { quantile } from './stats'
import { FFT_SIZE, hopSpectrum, spectrumBins, spectrumRate, SPECTRUM_HIGH_HZ, SPECTRUM_LOW_HZ, SPECTRUM_STEP_HOPS, type SpectrumListener } from './tonality'

/** Cepstra on the hops the tonality pass takes spectra of (every other hop, 20 ms): a voice's
 * shape changes slower than that. */
const STEP_HOPS = SPECTRUM_STEP_HOPS
const MEL_FILTERS = 20
/** Cepstral coefficients 1..CEPSTRA (0, the level, is left out). componentLogs is written out for 12. */
export const CEPSTRA = 12
/** Frames this far (dB) below their region's loud frames are pauses inside it: no vote. */
const QUIET_DB = 20

export interface VoiceFrames {
  /** Analysed hops (every STEP_HOPS-th hop inside a region), ascending. */
  hops: Int32Array
  /** CEPSTRA values per analysed hop. */
  cepstra: Float64Array
  /** 1 where the frame is loud enough in its region to say whose voice it is. */
  voiced: Uint8Array
}

interface MelBank {
  /** Per filter: its first bin, and where its weights start in `weights` (filter f's end at f + 1). */
  first: Int32Array
  offsets: Int32Array
  /** Every filter's weights, one after another (one array: a frame's filters read it in a row). */
  weights: Float64Array
}

const banks = new Map<number, MelBank>()

/** Triangular filters evenly spaced in mel over the telephone band, for a spectrum at `sampleRate`. */
function melBank(sampleRate: number): MelBank {
  const known = banks.get(sampleRate)
  if (known) return known
  const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700)
  const hz = (m: number) => 700 * (Math.pow(10, m / 2595) - 1)
  const [lowMel, highMel] = [mel(SPECTRUM_LOW_HZ), mel(SPECTRUM_HIGH_HZ)]
  const edges = Array.from({ length: MEL_FILTERS + 2 }, (_, i) => hz(lowMel + ((highMel - lowMel) * i) / (MEL_FILTERS + 1)))
  const binHz = spectrumRate(sampleRate) / FFT_SIZE
  const [lowBin, highBin] = spectrumBins(sampleRate)
  const first = new Int32Array(MEL_FILTERS)
  const rows: Float64Array[] = []
  for (let f = 0; f < MEL_FILTERS; f++) {
    const [lo, mid, hi] = [edges[f] as number, edges[f + 1] as number, edges[f + 2] as number]
    const a = Math.max(lowBin, Math.ceil(lo / binHz))
    const b = Math.min(highBin, Math.floor(hi / binHz))
    first[f] = a
    const w = new Float64Array(Math.max(0, b - a + 1))
    for (let k = a; k <= b; k++) {
      const x = k * binHz
      w[k - a] = x <= mid ? (x - lo) / (mid - lo) : (hi - x) / (hi - mid)
    }
    rows.push(w)
  }
  const offsets = new Int32Array(MEL_FILTERS + 1)
  rows.forEach((w, f) => (offsets[f + 1] = (offsets[f] as number) + w.length))
  const weights = new Float64Array(offsets[MEL_FILTERS] as number)
  rows.forEach((w, f) => weights.set(w, offsets[f] as number))
  const bank = { first, offsets, weights }
  banks.set(sampleRate, bank)
  return bank
}

/**
 * The DCT-II from `filters` log energies to coefficients 1..`coefficients`, written to `out` at
 * `at`. Filter M-1-f's cosine is filter f's for even coefficients and its negative for odd ones,
 * so each coefficient sums half the filters over mirrored sums (even) or differences (odd): half
 * the multiplications. An odd count's middle filter is its own mirror and is added alone.
 */
export function mirroredDct(filters: number, coefficients: number): (logMel: Float64Array, out: Float64Array, at: number) => void {
  const half = Math.floor(filters / 2)
  const middle = filters % 2 === 1 ? half : -1
  const table = Float64Array.from({ length: coefficients * half }, (_, i) => Math.cos((Math.PI * (Math.floor(i / half) + 1) * ((i % half) + 0.5)) / filters))
  const middleCos = Float64Array.from({ length: coefficients }, (_, c) => (middle < 0 ? 0 : Math.cos((Math.PI * (c + 1) * (middle + 0.5)) / filters)))
  const sums = new Float64Array(half)
  const diffs = new Float64Array(half)
  return (logMel, out, at) => {
    for (let f = 0; f < half; f++) {
      const a = logMel[f] as number
      const b = logMel[filters - 1 - f] as number
      sums[f] = a + b
      diffs[f] = a - b
    }
    const centre = middle < 0 ? 0 : (logMel[middle] as number)
    // Coefficient c + 1: odd ones (c even) take the differences, even ones the sums.
    for (let c = 0; c < coefficients; c++) {
      const folded = c % 2 === 0 ? diffs : sums
      let sum = (middleCos[c] as number) * centre
      for (let f = 0, d = c * half; f < half; f++) sum += (table[d + f] as number) * (folded[f] as number)
      out[at + c] = sum
    }
  }
}

const cepstraOf = mirroredDct(MEL_FILTERS, CEPSTRA)

/**
 * A track's cepstra and level per analysed hop, kept as the tonality pass hears its spectra
 * (`listener`), so each spectrum is taken once; a hop it did not hear is taken when asked for.
 */
export class VoiceSpectra {
  private readonly cepstra: Float64Array
  private readonly level: Float64Array
  private readonly heard: Uint8Array
  private readonly bank: MelBank
  private readonly logMel = new Float64Array(MEL_FILTERS)
  private readonly power = new Float64Array(FFT_SIZE / 2 + 1)
  private readonly bins: [number, number]

  constructor(private readonly track: DecodedTrack) {
    const steps = Math.ceil(track.samples.length / Math.round(track.sampleRate * HOP_SEC) / STEP_HOPS) + 1
    this.cepstra = new Float64Array(steps * CEPSTRA)
    this.level = new Float64Array(steps)
    this.heard = new Uint8Array(steps)
    this.bank = melBank(track.sampleRate)
    this.bins = spectrumBins(track.sampleRate)
  }

  readonly listener: SpectrumListener = (hop, power) => {
    if (hop % STEP_HOPS === 0) this.keep(hop / STEP_HOPS, power)
  }

  private keep(step: number, power: Float64Array): void {
    if (step >= this.heard.length) return
    const { first, offsets, weights } = this.bank
    const logMel = this.logMel
    let total = 0
    for (let f = 0; f < MEL_FILTERS; f++) {
      let e = 1e-10
      for (let j = offsets[f] as number, end = offsets[f + 1] as number, k = first[f] as number; j < end; j++, k++) e += (weights[j] as number) * (power[k] as number)
      logMel[f] = Math.log(e)
      total += e
    }
    this.level[step] = 10 * Math.log10(total)
    cepstraOf(logMel, this.cepstra, step * CEPSTRA)
    this.heard[step] = 1
  }

  /** Hop `hop`'s cepstra into `out` at `at`; its level (dB) returned. */
  read(hop: number, out: Float64Array, at: number): number {
    const step = hop / STEP_HOPS
    if (!this.heard[step]) {
      hopSpectrum(this.track.samples, this.track.scale, this.track.sampleRate, hop, this.power, this.bins[0], this.bins[1])
      this.keep(step, this.power)
    }
    // A copy by hand: a subarray per frame would make thousands of objects per call.
    for (let c = 0, from = step * CEPSTRA; c < CEPSTRA; c++) out[at + c] = this.cepstra[from + c] as number
    return this.level[step] as number
  }
}

/** Each region's analysed frames, [first, end) indexes into `hops` (ascending, as voiceFrames lays them out). */
function framesOfRegions(hops: Int32Array | readonly number[], regions: readonly Region[]): [number, number][] {
  const out: [number, number][] = []
  let n = 0
  for (const r of regions) {
    const first = n
    const end = Math.round(r.end / HOP_SEC)
    while (n < hops.length && (hops[n] as number) < end) n++
    out.push([first, n])
  }
  return out
}

/** Mel cepstra of the hops inside the regions, every STEP_HOPS-th. */
export function voiceFrames(spectra: VoiceSpectra, regions: readonly Region[]): VoiceFrames {
  const hops: number[] = []
  for (const r of regions) {
    const from = Math.ceil(Math.round(r.start / HOP_SEC) / STEP_HOPS) * STEP_HOPS
    for (let h = from; h < Math.round(r.end / HOP_SEC); h += STEP_HOPS) hops.push(h)
  }
  const cepstra = new Float64Array(hops.length * CEPSTRA)
  const energy = new Float64Array(hops.length)
  for (let n = 0; n < hops.length; n++) energy[n] = spectra.read(hops[n] as number, cepstra, n * CEPSTRA)
  // Loud enough: within QUIET_DB of the region's loud frames (its 80th percentile).
  const voiced = new Uint8Array(hops.length)
  for (const [first, n] of framesOfRegions(hops, regions)) {
    if (n === first) continue
    const loud = quantile(energy.subarray(first, n), 0.8)
    for (let q = first; q < n; q++) voiced[q] = (energy[q] as number) > loud - QUIET_DB ? 1 : 0
  }
  return { hops: Int32Array.from(hops), cepstra, voiced }
}

/** Each side's voice: a mixture of this many diagonal Gaussians, fitted in EM_ROUNDS rounds. */
const COMPONENTS = 6
const EM_ROUNDS = 4
/** No component's variance falls under this share of the side's own (one phoneme must not make a spike). */
const VARIANCE_FLOOR = 0.05
const FRAMES_PER_COMPONENT = 25
const NEGLIGIBLE_SHARE = 1e-4
/** Frames per voice a model is fitted to, spread evenly over the call (a long call costs no more). */
const MAX_TEACHING = 500

/** A mixture of diagonal Gaussians over the cepstra. */
interface Mixture {
  means: Float64Array
  /** 1 / variance per component and coefficient. */
  precisions: Float64Array
  /** log weight − ½ Σ log variance, per component. */
  offsets: Float64Array
}

export interface VoiceModel {
  robot: Mixture
  customer: Mixture
}

/** Each component's log density at a frame (constants common to every mixture left out) into `out`; the largest returned. */
function componentLogs(m: Mixture, x: Float64Array, at: number, out: Float64Array): number {
  const { means, precisions, offsets } = m
  const k = offsets.length
  // The frame's CEPSTRA (12) values in locals and the sum written out: read once for every
  // component, and no loop over the coefficients (the voices' hottest lines: about twice as fast).
  const x0 = x[at] as number, x1 = x[at + 1] as number, x2 = x[at + 2] as number, x3 = x[at + 3] as number
  const x4 = x[at + 4] as number, x5 = x[at + 5] as number, x6 = x[at + 6] as number, x7 = x[at + 7] as number
  const x8 = x[at + 8] as number, x9 = x[at + 9] as number, x10 = x[at + 10] as number, x11 = x[at + 11] as number
  let best = -Infinity
  for (let j = 0, r = 0; j < k; j++, r += CEPSTRA) {
    const e0 = x0 - (means[r] as number), e1 = x1 - (means[r + 1] as number), e2 = x2 - (means[r + 2] as number), e3 = x3 - (means[r + 3] as number)
    const e4 = x4 - (means[r + 4] as number), e5 = x5 - (means[r + 5] as number), e6 = x6 - (means[r + 6] as number), e7 = x7 - (means[r + 7] as number)
    const e8 = x8 - (means[r + 8] as number), e9 = x9 - (means[r + 9] as number), e10 = x10 - (means[r + 10] as number), e11 = x11 - (means[r + 11] as number)
    const q =
      e0 * e0 * (precisions[r] as number) + e1 * e1 * (precisions[r + 1] as number) + e2 * e2 * (precisions[r + 2] as number) + e3 * e3 * (precisions[r + 3] as number) +
      e4 * e4 * (precisions[r + 4] as number) + e5 * e5 * (precisions[r + 5] as number) + e6 * e6 * (precisions[r + 6] as number) + e7 * e7 * (precisions[r + 7] as number) +
      e8 * e8 * (precisions[r + 8] as number) + e9 * e9 * (precisions[r + 9] as number) + e10 * e10 * (precisions[r + 10] as number) + e11 * e11 * (precisions[r + 11] as number)
    const v = (offsets[j] as number) - 0.5 * q
    out[j] = v
    if (v > best) best = v
  }
  return best
}

/** log Σ exp of the components' logs (componentLogs' output), given their largest. */
function logSumExp(logs: Float64Array, best: number): number {
  let sum = 0
  for (let j = 0; j < logs.length; j++) sum += Math.exp((logs[j] as number) - best)
  return best + Math.log(sum)
}

/** Each component's share of the frame at `at` into `out` (they sum to 1). */
function responsibilities(m: Mixture, x: Float64Array, at: number, out: Float64Array): void {
  const best = componentLogs(m, x, at, out)
  const k = m.offsets.length
  let sum = 0
  for (let j = 0; j < k; j++) {
    const e = Math.exp((out[j] as number) - best)
    out[j] = e
    sum += e
  }
  for (let j = 0; j < k; j++) out[j] = (out[j] as number) / sum
}

/** Each coefficient's mean and variance over the frames listed (indexes into the cepstra `x`). */
export function cepstralMoments(x: Float64Array, list: ArrayLike<number>): { mean: Float64Array; variance: Float64Array } {
  const d = CEPSTRA
  const n = list.length
  const mean = new Float64Array(d)
  const variance = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let c = 0, f = list[i] as number; c < d; c++) mean[c] = (mean[c] as number) + (x[f * d + c] as number) / n
  for (let i = 0; i < n; i++) for (let c = 0, f = list[i] as number; c < d; c++) variance[c] = (variance[c] as number) + ((x[f * d + c] as number) - (mean[c] as number)) ** 2 / n
  return { mean, variance }
}

/** A mixture fitted to the frames listed (indexes into the cepstra), by EM from evenly spread frames. */
function fitMixture(x: Float64Array, list: Int32Array): Mixture {
  const d = CEPSTRA
  // Few frames make few components: each needs FRAMES_PER_COMPONENT to be more than one sound.
  const k = Math.max(1, Math.min(COMPONENTS, Math.floor(list.length / FRAMES_PER_COMPONENT)))
  const n = list.length
  const { variance } = cepstralMoments(x, list)
  const m: Mixture = { means: new Float64Array(k * d), precisions: new Float64Array(k * d), offsets: new Float64Array(k) }
  for (let j = 0; j < k; j++) {
    const f = list[Math.floor(((j + 0.5) * n) / k)] as number
    for (let c = 0; c < d; c++) {
      m.means[j * d + c] = x[f * d + c] as number
      m.precisions[j * d + c] = 1 / (variance[c] as number)
    }
  }
  const setOffsets = (weights: Float64Array) => {
    for (let j = 0; j < k; j++) {
      let logDet = 0
      for (let c = 0; c < d; c++) logDet -= Math.log(m.precisions[j * d + c] as number)
      m.offsets[j] = Math.log(weights[j] as number) - 0.5 * logDet
    }
  }
  setOffsets(new Float64Array(k).fill(1 / k))
  const resp = new Float64Array(k)
  const weight = new Float64Array(k)
  const sum = new Float64Array(k * d)
  const square = new Float64Array(k * d)
  for (let round = 0; round < EM_ROUNDS; round++) {
    weight.fill(0)
    sum.fill(0)
    square.fill(0)
    for (let i = 0; i < n; i++) {
      const at = (list[i] as number) * d
      responsibilities(m, x, at, resp)
      for (let j = 0, row = 0; j < k; j++, row += d) {
        const r = resp[j] as number
        // A component with next to no share of the frame learns nothing from it.
        if (r < NEGLIGIBLE_SHARE) continue
        weight[j] = (weight[j] as number) + r
        for (let c = 0; c < d; c++) {
          const v = x[at + c] as number
          const rv = r * v
          sum[row + c] = (sum[row + c] as number) + rv
          square[row + c] = (square[row + c] as number) + rv * v
        }
      }
    }
    for (let j = 0; j < k; j++) {
      const w = Math.max(1e-9, weight[j] as number)
      for (let c = 0; c < d; c++) {
        const mu = (sum[j * d + c] as number) / w
        m.means[j * d + c] = mu
        m.precisions[j * d + c] = 1 / Math.max(VARIANCE_FLOOR * (variance[c] as number), (square[j * d + c] as number) / w - mu * mu)
      }
      weight[j] = Math.max(1e-3, w / n)
    }
    setOffsets(weight)
  }
  return m
}

/**
 * Each side's voice as a mixture of Gaussians over its cepstra, from the frames the first
 * placement gives it; null without enough of either side.
 */
export function learnVoices(frames: VoiceFrames, robot: Uint8Array, customer: Uint8Array, minFrames = 25): VoiceModel | null {
  const pick = (side: Uint8Array) => {
    const list: number[] = []
    for (let f = 0; f < frames.hops.length; f++) if (side[f] && frames.voiced[f]) list.push(f)
    // A long call teaches from frames spread evenly over it, no more than MAX_TEACHING.
    const stride = Math.max(1, list.length / MAX_TEACHING)
    return Int32Array.from({ length: Math.min(list.length, MAX_TEACHING) }, (_, i) => list[Math.floor(i * stride)] as number)
  }
  const r = pick(robot)
  const c = pick(customer)
  if (r.length < minFrames || c.length < minFrames) return null
  return { robot: fitMixture(frames.cepstra, r), customer: fitMixture(frames.cepstra, c) }
}

/** A frame's say is capped: one odd sound must not outvote the frames around it. */
const MAX_SCORE = 5

/** Each voiced frame's log-likelihood ratio, capped at ±MAX_SCORE: above 0 the robot's voice, below the customer's (0 unvoiced). */
export function voiceScores(frames: VoiceFrames, model: VoiceModel): Float64Array {
  const out = new Float64Array(frames.hops.length)
  const { robot, customer } = model
  const robotLogs = new Float64Array(robot.offsets.length)
  const customerLogs = new Float64Array(customer.offsets.length)
  // A mixture's log-likelihood lies between its best component's and that + log(components):
  // where the best components alone put the ratio past the cap, the sums cannot bring it back.
  const robotSpread = Math.log(robot.offsets.length)
  const customerSpread = Math.log(customer.offsets.length)
  for (let f = 0; f < out.length; f++) {
    if (!frames.voiced[f]) continue
    const at = f * CEPSTRA
    const r = componentLogs(robot, frames.cepstra, at, robotLogs)
    const c = componentLogs(customer, frames.cepstra, at, customerLogs)
    if (r - c - customerSpread >= MAX_SCORE) out[f] = MAX_SCORE
    else if (c - r - robotSpread >= MAX_SCORE) out[f] = -MAX_SCORE
    else out[f] = Math.max(-MAX_SCORE, Math.min(MAX_SCORE, logSumExp(robotLogs, r) - logSumExp(customerLogs, c)))
  }
  return out
}

/** Scores are averaged over ±SMOOTH_FRAMES analysed frames (0.4 s), not across a pause longer than PAUSE_FRAMES. */
const SMOOTH_FRAMES = Math.round(40 / STEP_HOPS)
const PAUSE_FRAMES = Math.round(16 / STEP_HOPS)
/** A stretch of one voice shorter than this (s) is the voice around it. */
const MIN_VOICE_SEC = 0.3

export interface PlacedLine {
  start: number
  end: number
  speaker: 0 | 1
  confidence: number
}

/** The analysed frames (indexes) from `from` to `to` seconds. */
function framesBetween(frames: VoiceFrames, from: number, to: number): [number, number] {
  const a = Math.round(from / HOP_SEC)
  const b = Math.round(to / HOP_SEC)
  let lo = 0
  let hi = frames.hops.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((frames.hops[mid] as number) < a) lo = mid + 1
    else hi = mid
  }
  let end = lo
  while (end < frames.hops.length && (frames.hops[end] as number) < b) end++
  return [lo, end]
}

/**
 * The frames that teach each voice: the robot's are inside robot lines placed at least
 * `minConfidence`, their edges (`trimSec`) left out; the customer's are every other speech frame
 * at least `trimSec` * 2 from any robot line. The customer says little, and the first placement
 * often places it loosely, but what is not the robot is the customer (or what the line adds):
 * it teaches the other side well enough, and many more frames of it.
 */
export function teachingFrames(frames: VoiceFrames, lines: readonly PlacedLine[], minConfidence: number, trimSec: number): [Uint8Array, Uint8Array] {
  const robot = new Uint8Array(frames.hops.length)
  const customer = new Uint8Array(frames.hops.length).fill(1)
  for (const line of lines) {
    if (line.speaker !== 0) continue
    const [near, nearEnd] = framesBetween(frames, line.start - 2 * trimSec, line.end + 2 * trimSec)
    customer.fill(0, near, nearEnd)
    if (line.confidence < minConfidence) continue
    const [inside, insideEnd] = framesBetween(frames, line.start + trimSec, line.end - trimSec)
    if (insideEnd > inside) robot.fill(1, inside, insideEnd)
  }
  return [robot, customer]
}

/** A run of one voice inside a region: [side, first voiced index, last voiced index]. */
type VoiceRun = [0 | 1, number, number]

/**
 * The regions cut where the voice changes: the robot's stretches as stream 0, the customer's as
 * stream 1. Each voiced frame's score is averaged over its neighbours in the same stretch of
 * speech; a stretch of one voice too short to be a turn goes to the voice around it.
 */
export function splitByVoice(regions: readonly Region[], frames: VoiceFrames, scores: Float64Array): Region[] {
  const out: Region[] = []
  const spans = framesOfRegions(frames.hops, regions)
  regions.forEach((r, i) => {
    const [first, n] = spans[i] as [number, number]
    const voiced: number[] = []
    for (let q = first; q < n; q++) if (frames.voiced[q]) voiced.push(q)
    if (voiced.length === 0) {
      out.push({ ...r, stream: 0 })
      return
    }
    // Smoothed score per voiced frame, within its stretch (no pause over PAUSE_FRAMES between),
    // by prefix sums over the voiced frames.
    const prefix = new Float64Array(voiced.length + 1)
    const stretchStart = new Int32Array(voiced.length)
    for (let k = 0; k < voiced.length; k++) {
      prefix[k + 1] = (prefix[k] as number) + (scores[voiced[k] as number] as number)
      const pause = k > 0 && (frames.hops[voiced[k] as number] as number) - (frames.hops[voiced[k - 1] as number] as number) > PAUSE_FRAMES * STEP_HOPS
      stretchStart[k] = k === 0 || pause ? k : (stretchStart[k - 1] as number)
    }
    const smooth = new Float64Array(voiced.length)
    for (let k = voiced.length - 1, stretchEnd = k; k >= 0; k--) {
      const lo = Math.max(k - SMOOTH_FRAMES, stretchStart[k] as number)
      const hi = Math.min(k + SMOOTH_FRAMES, stretchEnd)
      smooth[k] = ((prefix[hi + 1] as number) - (prefix[lo] as number)) / (hi - lo + 1)
      if (stretchStart[k] === k) stretchEnd = k - 1
    }
    const runs: VoiceRun[] = []
    smooth.forEach((s, k) => {
      const side: 0 | 1 = s >= 0 ? 0 : 1
      const last = runs[runs.length - 1]
      if (last && last[0] === side) last[2] = k
      else runs.push([side, k, k])
    })
    const lengthOf = (run: VoiceRun) => ((frames.hops[voiced[run[2]] as number] as number) - (frames.hops[voiced[run[1]] as number] as number) + STEP_HOPS) * HOP_SEC
    // The shortest stretch under MIN_VOICE_SEC joins its neighbours, until none is left.
    for (;;) {
      let shortest = -1
      for (let k = 0; k < runs.length; k++) {
        const length = lengthOf(runs[k] as VoiceRun)
        if (runs.length > 1 && length < MIN_VOICE_SEC && (shortest < 0 || length < lengthOf(runs[shortest] as VoiceRun))) shortest = k
      }
      if (shortest < 0) break
      const run = runs[shortest] as VoiceRun
      const before = runs[shortest - 1]
      const after = runs[shortest + 1]
      if (before && after) {
        before[2] = after[2]
        runs.splice(shortest, 2)
      } else if (before) {
        before[2] = run[2]
        runs.splice(shortest, 1)
      } else if (after) {
        after[1] = run[1]
        runs.splice(shortest, 1)
      }
    }
    runs.forEach((run, k) => {
      const start = k === 0 ? r.start : (frames.hops[voiced[run[1]] as number] as number) * HOP_SEC
      const stop = k === runs.length - 1 ? r.end : ((frames.hops[voiced[run[2]] as number] as number) + STEP_HOPS) * HOP_SEC
      out.push({ stream: run[0], start, end: stop, ...(k === 0 && r.onset !== undefined ? { onset: r.onset } : {}) })
    })
  })
  return out
}

/** The robot's share (stream 0) of the seconds of speech the voices give either side. */
function robotVoiceShare(voices: readonly Region[]): number {
  let robot = 0
  let all = 0
  for (const r of voices) {
    all += r.end - r.start
    if (r.stream === 0) robot += r.end - r.start
  }
  return all > 0 ? robot / all : 0.5
}

/** How much closer to the text's share the flipped voices' share must be to try them. */
const SWAPPED_SHARE_MARGIN = 0.4

/**
 * A placement (`place`) on the voices, or on them flipped. Voices taught from a placement that
 * went wrong can learn each other's side: the robot's share of the speech is then far from its
 * share of the text (`textShare`) and the flipped share near it. Then both are placed, and the
 * flipped voices kept if their placement costs less.
 */
export function placeOnVoices<P extends { cost: number }>(voices: Region[], textShare: number, place: (list: Region[]) => P): [P, Region[]] {
  const placed = place(voices)
  const share = robotVoiceShare(voices)
  if (Math.abs(1 - share - textShare) > Math.abs(share - textShare) - SWAPPED_SHARE_MARGIN) return [placed, voices]
  const flipped = voices.map((r): Region => ({ ...r, stream: r.stream === 0 ? 1 : 0 }))
  const other = place(flipped)
  return other.cost < placed.cost ? [other, flipped] : [placed, voices]
}

/**
 * One more round of voices where the last round moved a line the one before had placed
 * (`unsettled`): `next` teaches the voices from the last placement and places on them again, and
 * that placement is kept only if it costs less and is, on the whole, as sure of its lines. The
 * rounds place the same speech at the same speaking rates, so their costs compare: voices taught
 * from a shifted placement tell the speakers apart so that the transcript fits them worse (a
 * fourth round taken as it came lost points on some development sets). A placement that costs
 * less but is less sure has fitted its lines loosely: a clean call's cheaper one was every line
 * shifted by one.
 */
export function cheaperRound<P extends { cost: number; confidence: readonly number[] }, V>(last: [P, V], unsettled: boolean, next: () => [P, V] | null): [P, V] {
  if (!unsettled) return last
  const again = next()
  const sure = (p: P) => p.confidence.reduce((sum, c) => sum + c, 0) / Math.max(1, p.confidence.length)
  return again && again[0].cost < last[0].cost && sure(again[0]) >= sure(last[0]) ? again : last
}

/** A last placement costing more than this per line has not fitted its lines to the voices. On
 * six development sets' calls on one track, those placed right cost 0.6 per line at the median
 * (three in four under 0.9), those with most midpoints outside their turns 3.9 (three in four
 * over 2.4). */
export const REFIT_COST_PER_LINE = 1
/** The first placement's speaking rate is taken times each of these to start the voices again
 * (on the development sets these two, with the last round taught again, gained as much as eight
 * from ×0.5 to ×2). */
export const REFIT_RATE_FACTORS: readonly number[] = [0.9, 1.1]
/** Only calls up to this long (s) are started again: each start costs about what the rounds of
 * voices cost, and the three (with the last round taught again) keep a 90-second call within the
 * 50 ms a 3-minute call may take. Longer calls keep their rounds. */
export const REFIT_MAX_SEC = 90

/** Whether rounds whose last placement costs `costPerLine` are started again on a call of `durationSec`. */
export function startsAgain(costPerLine: number, durationSec: number): boolean {
  return costPerLine > REFIT_COST_PER_LINE && durationSec <= REFIT_MAX_SEC
}

/**
 * The rounds of voices (`kept`) or, where their last placement has not fitted the call's `lines`
 * lines and the call lasts no more than REFIT_MAX_SEC (`durationSec`), the cheapest of those and
 * of rounds started again from a first placement at each other speaking rate (`startAt`, null
 * where it teaches too little), then taught once more from that one's last placement (`again`).
 * A first placement that went wrong teaches the voices wrong, and the rounds after it rarely
 * recover; another rate lays the lines differently over the same speech. Every start places the
 * same speech at the speaking rates it measured itself, so a cost also says how well one rate
 * per speaker fits every line.
 */
export function fromOtherStarts<R extends { cost: number }>(kept: R, durationSec: number, lines: number, startAt: (rateFactor: number) => R | null, again: (last: R) => R | null): R {
  if (!startsAgain(kept.cost / lines, durationSec)) return kept
  let best = kept
  for (const factor of REFIT_RATE_FACTORS) {
    const started = startAt(factor)
    if (started && started.cost < best.cost) best = started
  }
  const polished = again(best)
  return polished && polished.cost < best.cost ? polished : best
}
