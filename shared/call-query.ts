// The list endpoint's filters, order and pagination, as the platform applies them. One
// implementation serves the simulated server and the offline cache, so a filter means the
// same thing online and offline.
import type { CallListQuery, Page } from './api-schemas'
import { compareIds, parseIdText, type Id } from './ids'

/**
 * With `lastCallRecord` true (是否去重查询: only the latest call of each number) the docs say
 * "条件只有 robotCallJobId resultStatuses intentLevels chatDurationMin chatDurationMax redialTimes
 * 有效": these apply, every other filter is set aside. `redialTimes` applies only then.
 */
export const LATEST_ATTEMPT_FILTERS = ['robotCallJobId', 'resultStatuses', 'intentLevels', 'chatDurationMin', 'chatDurationMax', 'redialTimes'] as const

/** The filters `lastCallRecord` sets aside (paging is not a filter). */
export const SET_ASIDE_BY_LATEST_ATTEMPT = [
  'searchWords',
  'calledPhoneNumber',
  'callRecordId',
  'customerPersonName',
  'customerGroupId',
  'dialogFlowId',
  'hangupBy',
  'realIntent',
  'readStatus',
  'customerConcern',
] as const satisfies readonly (keyof CallListQuery)[]

const SET_ASIDE: ReadonlySet<string> = new Set(SET_ASIDE_BY_LATEST_ATTEMPT)

/**
 * The query as the platform applies it: with `lastCallRecord` true, without the filters that sets
 * aside; otherwise without `redialTimes` and without `lastCallRecord` (false or absent both mean
 * every call, no dedupe, not "calls that are not the latest").
 */
export function applicableQuery<T extends Partial<CallListQuery>>(q: T): T {
  const latest = q.lastCallRecord === true
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined) continue
    if (latest ? SET_ASIDE.has(key) : key === 'redialTimes' || key === 'lastCallRecord') continue
    out[key] = value
  }
  return out as T
}

export const DEFAULT_PAGE_SIZE = 20

/** The fields of a call the filters look at; list answers may leave any of them out. */
export interface FilterableCall {
  callRecordId: Id
  robotCallJobId?: Id | null
  dialogFlowId?: Id | null
  /** 子任务 id: one per called number in a task, shared by its redials. */
  robotCallTaskId?: Id | null
  calledPhoneNumber?: string | null
  customerPersonName?: unknown
  resultStatus?: string | null
  intentLevel?: string | null
  realIntentLevel?: string | null
  customerConcern?: string[] | null
  readStatus?: string | null
  hangupBy?: unknown
  chatDuration?: number | null
  redialTimes?: unknown
  startTime?: string | null
}

/** What the call record itself may not say, known from its customer. */
export interface CustomerFacts {
  customerGroupId?: Id | null
  name?: string | null
}

const START_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/

/**
 * A start time ("2024-11-05 10:23:45", or with a "T") as one number that orders like the time:
 * 20241105102345. A missing or unreadable time gives -1, so those calls come last.
 */
export function startTimeKey(startTime: string | null | undefined): number {
  const m = startTime ? START_TIME.exec(startTime) : null
  if (!m) return -1
  return Number(`${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6] ?? '00'}`)
}

/** Newest first, as the platform lists calls; calls of the same second by id, highest first. */
export function byStartTimeDesc(a: FilterableCall, b: FilterableCall): number {
  return startTimeKey(b.startTime) - startTimeKey(a.startTime) || compareIds(b.callRecordId, a.callRecordId)
}

type Check = (call: FilterableCall, customer: CustomerFacts | undefined) => boolean

/** What a call is a repeat of: its robotCallTask (one per called number of a task), else its
 *  number in its task, else nothing (it stands alone). */
function attemptKey(call: FilterableCall): string {
  if (call.robotCallTaskId != null) return `${call.robotCallJobId ?? ''}|t${call.robotCallTaskId}`
  if (call.calledPhoneNumber) return `${call.robotCallJobId ?? ''}|p${call.calledPhoneNumber}`
  return `c${call.callRecordId}`
}

/**
 * The latest call of each number (in list order: the newest start time, then the highest id),
 * what `lastCallRecord` keeps: "是否过滤重复通话记录只显示最近的一条". The latest is chosen among
 * all of a number's calls first; the other filters then apply to it.
 */
