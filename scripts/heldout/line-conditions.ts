// What real telephone lines do to a call, for the held-out "line" set (scripts/make-heldout-set.ts):
// which conditions a call carries (drawn from its seed), and the signal processing of each that
// needs no outside tool. Pure functions over 8 kHz float samples, so each is unit-tested.
import type { Rng } from '../../electron/simulator'

export const LINE_RATE = 8000

/** Every condition a line call may carry, as the bench reports them. */
export const LINE_CONDITIONS = [
  'ringback', // a ring-back melody (彩铃) or the ring-back tone before the answer, running on under the first line
  'hold-music', // music on the customer's side in a pause, running on under the next line
  'long-silence', // 10–25 s without speech (the customer puts the phone down)
  'babble', // other people talking, 8–15 dB below the customer
  'agc', // automatic gain control on the customer's side, lifting noise and babble in the pauses
  'one-track', // no customer track: the full mix alone
  'untranscribed', // customer speech the transcript lacks (嗯, 喂, a side remark)
  'merged', // two customer utterances in one transcript turn
  'dropped', // a transcript turn with no audio (a robot line never played, a phantom customer turn)
  'echo', // strong robot echo in the customer track (−18 to −12 dB)
  'gsm', // the customer's side through a GSM full-rate codec before A-law
  'clipping', // the customer's side driven into clipping
  'robot-speed', // the robot's voice much slower or faster than usual
] as const
export type LineCondition = (typeof LINE_CONDITIONS)[number]

/** Each call carries one condition in turn (so every one is well represented) and a few others by chance. */
export function planConditions(n: number, rng: Rng, extraChance = 0.15): LineCondition[] {
  const primary = LINE_CONDITIONS[n % LINE_CONDITIONS.length] as LineCondition
  const chosen = new Set<LineCondition>([primary])
  for (const c of LINE_CONDITIONS) if (c !== primary && rng.chance(extraChance)) chosen.add(c)
  return LINE_CONDITIONS.filter((c) => chosen.has(c))
}

const sec = (s: number) => Math.round(s * LINE_RATE)

/** Sum of a note's harmonics inside the telephone band (300–3400 Hz), with attack and release. */
function addNote(out: Float32Array, at: number, length: number, hz: number, level: number, vibrato: number): void {
  const attack = Math.min(sec(0.02), length / 4)
  const release = Math.min(sec(0.08), length / 3)
  const harmonics: [number, number][] = []
  for (let h = 1; h * hz <= 3400; h++) if (h * hz >= 300) harmonics.push([h, 1 / h])
  if (harmonics.length === 0) return
  let phase = 0
  for (let k = 0; k < length && at + k < out.length; k++) {
    const envelope = Math.min(1, k / Math.max(1, attack), (length - k) / Math.max(1, release))
    const f = hz * (1 + vibrato * Math.sin((2 * Math.PI * 5.5 * k) / LINE_RATE))
    phase += (2 * Math.PI * f) / LINE_RATE
    let v = 0
    for (const [h, a] of harmonics) v += a * Math.sin(h * phase)
    out[at + k] = (out[at + k] as number) + v * level * envelope
  }
}

const PENTATONIC = [0, 2, 4, 7, 9]
const noteHz = (root: number, step: number) => root * Math.pow(2, (PENTATONIC[((step % 5) + 5) % 5] as number) / 12 + Math.floor(step / 5))

/**
 * Music as ring-back melodies and hold music are: a melody of steady pitched notes over sustained
 * chords, now and then a soft beat. Unit RMS.
 */
export function music(rng: Rng, seconds: number): Float32Array {
  const out = new Float32Array(sec(seconds))
  const root = rng.between(220, 350)
  const beat = rng.between(0.18, 0.4)
  const vibrato = rng.chance(0.5) ? rng.between(0.002, 0.008) : 0
  // Chords: a triad from the scale, re-struck every two to four beats.
  for (let at = 0; at < out.length; ) {
    const length = sec(beat * rng.int(4, 8))
    const step = rng.int(0, 4)
    for (const add of [0, 2, 4]) addNote(out, at, length, noteHz(root / 2, step + add), 0.25, 0)
    at += length
  }
  // Melody: one note per one to three beats, a short breath between phrases.
  let step = rng.int(3, 8)
  for (let at = 0; at < out.length; ) {
    const length = sec(beat * rng.int(1, 3))
    step = Math.max(0, Math.min(12, step + rng.int(-2, 2)))
    addNote(out, at, Math.floor(length * 0.92), noteHz(root, step), 0.6, vibrato)
    at += length + (rng.chance(0.1) ? sec(beat) : 0)
  }
  if (rng.chance(0.5)) {
    // A soft hi-hat: short decaying noise bursts on the beat.
    for (let at = 0; at < out.length; at += sec(beat * 2)) {
      for (let k = 0; k < sec(0.04) && at + k < out.length; k++) out[at + k] = (out[at + k] as number) + 0.15 * (rng.next() * 2 - 1) * Math.exp(-k / sec(0.01))
    }
  }
  return unitRms(out)
}

/** China's ring-back tone: 450 Hz, one second on and four off, starting on. Unit RMS while on. */
export function ringbackTone(seconds: number): Float32Array {
  const out = new Float32Array(sec(seconds))
  for (let i = 0; i < out.length; i++) {
    const t = i / LINE_RATE
    out[i] = t % 5 < 1 ? Math.SQRT2 * Math.sin(2 * Math.PI * 450 * t) : 0
  }
  return out
}

