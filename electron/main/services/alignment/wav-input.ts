// The recordings the engine accepts: 16-bit PCM, or the 8-bit codes telephone systems store
// (G.711 A-law and μ-law, as the platform keeps calls, and 8-bit PCM), at 8 or 16 kHz (any other
// rate from 8 to 192 kHz is brought to 8), mono (two channels are averaged, which is harmless for
// a mono call copied to both sides; decodeChannels reads them apart, for a recorder that keeps each
// side of the call on its own). Anything else
// is refused by name, so a wrong export from a telephony system fails loudly instead of aligning
// garbage.
import { byteSampleTable, readWavInfo, WavFormatError, type WavInfo } from '../wav'
import { AlignmentInputError } from './errors'

export interface DecodedTrack {
  /** Raw 16-bit samples for mono files (no float copy: decoding dominated the compute time). */
  samples: Int16Array | Float32Array
  /** Multiplies a sample to full scale -1..1. */
  scale: number
  sampleRate: number
}

const ACCEPTED_RATES = new Set([8000, 16000])

/** The file's format, checked: what the engine cannot read is refused by name. */
function checkedInfo(bytes: Uint8Array, label: string): { info: WavInfo; table: Int16Array | null } {
  let info
  try {
    info = readWavInfo(bytes)
  } catch (error) {
    const reason = error instanceof WavFormatError ? error.message : String(error)
    throw new AlignmentInputError(`${label} recording: ${reason}`)
  }
  const table = byteSampleTable(info.format, info.bitsPerSample)
  if ((info.format !== 1 || info.bitsPerSample !== 16) && !table) {
    const encoding = info.format === 1 ? `${info.bitsPerSample}-bit PCM` : info.format === 3 ? 'floating point' : info.format === 6 ? `${info.bitsPerSample}-bit A-law` : info.format === 7 ? `${info.bitsPerSample}-bit μ-law` : `format ${info.format}`
    throw new AlignmentInputError(`${label} recording is ${encoding}; only 16-bit PCM, 8-bit PCM or 8-bit A-law / μ-law is supported`)
  }
  if (!ACCEPTED_RATES.has(info.sampleRate) && (info.sampleRate < MIN_OTHER_RATE || info.sampleRate > MAX_OTHER_RATE)) {
    throw new AlignmentInputError(`${label} recording is ${info.sampleRate} Hz; only ${MIN_OTHER_RATE}–${MAX_OTHER_RATE} Hz is supported`)
  }
  if (info.channels < 1 || info.channels > 2) {
    throw new AlignmentInputError(`${label} recording has ${info.channels} channels; only mono or two channels are supported`)
  }
  return { info, table }
}

export function decodeTrack(bytes: Uint8Array, label: string): DecodedTrack {
  const { info, table } = checkedInfo(bytes, label)
  const decoded = table ? byteSamples(bytes, info, table) : pcm16Samples(bytes, info)
  return trackAt(withoutOffset(decoded.samples, decoded.scale), decoded.scale, info.sampleRate)
}

/** The track at an accepted rate as read, at ANALYSIS_RATE from any other. */
function trackAt(samples: Int16Array | Float32Array, scale: number, sampleRate: number): DecodedTrack {
  // A literal, not a spread of pcm16Samples' object: V8 gave spread copies a hidden class of their
  // own on about a third of the calls, and every function reading the track was thrown away again.
  if (ACCEPTED_RATES.has(sampleRate)) return { samples, scale, sampleRate }
  return { samples: toAnalysisRate(samples, sampleRate), scale, sampleRate: ANALYSIS_RATE }
}

/** A constant offset past this (full scale; 16 of 32768, −66 dBFS, under any line's noise) is taken out. */
const MAX_OFFSET = 16 / 32768

/**
 * The samples less their mean, where it is more than MAX_OFFSET of full scale: a recorder's DC
 * offset lifts every hop's level alike, a floor the speech bars were not set for (development set
 * 7 with 2 % of full scale added: one-track midpoints inside 92.8 → 87.8 %, two-track 99.9 → 99.3
 * %). A constant, so a full and a customer track still cancel sample for sample. Mono 16-bit
 * samples are a view of the caller's bytes: they are copied, not changed, and none is copied where
 * there is no offset.
 */
function withoutOffset<T extends Int16Array | Float32Array>(samples: T, scale: number): T {
  // Looked for on every OFFSET_STRIDE-th sample (a mean good to a few of 32768 on speech), then
  // measured on all where there is one.
  if (Math.abs(meanOf(samples, OFFSET_STRIDE) * scale) <= MAX_OFFSET / 2) return samples
  const mean = meanOf(samples, 1)
  if (Math.abs(mean * scale) <= MAX_OFFSET) return samples
  if (samples instanceof Float32Array) return samples.map((v) => v - mean) as T
  const offset = Math.round(mean)
  return Int16Array.from(samples, (v) => Math.max(-32768, Math.min(32767, v - offset))) as T
}

const OFFSET_STRIDE = 8

