// The list endpoint's filters, order and pagination, as the platform applies them. One
// implementation serves the simulated server and the offline cache, so a filter means the
// same thing online and offline.
import type { CallListQuery, Page } from './api-schemas'
import { compareIds, parseIdText, type Id } from './ids'

export const DEFAULT_PAGE_SIZE = 20

/** The fields of a call the filters look at; list answers may leave any of them out. */
export interface FilterableCall {
  callRecordId: Id
  robotCallJobId?: Id | null
  dialogFlowId?: Id | null
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
  lastCallRecord?: unknown
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

const nameOf = (call: FilterableCall, customer: CustomerFacts | undefined): string =>
  typeof call.customerPersonName === 'string' ? call.customerPersonName : (customer?.name ?? '')

/**
 * The query's filters as one predicate, built once per query: only the filters it sets are
 * checked, so filtering a large cache stays fast. (searchWords: phone or name substring, or exact id.)
 */
export function compileCallFilter(q: CallListQuery): Check {
  const checks: Check[] = [(call) => call.robotCallJobId === q.robotCallJobId]
  const { customerGroupId, dialogFlowId, hangupBy, callRecordId, realIntent, readStatus, lastCallRecord, redialTimes } = q
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
  if (lastCallRecord !== undefined) checks.push((call) => call.lastCallRecord === lastCallRecord)
  if (redialTimes !== undefined) checks.push((call) => call.redialTimes === redialTimes)
  return (call, customer) => {
    for (const check of checks) if (!check(call, customer)) return false
    return true
  }
}

/** Whether a call passes every filter of the query. */
export function callMatches(call: FilterableCall, q: CallListQuery, customer: CustomerFacts | undefined): boolean {
  return compileCallFilter(q)(call, customer)
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
