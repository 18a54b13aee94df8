// The search box's keyword, said to both kinds of deployment. The seed revision of the list
// endpoint takes `searchWords` (phone number, record id or name, "关键字搜索"); today's docs
// dropped it (2019-07-09) for three separate filters, `calledPhoneNumber`, `callRecordId` and
// `customerPersonName`, which combine like every other filter (AND). So the keyword goes to the
// documented field its form names, and as `searchWords` too: each server reads the one it knows
// and ignores the other. The field (README, the search box's hint):
//   - a whole number: 11 digits from 1 (a mainland mobile; +86, spaces, dashes allowed), or
//     digits starting with 0 (a landline) or +                     → calledPhoneNumber
//   - # and digits                                                 → callRecordId
//   - any other run of digits: could be either, and sent as both phone and id it would be AND-ed
//     and match nothing; so it is asked in turn: the call with that id (callRecordId), and when
//     the task has none, the numbers containing the digits (calledPhoneNumber, e.g. 5678 or the
//     7 digits a reviewer remembers)
//   - anything else                                                → customerPersonName
// One rule serves the API client (so the app and the command line), the offline cache and the
// check of an answer that ignored the keyword.
import type { CallListQuery, KeywordField } from './api-schemas'
import { applicableQuery } from './call-query'
import type { Bilingual } from './enums'
import { parseIdText, type Id } from './ids'
import type { IgnoredKeyword } from './ipc/contract'

export interface Keyword {
  /** The documented field the keyword is asked in first. */
  field: KeywordField
  /** What that field gets (digits only for a number). */
  value: string
  /** What the seed's searchWords gets: the same, without '#', spaces or dashes. */
  searchWords: string
  /** A run of digits that is not a whole number: when no call has it as its id, it is asked
   *  again as part of a phone number. */
  thenPhone?: true
}

const MOBILE = /^(?:\+?86)?(1\d{10})$/

/** How a typed keyword is searched; undefined for an empty one. */
export function readKeyword(input: string | null | undefined): Keyword | undefined {
  const text = (input ?? '').trim()
  if (!text) return undefined
  const hashed = /^#\s*(\d+)$/.exec(text)
  if (hashed) {
    const id = (hashed[1] as string).replace(/^0+(?=\d)/, '')
    return { field: 'callRecordId', value: id, searchWords: id }
  }
  const compact = text.replace(/[\s-]+/g, '')
  if (/^\+?\d+$/.test(compact)) {
    const mobile = MOBILE.exec(compact)?.[1]
    if (mobile) return { field: 'calledPhoneNumber', value: mobile, searchWords: mobile }
    const digits = compact.replace(/^\+/, '')
    if (compact.startsWith('+') || digits.startsWith('0')) return { field: 'calledPhoneNumber', value: digits, searchWords: digits }
    return { field: 'callRecordId', value: digits, searchWords: digits, thenPhone: true }
  }
  return { field: 'customerPersonName', value: text, searchWords: text }
}

type KeywordQuery = Pick<CallListQuery, 'searchWords' | KeywordField>

/** An id the list query can carry: the digits' exact id (a long one as its digits, sent as a bare
 *  JSON number, shared/ids.ts), never a rounded Number(). */
function sendableId(value: string): Id | undefined {
  return parseIdText(value)
}

/**
 * The queries that ask for the keyword (searchWords), in turn: each carries it as searchWords
 * and in one documented field; the first whose answer has calls is the answer, else the last.
 * One query, unchanged, when there is no keyword or the query names a field itself. A run of
 * digits gives two (the id, exact however long, then the phone number; the number alone for a
 * run too long to be an id at all).
 */
export function keywordAttempts<T extends KeywordQuery>(query: T): T[] {
  if (query.calledPhoneNumber !== undefined || query.callRecordId !== undefined || query.customerPersonName !== undefined) return [query]
  const keyword = readKeyword(query.searchWords)
  if (!keyword) return [query]
  const searchWords = keyword.searchWords
  if (keyword.field === 'customerPersonName') return [{ ...query, searchWords, customerPersonName: keyword.value }]
  if (keyword.field === 'calledPhoneNumber') return [{ ...query, searchWords, calledPhoneNumber: keyword.value }]
  const id = sendableId(keyword.value)
  const byId = id === undefined ? [] : [{ ...query, searchWords, callRecordId: id }]
  return keyword.thenPhone ? [...byId, { ...query, searchWords, calledPhoneNumber: keyword.value }] : byId.length ? byId : [{ ...query, searchWords }]
}

/** The keyword a query searches for, read the way keywordAttempts asks for it. */
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
  callRecordId: Id
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
  const value = keyword.field === 'customerPersonName' ? keyword.value : keyword.searchWords
  const fields = keyword.thenPhone ? (['callRecordId', 'calledPhoneNumber'] as const) : [keyword.field]
  const how = {
    'zh-CN': fields.map((field) => `“${FIELD_NAMES[field]['zh-CN']}”`).join('、再按'),
    en: fields.map((field) => FIELD_NAMES[field].en).join(', then as the '),
  }
  return {
    field: keyword.field,
    value,
    unmatched,
    listed: rows.length,
    message: {
      'zh-CN':
        `服务器没有按关键字“${value}”筛选：它列出的 ${rows.length} 通中有 ${unmatched} 通与之不符（按${how['zh-CN']}查找，` +
        `每次都同时发送了 searchWords），因此不作为搜索结果显示。可清除关键字，或离线工作，在本机缓存的通话中搜索。`,
      en:
        `The server did not filter by the keyword “${value}”: ${unmatched} of the ${rows.length} calls it listed do not match it ` +
        `(searched as the ${how.en}, each time with searchWords too), so they are not shown as search results. ` +
        'Clear the keyword, or work offline to search the calls cached on this computer.',
    },
  }
}
