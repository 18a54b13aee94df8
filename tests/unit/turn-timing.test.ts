import { describe, expect, it } from 'vitest'
import { estimateTurnTimings, turnIndexAt } from '../../renderer/src/timing/turn-timing'

describe('proportional turn timing estimate', () => {
  it('splits the duration in proportion to spoken text, in order, covering the call', () => {
    const { turns, estimated } = estimateTurnTimings(
      [
        { callDetailId: 1, text: '您好，我是小王，想跟您介绍一下我们的新楼盘。' },
        { callDetailId: 2, text: '嗯' },
        { callDetailId: 3, text: '价格多少？' },
      ],
      30,
    )
    expect(estimated).toBe(true)
    expect(turns[0]!.start).toBe(0)
    expect(turns[2]!.end).toBeCloseTo(30, 6)
    for (let i = 1; i < turns.length; i++) expect(turns[i]!.start).toBeCloseTo(turns[i - 1]!.end, 9)
    const length = (i: number) => turns[i]!.end - turns[i]!.start
    expect(length(0)).toBeGreaterThan(length(2))
    expect(length(2)).toBeGreaterThan(length(1))
  })

  it('gives the platform’s pause markers their silence', () => {
    const plain = estimateTurnTimings([{ callDetailId: 1, text: '喂，您好' }, { callDetailId: 2, text: '你好' }], 10)
    const paused = estimateTurnTimings([{ callDetailId: 1, text: '喂，您好（停顿2s）' }, { callDetailId: 2, text: '你好' }], 10)
    // 3 and 2 spoken characters: 3/5 of the time, plus the 2 s pause taken out of the split.
    expect(plain.turns[0]!.end).toBeCloseTo(6, 6)
    expect(paused.turns[0]!.end).toBeCloseTo((3 / 5) * 8 + 2, 6)
  })

  it('copes with no duration and no turns', () => {
    expect(estimateTurnTimings([], 10).turns).toEqual([])
    expect(estimateTurnTimings([{ callDetailId: 1, text: 'x' }], 0).turns).toEqual([{ callDetailId: 1, start: 0, end: 0 }])
  })

  it('finds the turn being heard at any position, including before the first and after the last', () => {
    const turns = [
      { callDetailId: 1, start: 0.5, end: 2 },
      { callDetailId: 2, start: 2.5, end: 4 },
      { callDetailId: 3, start: 6, end: 9 },
    ]
    expect(turnIndexAt(turns, 0)).toBe(-1)
    expect(turnIndexAt(turns, 0.5)).toBe(0)
    expect(turnIndexAt(turns, 2.2)).toBe(0)
    expect(turnIndexAt(turns, 5)).toBe(1)
    expect(turnIndexAt(turns, 6)).toBe(2)
    expect(turnIndexAt(turns, 100)).toBe(2)
  })
})
