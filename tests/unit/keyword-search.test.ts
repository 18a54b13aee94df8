// The search box's keyword said to both revisions of the list endpoint: which documented field a
// typed keyword goes to, and when a server's answer plainly ignored it.
import { describe, expect, it } from 'vitest'
import { callListQuerySchema, type CallListQuery } from '../../shared/api-schemas'
import { keywordAttempts, keywordIgnored, plainlyUnmatched, readKeyword } from '../../shared/keyword-search'
import { MASKED_PHONE_EXAMPLE } from '../support/documented-api'

describe('the keyword rule', () => {
  it.each([
    // The docs' own examples: calledPhoneNumber 15364736473, callRecordId 145213, customerPersonName 张三.
    ['15364736473', { field: 'calledPhoneNumber', value: '15364736473', searchWords: '15364736473' }],
    ['145213', { field: 'callRecordId', value: '145213', searchWords: '145213', thenPhone: true }],
    ['张三', { field: 'customerPersonName', value: '张三', searchWords: '张三' }],
    // A mobile number however it is written.
    ['+86 153-6473-6473', { field: 'calledPhoneNumber', value: '15364736473', searchWords: '15364736473' }],
    ['86 15364736473', { field: 'calledPhoneNumber', value: '15364736473', searchWords: '15364736473' }],
    [' 153 6473 6473 ', { field: 'calledPhoneNumber', value: '15364736473', searchWords: '15364736473' }],
    // A landline (from 0) or a number from + is a number.
    ['0571-8888 6666', { field: 'calledPhoneNumber', value: '057188886666', searchWords: '057188886666' }],
    ['+1 415 555 0100', { field: 'calledPhoneNumber', value: '14155550100', searchWords: '14155550100' }],
    // '#' marks a record id (the list shows ids as #4870123).
    ['#4870123', { field: 'callRecordId', value: '4870123', searchWords: '4870123' }],
    ['# 012', { field: 'callRecordId', value: '12', searchWords: '12' }],
    // Other digits: an id if a call has it, else part of a number (the last four, the 7 one remembers).
    ['7777', { field: 'callRecordId', value: '7777', searchWords: '7777', thenPhone: true }],
    ['1381234', { field: 'callRecordId', value: '1381234', searchWords: '1381234', thenPhone: true }],
    // Anything else is a name.
    ['张 三', { field: 'customerPersonName', value: '张 三', searchWords: '张 三' }],
    ['Li Na', { field: 'customerPersonName', value: 'Li Na', searchWords: 'Li Na' }],
    ['156****7777', { field: 'customerPersonName', value: '156****7777', searchWords: '156****7777' }],
  ])('%j', (typed, keyword) => {
    expect(readKeyword(typed)).toEqual(keyword)
  })

  it('asks a field at a time with searchWords alongside, never phone and id together', () => {
    const q = (searchWords: string, more: Partial<CallListQuery> = {}) => keywordAttempts<CallListQuery>({ robotCallJobId: 1, searchWords, ...more })
    expect(q(' 153 6473 6473 ')).toEqual([{ robotCallJobId: 1, searchWords: '15364736473', calledPhoneNumber: '15364736473' }])
    expect(q('#145213')).toEqual([{ robotCallJobId: 1, searchWords: '145213', callRecordId: 145213 }])
    expect(q('张三')).toEqual([{ robotCallJobId: 1, searchWords: '张三', customerPersonName: '张三' }])
    // A run of digits: the id first, then the number.
    expect(q('145213')).toEqual([
      { robotCallJobId: 1, searchWords: '145213', callRecordId: 145213 },
      { robotCallJobId: 1, searchWords: '145213', calledPhoneNumber: '145213' },
    ])
    // An id beyond 2^53 is sent exact (its digits, written as a bare JSON number), never rounded.
    expect(q('9007199254740993')).toEqual([
      { robotCallJobId: 1, searchWords: '9007199254740993', callRecordId: '9007199254740993' },
      { robotCallJobId: 1, searchWords: '9007199254740993', calledPhoneNumber: '9007199254740993' },
    ])
    expect(q('#9007199254740993')).toEqual([{ robotCallJobId: 1, searchWords: '9007199254740993', callRecordId: '9007199254740993' }])
    expect(q('#0009007199254740993')).toEqual([{ robotCallJobId: 1, searchWords: '9007199254740993', callRecordId: '9007199254740993' }])
    // A safe id stays a number (one form per id).
    expect(q('#9007199254740991')[0]!.callRecordId).toBe(9007199254740991)
    // A run too long to be an id at all: the number alone.
    expect(q('1'.repeat(40))).toEqual([{ robotCallJobId: 1, searchWords: '1'.repeat(40), calledPhoneNumber: '1'.repeat(40) }])
    // A query naming a field itself, or without a keyword, is asked as it is.
    expect(q('张三', { calledPhoneNumber: '138' })).toEqual([{ robotCallJobId: 1, searchWords: '张三', calledPhoneNumber: '138' }])
    expect(q('  ')).toEqual([{ robotCallJobId: 1, searchWords: '  ' }])
    for (const attempts of [q('1'), q('145213'), q('张三'), q('#1')]) {
      for (const attempt of attempts) expect([attempt.calledPhoneNumber, attempt.callRecordId, attempt.customerPersonName].filter((v) => v !== undefined)).toHaveLength(1)
    }
    // Whatever fits searchWords fits the field it goes to.
    for (const typed of ['1'.repeat(100), '张'.repeat(100), `+${'8'.repeat(99)}`]) {
      for (const attempt of q(typed)) expect(callListQuerySchema.safeParse(attempt).success, typed.slice(0, 3)).toBe(true)
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
