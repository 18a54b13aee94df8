// One date form everywhere, in both languages (issue 13: 16): the platform's times, this
// computer's moments (a grade saved, the cache's age) and the report's typed days.
import { describe, expect, it } from 'vitest'
import { dayText, localClock, localTime, wallTime } from '../../renderer/src/format'

describe('dates in one form', () => {
  it('shows the list’s and the detail’s platform times alike', () => {
    expect(wallTime('2018-08-04 11:57:33')).toBe('2018-08-04 11:57:33')
    expect(wallTime('2018-10-02T16:54:08')).toBe('2018-10-02 16:54:08')
    expect(wallTime(null)).toBe('—')
  })

  it('shows a moment of this computer as YYYY-MM-DD HH:mm:ss, 24-hour, not in the browser’s locale form', () => {
    const moment = new Date(2025, 10, 4, 21, 3, 7)
    expect(localTime(moment.getTime())).toBe('2025-11-04 21:03:07')
    expect(localTime(moment.toISOString())).toBe('2025-11-04 21:03:07')
    expect(localClock(moment.getTime())).toBe('21:03:07')
    expect(localTime('not a time')).toBe('—')
    expect(localTime(null)).toBe('—')
  })

  it('reads a typed day into the one form, and refuses a day that does not exist', () => {
    expect(dayText('2025-11-04')).toBe('2025-11-04')
    expect(dayText(' 2025/11/4 ')).toBe('2025-11-04')
    expect(dayText('2025-1-9')).toBe('2025-01-09')
    expect(dayText('2025年11月4日')).toBe('2025-11-04')
    expect(dayText('')).toBe('')
    expect(dayText('2023-02-29')).toBeNull()
    expect(dayText('11/04/2025')).toBeNull()
    expect(dayText('yesterday')).toBeNull()
  })
})