/** The mean of every `stride`-th sample. */
function meanOf(samples: Int16Array | Float32Array, stride: number): number {
  let sum = 0
  let count = 0
  for (let i = 0; i < samples.length; i += stride, count++) sum += samples[i] as number
  return count ? sum / count : 0
}

/** Other rates (a recorder's 11.025, 22.05, 32, 44.1 or 48 kHz) are brought to ANALYSIS_RATE. */
const ANALYSIS_RATE = 8000
const MIN_OTHER_RATE = 8000
const MAX_OTHER_RATE = 192000

/**
 * `samples` at `rate` brought to ANALYSIS_RATE: each output sample the mean of the input over its
 * own span (a box the width of an output sample: the telephone band passes, and what lies above
 * 4 kHz is damped rather than folded in whole). Linear, so a full track and a customer track at
 * one rate still cancel sample for sample afterwards.
 */
function toAnalysisRate(samples: Int16Array | Float32Array, rate: number): Int16Array | Float32Array {
  const prefix = new Float64Array(samples.length + 1)
  for (let i = 0; i < samples.length; i++) prefix[i + 1] = (prefix[i] as number) + (samples[i] as number)
  const ratio = rate / ANALYSIS_RATE
  const count = Math.floor(samples.length / ratio)
  const out = samples instanceof Int16Array ? new Int16Array(count) : new Float32Array(count)
  for (let j = 0; j < count; j++) {
    const lo = Math.round(j * ratio)
    const hi = Math.max(lo + 1, Math.min(samples.length, Math.round((j + 1) * ratio)))
    const mean = ((prefix[hi] as number) - (prefix[lo] as number)) / (hi - lo)
    out[j] = samples instanceof Int16Array ? Math.round(mean) : mean
  }
  return out
}

/** The data's 16-bit samples as they lie (both channels interleaved), without a copy where it can. */
function pcm16View(bytes: Uint8Array, info: WavInfo): Int16Array {
  const start = bytes.byteOffset + info.dataOffset
  const count = Math.floor(info.dataLength / 2)
  // Int16Array needs an even byte offset; copy the data out when the file's is odd.
  return start % 2 === 0
    ? new Int16Array(bytes.buffer, start, count)
    : new Int16Array(bytes.slice(info.dataOffset, info.dataOffset + count * 2).buffer)
}

/** 16-bit PCM samples: mono as they are, two channels averaged into floats. */
function pcm16Samples(bytes: Uint8Array, info: WavInfo): { samples: Int16Array | Float32Array; scale: number } {
  const pcm = pcm16View(bytes, info)
  if (info.channels === 1) return { samples: pcm, scale: 1 / 32768 }
  const frames = Math.floor(pcm.length / 2)
  const samples = new Float32Array(frames)
  for (let i = 0; i < frames; i++) samples[i] = ((pcm[2 * i] as number) + (pcm[2 * i + 1] as number)) / 65536
  return { samples, scale: 1 }
}

/** The data's 8-bit codes expanded through their table into 16-bit samples, as they lie (both channels interleaved). */
function expandedCodes(bytes: Uint8Array, info: WavInfo, table: Int16Array): Int16Array {
  const codes = bytes.subarray(info.dataOffset, info.dataOffset + info.dataLength)
  const samples = new Int16Array(codes.length)
  for (let i = 0; i < codes.length; i++) samples[i] = table[codes[i] as number] as number
  return samples
}

/** 8-bit codes expanded through their table into 16-bit samples: mono as 16-bit integers (the
 * engine's fast path), two channels averaged into floats. */
function byteSamples(bytes: Uint8Array, info: WavInfo, table: Int16Array): { samples: Int16Array | Float32Array; scale: number } {
  const expanded = expandedCodes(bytes, info, table)
  if (info.channels === 1) return { samples: expanded, scale: 1 / 32768 }
  const frames = Math.floor(expanded.length / 2)
  const samples = new Float32Array(frames)
  for (let i = 0; i < frames; i++) samples[i] = ((expanded[2 * i] as number) + (expanded[2 * i + 1] as number)) / 65536
  return { samples, scale: 1 }
}

/**
 * A two-channel file's channels apart, each as a mono track (16-bit samples, at the rate
 * decodeTrack gives the file); null for a mono file. Recorders that keep each side of a call on
 * its own channel (the robot's leg on one, the customer's on the other) give the customer's track
 * inside the full recording.
 */
export function decodeChannels(bytes: Uint8Array, label: string): [DecodedTrack, DecodedTrack] | null {
  const { info, table } = checkedInfo(bytes, label)
  if (info.channels !== 2) return null
  // Both channels' samples interleaved, as 16-bit samples (codes expanded through their table).
  const both = table ? expandedCodes(bytes, info, table) : pcm16View(bytes, info)
  const frames = Math.floor(both.length / 2)
  const channel = (side: 0 | 1): DecodedTrack => {
    const own = new Int16Array(frames)
    for (let i = 0; i < frames; i++) own[i] = both[2 * i + side] as number
    return trackAt(withoutOffset(own, 1 / 32768), 1 / 32768, info.sampleRate)
  }
  return [channel(0), channel(1)]
}
