// Where playback should jump to under the "skip silence" and "customer only" options, given
// the position and the turn timings. Pure, so the rules are easy to test.
import type { TurnTiming } from './turn-timing'

export const SILENCE_GAP_SEC = 1

export interface TimedTurn extends TurnTiming {
  speaker: string
}

export type PlaybackJump = { seek: number } | 'stop' | null

/** Inside a gap of more than a second between turns (or before the first): jump to the next turn. */
export function skipSilenceJump(turns: readonly TurnTiming[], position: number): PlaybackJump {
  const ordered = [...turns].sort((a, b) => a.start - b.start)
  let spokenUntil = 0
  for (const turn of ordered) {
    if (position < turn.start) {
      return turn.start - spokenUntil > SILENCE_GAP_SEC && position >= spokenUntil ? { seek: turn.start } : null
    }
    spokenUntil = Math.max(spokenUntil, turn.end)
  }
  return null
}

/** Outside the customer's turns: jump to the next one, or stop after the last. */
export function customerOnlyJump(turns: readonly TimedTurn[], position: number): PlaybackJump {
  const customer = turns.filter((t) => t.speaker === 'PERSON').sort((a, b) => a.start - b.start)
  if (customer.some((t) => position >= t.start && position < t.end)) return null
  const next = customer.find((t) => t.start > position)
  return next ? { seek: next.start } : 'stop'
}
