// The search box's keyword, said to both kinds of deployment. The seed revision of the list
// endpoint takes `searchWords` (phone number, record id or name, "关键字搜索"); today's docs
// dropped it (2019-07-09) for three separate filters, `calledPhoneNumber`, `callRecordId` and
// `customerPersonName`, which combine like every other filter (AND). So the keyword goes to the
// one documented field its form names, and as `searchWords` too: each server reads the one it
// knows and ignores the other. The field it goes to (README, search box hint):
//   - a mainland mobile number (11 digits from 1, with or without +86, spaces or dashes),
//     a number starting with 0 or +, or 1 to 4 digits (the visible part of a masked number,
//     138****5678)                                               → calledPhoneNumber
//   - # and digits, or any other run of 5 or more digits         → callRecordId
//   - anything else                                              → customerPersonName
// A run of digits goes to one field only: as both phone and id it would be AND-ed and match
// nothing. One function serves the app, the offline cache and the command line.
import type { CallListQuery, KeywordField } from './api-schemas'
import { applicableQuery } from './call-query'
import type { Bilingual } from './enums'
import type { IgnoredKeyword } from './ipc/contract'

export interface Keyword {
  /** The documented field the keyword is for. */
  field: KeywordField
  /** What that field gets (digits only for a number). */
  value: string
  /** What the seed's searchWords gets: the same, without '#', spaces or dashes. */
  searchWords: string
}

const MOBILE = /^(?:\+?86)?(1\d{10})$/

function recordId(digits: string): Keyword {
  const id = digits.replace(/^0+(?=\d)/, '')
  return { field: 'callRecordId', value: id, searchWords: id }
}

/** How a typed keyword is searched; undefined for an empty one. */
export function readKeyword(input: string | null | undefined): Keyword | undefined {
  const text = (input ?? '').trim()
  if (!text) return undefined
  const hashed = /^#\s*(\d+)$/.exec(text)
  if (hashed) return recordId(hashed[1] as string)
  const compact = text.replace(/[\s-]+/g, '')
  if (/^\+?\d+$/.test(compact)) {
    const mobile = MOBILE.exec(compact)?.[1]
    if (mobile) return { field: 'calledPhoneNumber', value: mobile, searchWords: mobile }
    const digits = compact.replace(/^\+/, '')
    if (compact.startsWith('+') || digits.startsWith('0') || digits.length <= 4) {
      return { field: 'calledPhoneNumber', value: digits, searchWords: digits }
    }
    return recordId(digits)
  }
  return { field: 'customerPersonName', value: text, searchWords: text }
}

type KeywordQuery = Pick<CallListQuery, 'searchWords' | KeywordField>

/** The documented field's part of a query for a keyword (nothing for an id too large to send as a number). */
export function keywordFields(keyword: Keyword): KeywordQuery {
  if (keyword.field === 'callRecordId') {
    const id = Number(keyword.value)
    return Number.isSafeInteger(id) && id > 0 ? { searchWords: keyword.searchWords, callRecordId: id } : { searchWords: keyword.searchWords }
  }
  return { searchWords: keyword.searchWords, [keyword.field]: keyword.value }
}

/**
 * The query with its keyword (searchWords) also in the documented field it names, for either
 * kind of server. Unchanged when it has no keyword, or names one of the fields itself.
 */
export function withKeywordFields<T extends KeywordQuery>(query: T): T {
  if (query.calledPhoneNumber !== undefined || query.callRecordId !== undefined || query.customerPersonName !== undefined) return query
  const keyword = readKeyword(query.searchWords)
  return keyword ? { ...query, ...keywordFields(keyword) } : query
}

/** The keyword a query searches for, read the way withKeywordFields sends it. */
export function keywordOf(query: KeywordQuery): Keyword | undefined {
  if (query.calledPhoneNumber !== undefined) return { field: 'calledPhoneNumber', value: query.calledPhoneNumber, searchWords: query.searchWords ?? query.calledPhoneNumber }
  if (query.callRecordId !== undefined) return { field: 'callRecordId', value: String(query.callRecordId), searchWords: query.searchWords ?? String(query.callRecordId) }
  if (query.customerPersonName !== undefined) return { field: 'customerPersonName', value: query.customerPersonName, searchWords: query.searchWords ?? query.customerPersonName }
  return readKeyword(query.searchWords)
}