export function latestAttempts<T extends FilterableCall>(calls: Iterable<T>): Set<T> {
  const latest = new Map<string, T>()
  for (const call of calls) {
    const key = attemptKey(call)
    const known = latest.get(key)
    if (!known || byStartTimeDesc(call, known) < 0) latest.set(key, call)
  }
  return new Set(latest.values())
}

const nameOf = (call: FilterableCall, customer: CustomerFacts | undefined): string =>
  typeof call.customerPersonName === 'string' ? call.customerPersonName : (customer?.name ?? '')

/**
 * The query's filters as one predicate, built once per query: only the filters it sets are
 * checked, so filtering a large cache stays fast. (searchWords: phone or name substring, or exact id.)
 * The filters apply as `applicableQuery` says; with `lastCallRecord` true only the calls in
 * `latest` (latestAttempts of the task's calls) pass.
 */
export function compileCallFilter(query: CallListQuery, latest?: ReadonlySet<FilterableCall>): Check {
  const q = applicableQuery(query)
  const checks: Check[] = [(call) => call.robotCallJobId === q.robotCallJobId]
  if (q.lastCallRecord) {
    if (!latest) throw new Error('lastCallRecord needs the latest attempt of each number')
    checks.push((call) => latest.has(call))
  }
  const { customerGroupId, dialogFlowId, hangupBy, callRecordId, realIntent, readStatus, redialTimes } = q
  if (customerGroupId !== undefined) checks.push((_, customer) => customer?.customerGroupId === customerGroupId)
  if (dialogFlowId !== undefined) checks.push((call) => call.dialogFlowId === dialogFlowId)
  if (q.resultStatuses) {
    const statuses = new Set<string>(q.resultStatuses)
    checks.push((call) => statuses.has(call.resultStatus ?? ''))
  }
  if (q.intentLevels) {
    const levels = new Set<string>(q.intentLevels)
    checks.push((call) => levels.has(call.intentLevel ?? ''))
  }
  const words = q.searchWords?.trim()
  if (words) {
    // The id matches when the words are exactly its decimal form; compared in the id's one form
    // (ids.ts), so no string is made per call.
    const asId = /^[1-9]\d*$/.test(words) ? (parseIdText(words) ?? Number.NaN) : Number.NaN
    checks.push(
      (call, customer) => (call.calledPhoneNumber ?? '').includes(words) || call.callRecordId === asId || nameOf(call, customer).includes(words),
    )
  }
  if (hangupBy !== undefined) checks.push((call) => call.hangupBy === hangupBy)
  const phone = q.calledPhoneNumber?.trim()
  if (phone) checks.push((call) => (call.calledPhoneNumber ?? '').includes(phone))
  if (callRecordId !== undefined) checks.push((call) => call.callRecordId === callRecordId)
  const name = q.customerPersonName?.trim()
  if (name) checks.push((call, customer) => nameOf(call, customer).includes(name))
  if (realIntent !== undefined) checks.push((call) => (call.realIntentLevel != null) === realIntent)
  if (q.customerConcern) {
    const concerns = q.customerConcern
    checks.push((call) => concerns.some((c) => (call.customerConcern ?? []).includes(c)))
  }
  if (readStatus !== undefined) checks.push((call) => call.readStatus === readStatus)
  const { chatDurationMin: min, chatDurationMax: max } = q
  if (min !== undefined) checks.push((call) => (call.chatDuration ?? 0) >= min)
  if (max !== undefined) checks.push((call) => (call.chatDuration ?? 0) <= max)
  if (redialTimes !== undefined) checks.push((call) => call.redialTimes === redialTimes)
  return (call, customer) => {
    for (const check of checks) if (!check(call, customer)) return false
    return true
  }
}

/** Whether a call passes every filter of the query (`latest`: as for compileCallFilter). */
export function callMatches(call: FilterableCall, q: CallListQuery, customer: CustomerFacts | undefined, latest?: ReadonlySet<FilterableCall>): boolean {
  return compileCallFilter(q, latest)(call, customer)
}

/** `number` is the page asked for (1-based); a page past the end is empty. */
export function paginate<T>(items: readonly T[], pageNum = 1, pageSize = DEFAULT_PAGE_SIZE): Page<T> {
  const from = (pageNum - 1) * pageSize
  return {
    number: pageNum,
    pageSize,
    totalElements: items.length,
    pages: Math.ceil(items.length / pageSize),
    content: items.slice(from, from + pageSize),
  }
}
