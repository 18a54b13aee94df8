import { describe, expect, it } from 'vitest'
import { estimateTurnTimings, isUncertain, turnIndexAt, UNCERTAIN_BELOW } from '../../renderer/src/timing/turn-timing'
import { turnTimingSchema } from '../../shared/ipc/contract'
import { alignCall } from '../../electron/main/services/alignment'

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
    // 3.7 and 2 units (3 syllables and a breath at the comma): 3.7/5.7 of the time, plus the 2 s
    // pause taken out of the split; to the millisecond, as main answers.
    const ms = (v: number) => Math.round(v * 1000) / 1000
    expect(plain.turns[0]!.end).toBe(ms((3.7 / 5.7) * 10))
    expect(paused.turns[0]!.end).toBe(ms((3.7 / 5.7) * 8 + 2))
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

// The renderer shows its estimate until main answers; when main could not measure, its answer is
// the proportional one. They must be the same numbers, or the transcript jumps when it lands.
describe('the renderer’s estimate and main’s proportional answer', () => {
  const transcripts: { name: string; durationSec: number; utterances: { callDetailId: number; type: string; text: string }[] }[] = [
    {
      name: 'a short call with punctuation',
      durationSec: 30,
      utterances: [
        { callDetailId: 1, type: 'ROBOT', text: '您好，我是小王，想跟您介绍一下我们的新楼盘。' },
        { callDetailId: 2, type: 'PERSON', text: '嗯' },
        { callDetailId: 3, type: 'ROBOT', text: '价格多少？' },
      ],
    },
    {
      name: 'pause markers, Latin letters and digits',
      durationSec: 47.35,
      utterances: [
        { callDetailId: 11, type: 'ROBOT', text: '您好，这里是客服中心，（停顿2s）请问是本人吗？' },
        { callDetailId: 12, type: 'PERSON', text: '是我。' },
        { callDetailId: 13, type: 'ROBOT', text: '您的VIP会员还有3天到期，（停顿1.5秒）需要续费吗？' },
        { callDetailId: 14, type: 'PERSON', text: 'OK, 好的' },
        { callDetailId: 15, type: 'ROBOT', text: '（停顿1s）好的，再见。' },
      ],
    },
    {
      name: 'pauses overstating the call',
      durationSec: 6,
      utterances: [
        { callDetailId: 21, type: 'ROBOT', text: '喂（停顿5s）喂？' },
        { callDetailId: 22, type: 'PERSON', text: '' },
      ],
    },
    { name: 'no duration', durationSec: 0, utterances: [{ callDetailId: 31, type: 'ROBOT', text: '您好' }] },
  ]

  it.each(transcripts)('are identical for $name', ({ durationSec, utterances }) => {
    const main = alignCall({ full: null, utterances, durationSec })
    const renderer = estimateTurnTimings(utterances, durationSec)
    expect(main.method).toBe('proportional')
    expect(renderer.turns).toEqual(main.turns)
  })
})

describe('uncertain turn times', () => {
  const turn = { callDetailId: 1, start: 2, end: 3 }

  it('marks a measured time the engine doubts, not an estimate, a hand-set time or one without a confidence', () => {
    expect(isUncertain({ ...turn, confidence: 0.2 }, false)).toBe(true)
    expect(isUncertain({ ...turn, confidence: UNCERTAIN_BELOW }, false)).toBe(false)
    expect(isUncertain({ ...turn, confidence: 0.9 }, false)).toBe(false)
    expect(isUncertain({ ...turn, confidence: 0.2 }, true)).toBe(false)
    expect(isUncertain({ ...turn, confidence: 0.2, corrected: true }, false)).toBe(false)
    expect(isUncertain(turn, false)).toBe(false)
  })

  it('carries the confidence through the contract, within 0..1, and still reads timings kept without one', () => {
    expect(turnTimingSchema.parse({ ...turn, confidence: 0.3 })).toEqual({ ...turn, confidence: 0.3 })
    expect(turnTimingSchema.parse(turn)).toEqual(turn)
    expect(turnTimingSchema.safeParse({ ...turn, confidence: 1.5 }).success).toBe(false)
  })
})
