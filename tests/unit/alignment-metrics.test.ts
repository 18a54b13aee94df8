// The bench's alignment scores: spoken turns together, merged turns and turns with no audio of
// their own apart, and the share of starts within 300 ms.
import { describe, expect, it } from 'vitest'
import { combine, combineTrust, scoreCase, scoreNoAudio, scoreTrust, sharePct, type TruthTurn } from '../../scripts/bench/alignment-metrics'

const truth: TruthTurn[] = [
  { callDetailId: 1, start: 0, end: 2 },
  { callDetailId: 2, start: 3, end: 4, kind: 'spoken' },
  { callDetailId: 3, start: 4, end: 4.5, kind: 'no-audio' },
  { callDetailId: 4, start: 4.5, end: 9, kind: 'merged' },
  { callDetailId: 5, start: 10, end: 12 },
]

describe('alignment metrics', () => {
  it('scores spoken turns apart from merged and no-audio ones', () => {
    const predicted = [
      { callDetailId: 1, start: 0.1, end: 2 },
      { callDetailId: 2, start: 3.5, end: 4 },
      { callDetailId: 3, start: 20, end: 21 },
      { callDetailId: 4, start: 6, end: 9 },
      { callDetailId: 5, start: 10, end: 11 },
    ]
    const spoken = scoreCase(predicted, truth)
    expect(spoken.turns).toBe(3)
    expect(spoken.startErrorsMs.map(Math.round)).toEqual([100, 500, 0])
    expect(spoken.midpointsInside).toBe(3)
    const merged = scoreCase(predicted, truth, 'merged')
    expect(merged.turns).toBe(1)
    expect(merged.startErrorsMs.map(Math.round)).toEqual([1500])
    const score = combine([spoken])
    expect(score.medianStartErrorMs).toBeCloseTo(100, 6)
    expect(score.within300msPct).toBeCloseTo(200 / 3, 6)
    expect(score.midpointInsidePct).toBe(100)
  })

  it('splits spoken turns by the confidence shown as uncertain, and counts each side within 300 ms', () => {
    const predicted = [
      { callDetailId: 1, start: 0.1, end: 2, confidence: 0.9 },
      { callDetailId: 2, start: 3.5, end: 4, confidence: 0.9 },
      { callDetailId: 3, start: 20, end: 21, confidence: 0.2 },
      { callDetailId: 4, start: 6, end: 9, confidence: 0.1 },
      { callDetailId: 5, start: 10.2, end: 11, confidence: 0.45 },
    ]
    // Turns 3 (no audio) and 4 (merged) are not spoken turns: left out.
    const t = scoreTrust(predicted, truth, 0.5)
    expect(t).toEqual({ sure: 2, sureWithin: 1, uncertain: 1, uncertainWithin: 1 })
    // A turn with no confidence (as the proportional estimate gives) is not shown as uncertain.
    expect(scoreTrust([{ callDetailId: 1, start: 1, end: 2 }], truth, 0.5)).toEqual({ sure: 1, sureWithin: 0, uncertain: 0, uncertainWithin: 0 })
    const both = combineTrust([t, t])
    expect(both.sure).toBe(4)
    expect(sharePct(both.sureWithin, both.sure)).toBe('50.0')
    expect(sharePct(0, 0)).toBe('NaN')
  })

  it('counts a turn with no audio as placed when it stays between its neighbours', () => {
    expect(scoreNoAudio([{ callDetailId: 3, start: 3.5, end: 5 }], truth)).toEqual({ between: 1, turns: 1 })
    // Between turn 2 (starting at 3) and turn 4 (ending at 9): 9.5 is outside.
    expect(scoreNoAudio([{ callDetailId: 3, start: 9, end: 10 }], truth)).toEqual({ between: 0, turns: 1 })
  })
})
