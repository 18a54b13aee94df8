// A turn's confidence on a full track alone: the two placements (before and after the voices are
// told apart) disagreeing on where it starts is doubt the transcript shows; so is a line as loud
// as the voices, where the level cannot tell where any turn is, and a call whose placement does
// not fit its lines.
import { describe, expect, it } from 'vitest'
import { doubtFlatLine, doubtMovedTurns, doubtUnfittedCall, levelRise, moved } from '../../electron/main/services/alignment/turn-confidence'
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

describe('turn confidence on a flat full track', () => {
  it('measures how far the loud hops (97th percentile) rise over the median hop, digital silence left out', () => {
    // Three in five hops at the line's -40 dB, the rest speech at -25 dB.
    expect(levelRise(Float64Array.from({ length: 100 }, (_, i) => (i % 5 < 3 ? -40 : -25)))).toBeCloseTo(15, 6)
    // A track padded with digital silence rises as far as its sounding part.
    const padded = Float64Array.from({ length: 300 }, (_, i) => (i < 200 ? -120 : i % 5 < 3 ? -40 : -25))
    expect(levelRise(padded)).toBeCloseTo(15, 6)
    expect(levelRise(new Float64Array(0))).toBe(0)
  })

  it('shows every turn as uncertain where the voices rise 6 dB or less, leaves them where they rise 12 dB or more, and scales them in between', () => {
    const placed = [0.9, 0.62, 0.2]
    expect(doubtFlatLine(placed, 14)).toEqual(placed)
    expect(doubtFlatLine(placed, 12)).toEqual(placed)
    const flat = doubtFlatLine(placed, 4)
    expect(flat).toEqual([0.45, 0.31, 0.1])
    expect(flat.every((c) => c < UNCERTAIN_BELOW)).toBe(true)
    // Halfway (9 dB): three quarters.
    expect(doubtFlatLine(placed, 9)).toEqual([0.68, 0.47, 0.15])
  })
})

describe('turn confidence on a call that does not fit', () => {
  it('halves every turn where the last placement costs over 2 per line, so a sure one is shown as uncertain', () => {
    const placed = [0.9, 0.62, 0.2]
    const doubted = doubtUnfittedCall(placed, 2.4)
    expect(doubted).toEqual([0.45, 0.31, 0.1])
    expect(doubted.every((c) => c < UNCERTAIN_BELOW)).toBe(true)
  })

  it('leaves a call that costs 2 per line or less as it was', () => {
    const placed = [0.9, 0.62, 0.2]
    expect(doubtUnfittedCall(placed, 2)).toEqual(placed)
    expect(doubtUnfittedCall(placed, 0.4)).toEqual(placed)
  })
})
