// How far each turn's time can be trusted, 0..1. The transcript shows a measured time under 0.5
// as uncertain (renderer's UNCERTAIN_BELOW), so a reviewer knows which lines to check by ear.
import type { MatchedRun, UtteranceSpec } from './sequence-alignment'
import type { PlacedTurn } from './turn-placement'
import { quantile } from './stats'
import { soundingLevels } from './voice-activity'

/** Confidence of a turn laid into a gap without audio of its own found. */
export const UNMATCHED_CONFIDENCE = 0.2
/** A turn's confidence is scaled by this with no customer track to tell the speakers apart. */
export const SINGLE_TRACK_TRUST = 0.9
/** How far (log ratio) a turn's length may stray from what its text takes before confidence halves. */
const LENGTH_SPREAD = 0.6

/** Confidences are kept to hundredths. */
const hundredths = (v: number) => Math.round(v * 100) / 100

/**
 * How far each turn's time can be trusted, 0..1: low for a line laid into a gap, lower the more
 * its matched speech's length disagrees with its text (unless the line was cut short), lower for
 * a line split out of a stretch it shares, and scaled by `trust` (a little lower with no customer
 * track to tell the speakers apart).
 */
export function turnConfidence(specs: readonly UtteranceSpec[], expected: readonly number[], runs: readonly MatchedRun[], turns: readonly PlacedTurn[], trust: number): number[] {
  const confidence = specs.map(() => UNMATCHED_CONFIDENCE)
  for (const run of runs) {
    for (let q = 0; q < run.count; q++) {
      const i = run.first + q
      const turn = turns[i]
      const want = expected[i] as number
      if (!turn) continue
      const length = turn.end - turn.start
      const stray = run.truncatable && length < want ? 0 : Math.log((length + 0.4) / (want + 0.4)) / LENGTH_SPREAD
      let c = 0.3 + 0.7 * Math.exp(-(stray * stray) / 2)
      if (run.count > 1) c *= 0.8
      c *= trust
      confidence[i] = hundredths(c)
    }
  }
  return confidence
}

/** On a full track alone, a turn the voices moved further than this (s) from the first placement is in doubt. */
const MOVED_SEC = 0.3
/** ...and its confidence is halved: one of the two placements is wrong (0.9 becomes 0.45, shown as uncertain). */
const MOVED_TRUST = 0.5

/**
 * The second placement's confidences, halved for the turns whose start it moved more than
 * MOVED_SEC from the first placement's (on the development sets, about half of those start more
 * than 300 ms off, against about one in eight of the others).
 */
export function doubtMovedTurns(first: readonly PlacedTurn[], second: readonly PlacedTurn[], confidence: readonly number[]): number[] {
  return confidence.map((c, i) => (moved(first, second, i) ? hundredths(c * MOVED_TRUST) : c))
}

/** Whether two placements disagree on turn `i`: its start moved more than MOVED_SEC. */
export function moved(first: readonly PlacedTurn[], second: readonly PlacedTurn[], i: number): boolean {
  const a = first[i]
  const b = second[i]
  return a !== undefined && b !== undefined && Math.abs(a.start - b.start) > MOVED_SEC
}

/** On a full track alone, a call whose last placement costs more than this per line (after the
 * voices were started again where they could be: robot-voice's fromOtherStarts) still has not
 * fitted its lines to the voices: every turn's confidence is scaled by UNFITTED_TRUST. On the
 * development sets' calls on one track, as many turns are then shown as sure as before the starts
 * were made (7,268 against 7,273) and 89.6 % of them start within 300 ms, against 88.1 %
 * then and 87.8 % with the starts alone. */
const UNFITTED_COST_PER_LINE = 2
const UNFITTED_TRUST = 0.5

/** Whether a call whose last placement costs `costPerLine` has not fitted its lines (UNFITTED_COST_PER_LINE). */
export function unfitted(costPerLine: number): boolean {
  return costPerLine > UNFITTED_COST_PER_LINE
}

/** The confidences, halved where the call's last placement costs `costPerLine` over UNFITTED_COST_PER_LINE. */
export function doubtUnfittedCall(confidence: readonly number[], costPerLine: number): number[] {
  return unfitted(costPerLine) ? confidence.map((c) => hundredths(c * UNFITTED_TRUST)) : confidence.slice()
}

/** On a full track alone, how far its loud hops (97th percentile) rise over its median hop (dB):
 * where the voices rise CLEAR_RISE_DB or more, the level tells speech from the line; where they
 * rise FLAT_RISE_DB or less (AGC and clipping hold the line as loud as the voices, or the robot
 * under it), every turn's confidence is scaled by FLAT_TRUST, so a sure one (0.9) is shown as
 * uncertain; in between, by a share between the two. On the development sets' calls, one track,
 * under 7 dB a third of the turns shown as sure started within 300 ms, over 12 dB nine in ten. */
const CLEAR_RISE_DB = 12
const FLAT_RISE_DB = 6
const FLAT_TRUST = 0.5

/** How far a track's loud hops rise over its median hop (dB), digital silence left out. */
export function levelRise(db: Float64Array): number {
  const sounding = soundingLevels(db)
  return sounding.length === 0 ? 0 : quantile(sounding, 0.97) - quantile(sounding, 0.5)
}

/** The confidences scaled for a full track whose level rises `rise` dB (levelRise) for its voices. */
export function doubtFlatLine(confidence: readonly number[], rise: number): number[] {
  const clear = Math.min(1, Math.max(0, (rise - FLAT_RISE_DB) / (CLEAR_RISE_DB - FLAT_RISE_DB)))
  const trust = FLAT_TRUST + (1 - FLAT_TRUST) * clear
  return trust === 1 ? confidence.slice() : confidence.map((c) => hundredths(c * trust))
}
