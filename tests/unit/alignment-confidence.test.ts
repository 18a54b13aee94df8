// A turn's confidence on a full track alone: the two placements (before and after the voices are
// told apart) disagreeing on where it starts is doubt the transcript shows.
import { describe, expect, it } from 'vitest'
import { doubtMovedTurns, moved } from '../../electron/main/services/alignment/turn-confidence'
import { UNCERTAIN_BELOW } from '../../renderer/src/timing/turn-timing'

const turn = (start: number, end: number) => ({ start, end, matched: true })

describe('turn confidence after the voices', () => {
  it('halves the confidence of a turn the voices moved more than 0.3 s, so a sure one is shown as uncertain', () => {
    const first = [turn(1, 4), turn(4.5, 6), turn(7, 9), turn(10, 12)]
    const second = [turn(1.1, 4), turn(5.5, 6.5), turn(7, 9.8), turn(9.6, 12)]
    const doubted = doubtMovedTurns(first, second, [0.9, 0.9, 0.9, 0.62])
    // Moved 0.1 s: kept; moved 1 s: halved; the same start, a later end: kept; moved 0.4 s earlier: halved.
    expect(doubted).toEqual([0.9, 0.45, 0.9, 0.31])
    expect(doubted[1]).toBeLessThan(UNCERTAIN_BELOW)
  })

  it('leaves every confidence as it was when the placements agree', () => {
    const placed = [turn(0, 1), turn(2, 3)]
    expect(doubtMovedTurns(placed, placed.map((t) => ({ ...t })), [0.2, 0.9])).toEqual([0.2, 0.9])
  })

  it('says two placements disagree on a turn whose start moved more than 0.3 s, either way, and only then (the third round of voices is taught from the others)', () => {
    const first = [turn(1, 4), turn(4.5, 6), turn(7, 9)]
    const second = [turn(1.29, 3), turn(4.19, 6), turn(7, 9)]
    expect([0, 1, 2].map((i) => moved(first, second, i))).toEqual([false, true, false])
    // A turn one placement lacks is not a disagreement.
    expect(moved(first, second.slice(0, 2), 2)).toBe(false)
  })
})
