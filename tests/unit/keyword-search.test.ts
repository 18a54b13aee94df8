// The search box's keyword said to both revisions of the list endpoint: which documented field a
// typed keyword goes to, and when a server's answer plainly ignored it.
import { describe, expect, it } from 'vitest'
import { callListQuerySchema } from '../../shared/api-schemas'
import { keywordIgnored, plainlyUnmatched, readKeyword, withKeywordFields } from '../../shared/keyword-search'
import { MASKED_PHONE_EXAMPLE } from '../support/documented-api'

describe('the keyword rule', () => {
  it.each([
    // The docs' own examples: calledPhoneNumber 15364736473, callRecordId 145213, customerPersonName 张三.
    ['15364736473', 'calledPhoneNumber', '15364736473', '15364736473'],
    ['145213', 'callRecordId', '145213', '145213'],
    ['张三', 'customerPersonName', '张三', '张三'],
    // A mobile number however it is written.
    ['+86 153-6473-6473', 'calledPhoneNumber', '15364736473', '15364736473'],
    ['86 15364736473', 'calledPhoneNumber', '15364736473', '15364736473'],
    [' 153 6473 6473 ', 'calledPhoneNumber', '15364736473', '15364736473'],
    // A landline (from 0) and the visible part of a masked number are numbers.
    ['0571-8888 6666', 'calledPhoneNumber', '057188886666', '057188886666'],
    ['7777', 'calledPhoneNumber', '7777', '7777'],
    ['156', 'calledPhoneNumber', '156', '156'],
    // '#' marks a record id; 5 or more digits otherwise are one too (the list shows ids as #4870123).
    ['#4870123', 'callRecordId', '4870123', '4870123'],
    ['# 12', 'callRecordId', '12', '12'],
    ['58544416', 'callRecordId', '58544416', '58544416'],
    ['9007199254740993', 'callRecordId', '9007199254740993', '9007199254740993'],
    // Anything else is a name.
    ['张 三', 'customerPersonName', '张 三', '张 三'],
    ['Li Na', 'customerPersonName', 'Li Na', 'Li Na'],
    ['156****7777', 'customerPersonName', '156****7777', '156****7777'],
  ])('%j → %s', (typed, field, value, searchWords) => {
    expect(readKeyword(typed)).toEqual({ field, value, searchWords })
  })

  it('sends the keyword once to one documented field and as searchWords, never phone and id together', () => {
    expect(withKeywordFields({ robotCallJobId: 1, searchWords: ' 153 6473 6473 ' })).toEqual({ robotCallJobId: 1, searchWords: '15364736473', calledPhoneNumber: '15364736473' })
    expect(withKeywordFields({ robotCallJobId: 1, searchWords: '#145213' })).toEqual({ robotCallJobId: 1, searchWords: '145213', callRecordId: 145213 })
    expect(withKeywordFields({ robotCallJobId: 1, searchWords: '张三' })).toEqual({ robotCallJobId: 1, searchWords: '张三', customerPersonName: '张三' })
    // An id too large for a JSON number goes as searchWords alone (sent as a number it would be rounded).
    expect(withKeywordFields({ robotCallJobId: 1, searchWords: '9007199254740993' })).toEqual({ robotCallJobId: 1, searchWords: '9007199254740993' })
    // A query naming a field itself, or without a keyword, is left alone.
    expect(withKeywordFields({ robotCallJobId: 1, searchWords: '张三', calledPhoneNumber: '138' })).toEqual({ robotCallJobId: 1, searchWords: '张三', calledPhoneNumber: '138' })
    expect(withKeywordFields({ robotCallJobId: 1, searchWords: '  ' })).toEqual({ robotCallJobId: 1, searchWords: '  ' })
    // Whatever fits searchWords fits the field it goes to.
    for (const typed of ['1'.repeat(100), '张'.repeat(100), `+${'8'.repeat(99)}`]) {
      expect(callListQuerySchema.safeParse(withKeywordFields({ robotCallJobId: 1, searchWords: typed })).success, typed.slice(0, 3)).toBe(true)
    }
  })
})

describe('an answer that plainly ignored the keyword', () => {
  const row = (callRecordId: number, calledPhoneNumber: string | null) => ({ callRecordId, calledPhoneNumber })

  it('is told by rows that match the keyword under no reading', () => {
    const phone = { robotCallJobId: 1, searchWords: '13812345678' }
    expect(keywordIgnored([row(1, '13812345678')], phone)).toBeUndefined()
    const ignored = keywordIgnored([row(1, '13812345678'), row(2, '18817501728'), row(3, '15900001111')], phone)
    expect(ignored).toMatchObject({ field: 'calledPhoneNumber', value: '13812345678', unmatched: 2, listed: 3 })
    expect(ignored!.message['zh-CN']).toContain('服务器没有按关键字“13812345678”筛选')
    expect(ignored!.message.en).toContain('did not filter by the keyword “13812345678”')
    expect(keywordIgnored([row(47, '18817501728')], { robotCallJobId: 1, searchWords: '145213' })).toMatchObject({ field: 'callRecordId', unmatched: 1 })
  })

  it('does not take a masked number for a mismatch where a hidden digit may match', () => {
    const keyword = readKeyword('7777')!
    expect(plainlyUnmatched(row(1, MASKED_PHONE_EXAMPLE), keyword)).toBe(false)
    expect(plainlyUnmatched(row(1, MASKED_PHONE_EXAMPLE), readKeyword('15612347777')!)).toBe(false)
    // A shown digit that differs is a mismatch all the same.
    expect(plainlyUnmatched(row(1, MASKED_PHONE_EXAMPLE), readKeyword('13812347777')!)).toBe(true)
    expect(plainlyUnmatched(row(1, null), keyword)).toBeUndefined()
  })

  it('accepts what a server of the seed revision lists for searchWords: a number or an id', () => {
    // searchWords matches a phone number in part, an id whole: the seed lists both for '48700'.
    const rows = [row(48700, '13900001111'), row(48701, '13848700222')]
    expect(keywordIgnored(rows, { robotCallJobId: 1, searchWords: '48700' })).toBeUndefined()
  })

  it('judges a name only by names it knows: the record’s own, or one a cached detail gave', () => {
    const name = { robotCallJobId: 1, searchWords: '张三' }
    expect(keywordIgnored([row(1, '13800000000')], name)).toBeUndefined()
    expect(keywordIgnored([{ ...row(1, '13800000000'), customerPersonName: '李四' }], name)).toMatchObject({ unmatched: 1 })
    expect(keywordIgnored([row(1, '13800000000'), row(2, '13900000000')], name, (r) => (r.callRecordId === 1 ? '张三丰' : '王五'))).toMatchObject({ unmatched: 1, listed: 2 })
  })

  it('checks nothing when lastCallRecord sets the keyword aside', () => {
    expect(keywordIgnored([row(2, '18817501728')], { robotCallJobId: 1, searchWords: '13812345678', lastCallRecord: true })).toBeUndefined()
  })
})
