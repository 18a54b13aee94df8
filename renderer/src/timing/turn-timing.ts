// Turn timings for the transcript. The API gives none; until timings inferred from the audio
// exist, they are estimated by splitting the recording in proportion to each turn's text.
// This is the one module to replace when better timings arrive.
import { splitAtPauses } from '../../../shared/pause-marker'

export interface TurnText {
  callDetailId: number
  text: string
}

export interface TurnTiming {
  callDetailId: number
  start: number
  end: number
}

export interface TurnTimings {
  turns: TurnTiming[]
  /** True when the times are a guess rather than measured from the audio. */
  estimated: boolean
}

function speakingWeight(text: string): { chars: number; pauseSec: number } {
  let pauseSec = 0
  let chars = 0
  // Pause markers such as "（停顿2s）" are real silence in the call, not speech.
  for (const part of splitAtPauses(text)) {
    if (part.kind === 'pause') pauseSec += part.seconds
    // Punctuation and spaces take no speaking time; each other character roughly one syllable.
    else chars += part.text.replace(/[\s，。！？、,.!?;；:："“”'‘’（）()]/g, '').length
  }
  return { chars: Math.max(1, chars), pauseSec }
}

export function estimateTurnTimings(turns: readonly TurnText[], durationSec: number): TurnTimings {
  if (turns.length === 0 || !(durationSec > 0)) {
    return { turns: turns.map((t) => ({ callDetailId: t.callDetailId, start: 0, end: 0 })), estimated: true }
  }
  const weights = turns.map((t) => speakingWeight(t.text))
  const totalPause = Math.min(
    durationSec * 0.5,
    weights.reduce((sum, w) => sum + w.pauseSec, 0),
  )
  const pauseScale = totalPause / Math.max(1e-9, weights.reduce((sum, w) => sum + w.pauseSec, 0))
  const totalChars = weights.reduce((sum, w) => sum + w.chars, 0)
  const speakingSec = durationSec - totalPause
  let cursor = 0
  const timed = turns.map((turn, i) => {
    const w = weights[i] as { chars: number; pauseSec: number }
    const length = (w.chars / totalChars) * speakingSec + w.pauseSec * (Number.isFinite(pauseScale) ? pauseScale : 0)
    const start = cursor
    cursor += length
    return { callDetailId: turn.callDetailId, start, end: Math.min(durationSec, cursor) }
  })
  return { turns: timed, estimated: true }
}

/** Index of the turn being heard at `position`: the last turn started at or before it. */
export function turnIndexAt(turns: readonly TurnTiming[], position: number): number {
  let lo = 0
  let hi = turns.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if ((turns[mid] as TurnTiming).start <= position + 1e-6) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found
}