/** Whether `phone` (maybe masked, 156****7777) can contain `digits`: a hidden digit may be any. */
function phoneMayContain(phone: string, digits: string): boolean {
  for (let at = 0; at + digits.length <= phone.length; at++) {
    let fits = true
    for (let i = 0; i < digits.length && fits; i++) fits = phone[at + i] === '*' || phone[at + i] === digits[i]
    if (fits) return true
  }
  return false
}

/** A listed call as the check below reads it. */
export interface KeywordRow {
  callRecordId: number
  calledPhoneNumber?: string | null
  customerPersonName?: unknown
}

/**
 * Whether a row of an answer to the keyword plainly is no match for it, under either revision's
 * reading (the documented field, or searchWords' phone, id or name): true when it is none of
 * them, false when it is one, undefined when the row does not say (no number for a run of digits,
 * no known name for a name). A masked number (156****7777) is no match only where a shown digit
 * differs. A run of digits is taken never to be part of a name.
 */
export function plainlyUnmatched(row: KeywordRow, keyword: Keyword, knownName: () => string | undefined = () => undefined): boolean | undefined {
  const phone = row.calledPhoneNumber ?? ''
  if (keyword.field === 'customerPersonName') {
    const name = typeof row.customerPersonName === 'string' ? row.customerPersonName : knownName()
    if (name?.includes(keyword.value) || phone.includes(keyword.value)) return false
    return name === undefined ? undefined : true
  }
  if (String(row.callRecordId) === keyword.searchWords) return false
  if (!phone) return undefined
  return !phoneMayContain(phone, keyword.searchWords)
}

const FIELD_NAMES: Record<KeywordField, Bilingual> = {
  calledPhoneNumber: { 'zh-CN': '被叫号码', en: 'called number' },
  callRecordId: { 'zh-CN': '通话 ID', en: 'call ID' },
  customerPersonName: { 'zh-CN': '客户姓名', en: 'customer name' },
}

/**
 * Whether a server's answer to a keyword search plainly ignored it: some of the calls it listed
 * match the keyword under no reading. Undefined when it did not (or the rows cannot tell), and
 * when the query sets the keyword aside (lastCallRecord). `nameOf` gives a call's customer name
 * when known from elsewhere (a cached detail): list rows carry none.
 */
export function keywordIgnored(
  rows: readonly KeywordRow[],
  query: Partial<CallListQuery>,
  nameOf: (row: KeywordRow) => string | undefined = () => undefined,
): IgnoredKeyword | undefined {
  const keyword = keywordOf(applicableQuery(query))
  if (!keyword) return undefined
  const unmatched = rows.filter((row) => plainlyUnmatched(row, keyword, () => nameOf(row)) === true).length
  if (unmatched === 0) return undefined
  const name = FIELD_NAMES[keyword.field]
  const value = keyword.field === 'customerPersonName' ? keyword.value : keyword.searchWords
  return {
    field: keyword.field,
    value,
    unmatched,
    listed: rows.length,
    message: {
      'zh-CN':
        `服务器没有按关键字“${value}”筛选：它列出的 ${rows.length} 通中有 ${unmatched} 通与之不符（按“${name['zh-CN']}”查找，` +
        `已同时发送 ${keyword.field} 和 searchWords），因此不作为搜索结果显示。可清除关键字，或离线工作，在本机缓存的通话中搜索。`,
      en:
        `The server did not filter by the keyword “${value}”: ${unmatched} of the ${rows.length} calls it listed do not match it ` +
        `(searched as the ${name.en}, sent as ${keyword.field} and searchWords), so they are not shown as search results. ` +
        'Clear the keyword, or work offline to search the calls cached on this computer.',
    },
  }
}
