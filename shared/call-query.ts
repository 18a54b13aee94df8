// The list endpoint's filters, order and pagination, as the platform applies them. One
// implementation serves the simulated server and the offline cache, so a filter means the
// same thing online and offline.
import type { CallListQuery, Page } from './api-schemas'

export const DEFAULT_PAGE_SIZE = 20

/** The fields of a call the filters look at; list answers may leave any of them out. */
export interface FilterableCall {
  callRecordId: number
  robotCallJobId?: number | null
  dialogFlowId?: number | null
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
  customerGroupId?: number | null
  name?: string | null
}

/** Newest first, as the platform lists calls. */
export function byStartTimeDesc(a: FilterableCall, b: FilterableCall): number {
  const sa = a.startTime ?? ''
  const sb = b.startTime ?? ''
  return sa < sb ? 1 : sa > sb ? -1 : b.callRecordId - a.callRecordId
}

/** Whether a call passes every filter of the query (searchWords: phone or name substring, or exact id). */
export function callMatches(call: FilterableCall, q: CallListQuery, customer: CustomerFacts | undefined): boolean {
  if (call.robotCallJobId !== q.robotCallJobId) return false
  if (q.customerGroupId !== undefined && customer?.customerGroupId !== q.customerGroupId) return false
  if (q.dialogFlowId !== undefined && call.dialogFlowId !== q.dialogFlowId) return false
  if (q.resultStatuses && !q.resultStatuses.includes(call.resultStatus as never)) return false
  if (q.intentLevels && !q.intentLevels.includes(call.intentLevel as never)) return false
  const phone = call.calledPhoneNumber ?? ''
  const name = typeof call.customerPersonName === 'string' ? call.customerPersonName : (customer?.name ?? '')
  const words = q.searchWords?.trim()
  if (words && !(phone.includes(words) || String(call.callRecordId) === words || name.includes(words))) return false
  if (q.hangupBy !== undefined && call.hangupBy !== q.hangupBy) return false
  if (q.calledPhoneNumber && !phone.includes(q.calledPhoneNumber.trim())) return false
  if (q.callRecordId !== undefined && call.callRecordId !== q.callRecordId) return false
  if (q.customerPersonName && !name.includes(q.customerPersonName.trim())) return false
  if (q.realIntent !== undefined && (call.realIntentLevel != null) !== q.realIntent) return false
  if (q.customerConcern && !q.customerConcern.some((c) => (call.customerConcern ?? []).includes(c))) return false
  if (q.readStatus !== undefined && call.readStatus !== q.readStatus) return false
  const duration = call.chatDuration ?? 0
  if (q.chatDurationMin !== undefined && duration < q.chatDurationMin) return false
  if (q.chatDurationMax !== undefined && duration > q.chatDurationMax) return false
  if (q.lastCallRecord !== undefined && call.lastCallRecord !== q.lastCallRecord) return false
  if (q.redialTimes !== undefined && call.redialTimes !== q.redialTimes) return false
  return true
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
