// Mixes a call's timeline into telephone-quality recordings (8 kHz, 16-bit mono PCM WAV): the
// full track with both sides and a low line noise, and the customer track with the customer,
// a faint delayed robot echo and its own noise floor. Deterministic: noise comes from the
// timeline's seed. Kept to plain loops over typed arrays: a 3-minute call mixes in a few ms.
import { hashInts } from './random'
import type { CallTimeline, PlacedClip } from './timeline'
import { MU_LAW_TABLE, VOICE_SAMPLE_RATE } from './voice-bank'

export type Track = 'full' | 'customer'

const ROBOT_GAIN = 0.75
const NETWORK_GAIN = 0.7
const TONE_GAIN = 0.2
/** Peak of the uniform noise before band-limiting; about −50 dBFS RMS after it. */
const NOISE_AMPLITUDE: Record<Track, number> = { full: 0.007, customer: 0.005 }
const ECHO_DELAY = Math.round(0.06 * VOICE_SAMPLE_RATE)
const EDGE_FADE = Math.round(0.005 * VOICE_SAMPLE_RATE)

/** Line noise band-limited like a telephone channel: one-pole high-pass ~300 Hz, low-pass ~3 kHz. */
function addLineNoise(out: Float32Array, seed: number, amplitude: number): void {
  const dt = 1 / VOICE_SAMPLE_RATE
  const hpRc = 1 / (2 * Math.PI * 300)
  const lpRc = 1 / (2 * Math.PI * 3000)
  const hp = hpRc / (hpRc + dt)
  const lp = dt / (lpRc + dt)
  const scale = amplitude / 2147483648
  let x = seed >>> 0 || 0x9e3779b9
  let previousIn = 0
  let high = 0
  let low = 0
  for (let i = 0; i < out.length; i++) {
    // xorshift32, inlined
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    const input = ((x >>> 0) - 2147483648) * scale
    high = hp * (high + input - previousIn)
    previousIn = input
    low += lp * (high - low)
    out[i] = (out[i] as number) + low
  }
}

/** Adds a clip with short fades at both ends, so a clip cut off by a barge-in does not click. */
function mixClip(out: Float32Array, bank: Uint8Array, clip: PlacedClip, gain: number, delay = 0): void {
  const start = clip.start + delay
  const length = Math.min(clip.length, out.length - start, bank.length - clip.bankOffset)
  const from = clip.bankOffset
  const fade = Math.min(EDGE_FADE, Math.floor(length / 2))
  for (let i = 0; i < length; i++) {
    let g = gain
    if (i < fade) g = (gain * i) / fade
    else if (i >= length - fade) g = (gain * (length - 1 - i)) / fade
    out[start + i] = (out[start + i] as number) + (MU_LAW_TABLE[bank[from + i] as number] as number) * g
  }
}

function mixTone(out: Float32Array, start: number, length: number, frequency: number): void {
  const step = (2 * Math.PI * frequency) / VOICE_SAMPLE_RATE
  const ramp = Math.round(0.01 * VOICE_SAMPLE_RATE)
  for (let i = 0; i < length && start + i < out.length; i++) {
    const edge = Math.min(i, length - 1 - i)
    out[start + i] = (out[start + i] as number) + Math.sin(i * step) * TONE_GAIN * Math.min(1, edge / ramp)
  }
}

export function mixTrack(timeline: CallTimeline, bank: Uint8Array, track: Track): Float32Array {
  const out = new Float32Array(timeline.totalSamples)
  addLineNoise(out, hashInts(timeline.noiseSeed, track === 'full' ? 1 : 2), NOISE_AMPLITUDE[track])
  const echoGain = ROBOT_GAIN * Math.pow(10, -timeline.echoDb / 20)
  for (const clip of timeline.clips) {
    if (track === 'full') {
      const gain = clip.channel === 'robot' ? ROBOT_GAIN : clip.channel === 'network' ? NETWORK_GAIN : timeline.customerGain
      mixClip(out, bank, clip, gain)
    } else if (clip.channel === 'customer') {
      mixClip(out, bank, clip, timeline.customerGain)
    } else if (clip.channel === 'robot') {
      mixClip(out, bank, clip, echoGain, ECHO_DELAY)
    }
  }
  if (track === 'full') for (const tone of timeline.tones) mixTone(out, tone.start, tone.length, tone.frequency)
  return out
}

