import { describe, expect, it } from 'vitest'
import { customerOnlyJump, skipSilenceJump } from '../../renderer/src/timing/playback-rules'

const turns = [
  { callDetailId: 1, start: 0.4, end: 3, speaker: 'ROBOT' },
  { callDetailId: 2, start: 3.5, end: 4.2, speaker: 'PERSON' },
  { callDetailId: 3, start: 6.5, end: 9, speaker: 'ROBOT' },
  { callDetailId: 4, start: 8.8, end: 10, speaker: 'PERSON' }, // barge-in overlap
  { callDetailId: 5, start: 10.6, end: 12, speaker: 'ROBOT' },
]

describe('skip silence', () => {
  it('jumps over a gap longer than a second to the next turn', () => {
    expect(skipSilenceJump(turns, 4.5)).toEqual({ seek: 6.5 })
  })
  it('leaves short gaps, speech and overlaps alone', () => {
    expect(skipSilenceJump(turns, 3.2)).toBeNull() // 0.5 s gap
    expect(skipSilenceJump(turns, 1)).toBeNull()
    expect(skipSilenceJump(turns, 10.3)).toBeNull() // 0.6 s gap after the overlap
    expect(skipSilenceJump(turns, 12.5)).toBeNull() // after the last turn
  })
  it('does not jump over a short lead-in before the first turn', () => {
    expect(skipSilenceJump(turns, 0)).toBeNull()
    expect(skipSilenceJump([{ callDetailId: 1, start: 2.5, end: 3 }], 0.1)).toEqual({ seek: 2.5 })
  })
})

describe('customer only', () => {
  it('stays inside customer turns and jumps to the next one from anywhere else', () => {
    expect(customerOnlyJump(turns, 3.6)).toBeNull()
    expect(customerOnlyJump(turns, 0)).toEqual({ seek: 3.5 })
    expect(customerOnlyJump(turns, 4.2)).toEqual({ seek: 8.8 })
  })
  it('stops after the last customer turn', () => {
    expect(customerOnlyJump(turns, 10.5)).toBe('stop')
    expect(customerOnlyJump([], 0)).toBe('stop')
  })
})
