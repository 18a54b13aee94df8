// Turn timings for the transcript. The API gives none; until main has measured them from the
// recordings, they are estimated from the text with the same function main falls back to
// (shared/turn-estimate.ts), so the transcript stays put when main's answer lands.
import type { TurnTiming } from '../../../shared/ipc/contract'
import { estimateTurnTimes } from '../../../shared/turn-estimate'
import type { Id } from '../../../shared/ids'

export interface TurnText {
  callDetailId: Id
  text: string
}

export type { TurnTiming }

export interface TurnTimings {
  turns: TurnTiming[]
  /** True when the times are a guess rather than measured from the audio. */
  estimated: boolean
}

export function estimateTurnTimings(turns: readonly TurnText[], durationSec: number): TurnTimings {
  const times = estimateTurnTimes(
    turns.map((t) => t.text),
    durationSec,
  )
  return {
    turns: turns.map((turn, i) => ({ callDetailId: turn.callDetailId, start: times[i]?.start ?? 0, end: times[i]?.end ?? 0 })),
    estimated: true,
  }
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

/** Below this confidence a measured turn's time is shown as uncertain. */
export const UNCERTAIN_BELOW = 0.5

/** A measured time the engine doubts (not an estimate, not set by hand): worth a look before trusting. */
export function isUncertain(turn: TurnTiming & { corrected?: boolean }, estimated: boolean): boolean {
  return !estimated && !turn.corrected && turn.confidence !== undefined && turn.confidence < UNCERTAIN_BELOW
}
