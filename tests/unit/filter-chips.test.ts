// The active filters as chips: one per value, each removing exactly that value, named in the
// reviewer's language.
import { describe, expect, it, vi } from 'vitest'
import { filterChips, filtersBehindToggle, type ChipText, type FilterView } from '../../renderer/src/filters/chips'
import { translate } from '../../renderer/src/i18n'
import type { Language } from '../../shared/enums'

// The translations are read through the i18n module, whose settings store would reach the bridge.
vi.mock('../../renderer/src/api', () => ({ api: {}, onConnectionFailure: () => () => {} }))

const text = (language: Language): ChipText => ({
  t: (key, params) => translate(language, key, params),
  status: (code) => (code === 'ANSWERED' ? (language === 'en' ? 'Answered' : '已接听') : code),
  level: (level) => `${level} 级`,
  hangup: (value) => value,
  flow: (id) => `flow ${String(id)}`,
})

const VIEW: FilterView = {
  filters: { resultStatuses: ['ANSWERED', 'BUSY'], intentLevels: ['A'], searchWords: '张', dialogFlowId: 7, realIntent: false, chatDurationMin: 10 },
  local: { myGrade: 'ungraded', hasNote: true },
  sort: 'duration-desc',
}

describe('filter chips', () => {
  it('names every value set, the platform’s filters first, then the local ones and the order', () => {
    expect(filterChips(VIEW, text('zh-CN')).map((chip) => chip.label)).toEqual([
      '通话结果：已接听',
      '通话结果：BUSY',
      'AI 意向：A 级',
      '关键字：张',
      '话术：flow 7',
      '人工标注：未标注',
      '最短时长（秒）：10',
      '我的评定：未评定',
      '有备注',
      '排序：时长（长→短）',
    ])
    expect(filterChips(VIEW, text('en')).map((chip) => chip.label)).toContain('My grade: Ungraded')
    expect(filterChips(VIEW, text('en')).map((chip) => chip.label)).toContain('Order: Longest first')
  })

  it('removes only its own value; the last value of a list removes the filter', () => {
    const chips = filterChips(VIEW, text('zh-CN'))
    const byKey = (key: string) => chips.find((chip) => chip.key === key)!.next
    expect(byKey('resultStatuses:BUSY').filters.resultStatuses).toEqual(['ANSWERED'])
    expect('intentLevels' in byKey('intentLevels:A').filters).toBe(false)
    expect('realIntent' in byKey('realIntent').filters).toBe(false)
    expect(byKey('myGrade')).toEqual({ ...VIEW, local: { hasNote: true } })
    expect(byKey('hasNote')).toEqual({ ...VIEW, local: { myGrade: 'ungraded' } })
    expect(byKey('sort')).toEqual({ ...VIEW, sort: 'time-desc' })
  })

  it('shows the words searched in the transcripts as a chip, which ends the search and keeps the rest', () => {
    const view: FilterView = { ...VIEW, transcript: '额度 提升' }
    const chips = filterChips(view, text('zh-CN'))
    expect(chips.map((chip) => chip.label)).toContain('通话文本含：额度 提升')
    expect(filterChips(view, text('en')).map((chip) => chip.label)).toContain('Transcript has: 额度 提升')
    expect(chips.find((chip) => chip.key === 'transcript')!.next).toEqual({ ...VIEW, transcript: null })
    // Another chip removed, the search goes on.
    expect(chips.find((chip) => chip.key === 'hasNote')!.next.transcript).toBe('额度 提升')
  })

  it('has no chip when nothing narrows or reorders the list', () => {
    expect(filterChips({ filters: { lastCallRecord: false }, local: {}, sort: 'time-desc' }, text('zh-CN'))).toEqual([])
  })

  it('counts the filters behind the filter form’s toggle: every chip but the keyword box’s own', () => {
    // The ten chips of VIEW less its keyword (searchWords); the words searched in the transcripts are the box's too.
    expect(filtersBehindToggle(VIEW)).toBe(9)
    expect(filtersBehindToggle({ ...VIEW, transcript: '额度' })).toBe(9)
    expect(filtersBehindToggle({ filters: { callRecordId: 5 }, local: {}, sort: 'time-desc', transcript: '额度' })).toBe(0)
    expect(filtersBehindToggle({ filters: {}, local: { disagrees: true }, sort: 'time-asc' })).toBe(2)
  })
})