/** The signal scaled to unit RMS (over its non-silent samples' whole length). */
export function unitRms(samples: Float32Array): Float32Array {
  let sum = 0
  for (const v of samples) sum += v * v
  const rms = Math.sqrt(sum / Math.max(1, samples.length)) || 1
  for (let i = 0; i < samples.length; i++) samples[i] = (samples[i] as number) / rms
  return samples
}

/** RMS over the samples louder than a small fraction of the peak: a speech clip's level. */
export function activeRms(samples: Float32Array): number {
  let peak = 0
  for (const v of samples) peak = Math.max(peak, Math.abs(v))
  let sum = 0
  let count = 0
  for (const v of samples) {
    if (Math.abs(v) < peak * 0.05) continue
    sum += v * v
    count++
  }
  return count ? Math.sqrt(sum / count) : 0
}

/**
 * Babble: several talkers at once, each going through the clips one after another with short
 * gaps, from a random point. Unit RMS.
 */
export function babble(rng: Rng, clips: readonly Float32Array[], seconds: number, talkers: number): Float32Array {
  const out = new Float32Array(sec(seconds))
  for (let t = 0; t < talkers; t++) {
    let at = -sec(rng.between(0, 3))
    while (at < out.length) {
      const clip = rng.pick(clips)
      const scale = 1 / Math.max(1e-6, activeRms(clip))
      for (let k = 0; k < clip.length; k++) {
        const i = at + k
        if (i >= 0 && i < out.length) out[i] = (out[i] as number) + (clip[k] as number) * scale
      }
      at += clip.length + sec(rng.between(0.1, 0.8))
    }
  }
  return unitRms(out)
}

export interface AgcSettings {
  /** Level the gain aims the signal's short-time RMS at. */
  targetRms: number
  /** Most gain it applies, dB. */
  maxGainDb: number
  /** How fast the gain climbs back in quiet, dB per second. */
  releaseDbPerSec: number
}

/**
 * Automatic gain control as handsets and gateways do it: gain falls at once when the signal is
 * louder than the target and climbs slowly in quiet, up to its maximum, so pauses are lifted.
 */
export function applyAgc(samples: Float32Array, settings: AgcSettings): Float32Array {
  const block = sec(0.01)
  const out = new Float32Array(samples.length)
  let gainDb = 0
  const releasePerBlock = settings.releaseDbPerSec * 0.01
  for (let from = 0; from < samples.length; from += block) {
    const to = Math.min(samples.length, from + block)
    let sum = 0
    for (let i = from; i < to; i++) sum += (samples[i] as number) ** 2
    const rms = Math.sqrt(sum / Math.max(1, to - from)) + 1e-9
    const wantDb = Math.min(settings.maxGainDb, Math.max(0, 20 * Math.log10(settings.targetRms / rms)))
    const before = gainDb
    gainDb = wantDb < gainDb ? wantDb : Math.min(wantDb, gainDb + releasePerBlock)
    // Interpolated within the block so the gain never steps audibly.
    for (let i = from; i < to; i++) {
      const g = before + ((gainDb - before) * (i - from + 1)) / (to - from)
      out[i] = (samples[i] as number) * Math.pow(10, g / 20)
    }
  }
  return out
}

/** Hard clipping at ±limit after a gain of gainDb. */
export function clip(samples: Float32Array, gainDb: number, limit: number): Float32Array {
  const g = Math.pow(10, gainDb / 20)
  return samples.map((v) => Math.max(-limit, Math.min(limit, v * g)))
}

/** G.711 A-law: encodes each sample to its 8-bit code and back, as the platform stores calls. */
export function aLawRoundTrip(samples: Float32Array): Float32Array {
  return samples.map((v) => aLawDecode(aLawEncode(Math.max(-32768, Math.min(32767, Math.round(v * 32768))))) / 32768)
}

export function aLawEncode(pcm: number): number {
  const sign = pcm >= 0 ? 0x80 : 0
  let magnitude = Math.min(32767, Math.abs(pcm)) >> 3
  let exponent = 0
  if (magnitude >= 32) {
    exponent = 1
    while (magnitude >= 64 && exponent < 7) {
      magnitude >>= 1
      exponent++
    }
  }
  const mantissa = exponent === 0 ? magnitude >> 1 : (magnitude >> 1) & 0x0f
  return (sign | (exponent << 4) | mantissa) ^ 0x55
}

export function aLawDecode(code: number): number {
  const v = code ^ 0x55
  const exponent = (v >> 4) & 0x07
  const mantissa = v & 0x0f
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1)
  return v & 0x80 ? magnitude : -magnitude
}

/** An echo path: the robot delayed and low-passed (one pole), at gain (linear), with a weaker second reflection. */
export function echoPath(robot: Float32Array, delay: number, gain: number): Float32Array {
  const out = new Float32Array(robot.length)
  let lp = 0
  for (let i = 0; i < robot.length; i++) {
    const a = i - delay >= 0 ? (robot[i - delay] as number) : 0
    const b = i - delay * 2 - sec(0.013) >= 0 ? (robot[i - delay * 2 - sec(0.013)] as number) : 0
    lp = 0.6 * lp + 0.4 * (a + 0.35 * b)
    out[i] = lp * gain
  }
  return out
}
