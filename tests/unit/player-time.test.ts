// The player's time reads a call's length as the list and the call do (issue 13: 16): the
// recording's length to the nearest whole second, as the platform's chatDuration is given.
import { describe, expect, it } from 'vitest'
import { playerTime } from '../../renderer/src/format'

describe('the player’s time', () => {
  it('gives the length to the nearest second, like chatDuration (65.6 s is 1:06)', () => {
    expect(playerTime(0, 65.6)).toBe('0:00 / 1:06')
    expect(playerTime(0, 65.4)).toBe('0:00 / 1:05')
  })

  it('counts whole seconds gone, as the turns’ start times do, and reads the length at the end', () => {
    expect(playerTime(13.7, 65.6)).toBe('0:13 / 1:06')
    expect(playerTime(65.58, 65.6)).toBe('1:06 / 1:06')
    expect(playerTime(65.6, 65.6)).toBe('1:06 / 1:06')
    expect(playerTime(65.45, 65.4)).toBe('1:05 / 1:05')
  })

  it('reads 0:00 / 0:00 before a recording is loaded', () => {
    expect(playerTime(0, 0)).toBe('0:00 / 0:00')
  })
})
