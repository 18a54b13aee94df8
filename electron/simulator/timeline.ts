// Places a call's turns in time: who speaks when, for how long, what overlaps. The assembler
// mixes exactly these placements, so the ground truth of a recording is this timeline.
import type { Conversation, DialogueAct } from './conversation'
import type { Rng } from './random'
import { VOICE_SAMPLE_RATE, type VoiceClip } from './voice-bank'
import type { Id } from '../../shared/ids'

export type Channel = 'robot' | 'customer' | 'network'

export interface PlacedClip {
  channel: Channel
  /** Where the clip's samples start in the voice bank. */
  bankOffset: number
  /** Sample position in the recording. */
  start: number
  /** Samples played: less than the clip's length when it was cut off. */
  length: number
  /** The transcript line this clip speaks; absent for network announcements. */
  callDetailId?: Id
}

export interface Tone {
  start: number
  length: number
  frequency: number
}

export interface CallTimeline {
  totalSamples: number
  clips: PlacedClip[]
  tones: Tone[]
  /** Gain of the customer's voice; quiet customers are about −15 dB. */
  customerGain: number
  /** Level of the robot echo on the customer track, in dB below the robot. */
  echoDb: number
  noiseSeed: number
}

const seconds = (s: number) => Math.round(s * VOICE_SAMPLE_RATE)

function gapBefore(act: DialogueAct, previous: DialogueAct, rng: Rng): number {
  if (act.timing === 'afterSilence') return seconds(rng.between(3.5, 6))
  if (act.timing === 'continue') return seconds(rng.between(0.25, 0.6))
  if (act.speaker === 'ROBOT') return seconds(rng.between(0.4, 1.1)) // recognition and reply latency
  if (previous.speaker === 'PERSON') return seconds(rng.between(0.4, 1.2))
  // A customer answering: usually quick, sometimes thinking it over.
  return seconds(rng.chance(0.15) ? rng.between(1.5, 3) : rng.between(0.3, 1.5))
}

/**
 * Lays out a conversation whose acts are spoken by `clips` (same order). Turn i gets
 * callDetailId firstDetailId + i.
 */
export function layOutConversation(
  conversation: Conversation,
  clips: readonly VoiceClip[],
  firstDetailId: number,
  rng: Rng,
): Pick<CallTimeline, 'totalSamples' | 'clips'> {
  const placed: PlacedClip[] = []
  const endOf = (p: PlacedClip) => p.start + p.length
  let lastEnd = 0
  conversation.acts.forEach((act, i) => {
    const clip = clips[i] as VoiceClip
    const previousAct = conversation.acts[i - 1]
    const previous = placed[i - 1]
    let start: number
    if (!previous || !previousAct) {
      start = seconds(rng.between(0.3, 1)) // the line settling after pick-up
    } else if (act.timing === 'bargeIn' && previous.channel === 'robot') {
      // The customer talks over the robot; the robot hears it and stops shortly after.
      const earliest = previous.start + Math.min(seconds(0.8), Math.floor(previous.length / 2))
      start = Math.max(earliest, previous.start + Math.floor(previous.length * rng.between(0.3, 0.75)))
      const robotStops = start + seconds(rng.between(0.25, 0.6))
      if (robotStops < endOf(previous)) previous.length = robotStops - previous.start
      lastEnd = Math.max(...placed.map(endOf))
    } else {
      start = lastEnd + gapBefore(act, previousAct, rng)
    }
    const cutOff = conversation.cutOffAtEnd && i === conversation.acts.length - 1
    const length = cutOff ? Math.max(seconds(0.5), Math.floor(clip.samples * rng.between(0.25, 0.7))) : clip.samples
    placed.push({
      channel: act.speaker === 'ROBOT' ? 'robot' : 'customer',
      bankOffset: clip.offset,
      start,
      length: Math.min(length, clip.samples),
      callDetailId: firstDetailId + i,
    })
    lastEnd = Math.max(lastEnd, start + Math.min(length, clip.samples))
  })
  // Hung up mid-sentence: the recording stops right there; otherwise a short tail.
  const tail = conversation.cutOffAtEnd ? seconds(rng.between(0.02, 0.12)) : seconds(rng.between(0.3, 0.9))
  return { totalSamples: lastEnd + tail, clips: placed }
}

/** Early media of an unanswered call: ringback tones (450 Hz, 1 s on, 4 s off), then the announcement. */
export function layOutEarlyMedia(announcement: VoiceClip, rings: number, rng: Rng): Pick<CallTimeline, 'totalSamples' | 'clips' | 'tones'> {
  const tones: Tone[] = []
  let t = seconds(rng.between(0.2, 0.6))
  for (let i = 0; i < rings; i++) {
    tones.push({ start: t, length: seconds(1), frequency: 450 })
    t += seconds(5)
  }
  const clip: PlacedClip = { channel: 'network', bankOffset: announcement.offset, start: t, length: announcement.samples }
  return { totalSamples: t + announcement.samples + seconds(rng.between(0.4, 0.8)), clips: [clip], tones }
}
