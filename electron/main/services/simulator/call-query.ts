// The list endpoint's filters, order and pagination over the data set.
import type { CallListQuery, JobListQuery, Page } from '../../../../shared/api-schemas'
import type { SimCall, SimCustomer, SimJob } from './types'

export const DEFAULT_PAGE_SIZE = 20

/** Newest first, as the platform lists calls. */
export function byStartTimeDesc(a: SimCall, b: SimCall): number {
  return a.startTime < b.startTime ? 1 : a.startTime > b.startTime ? -1 : b.callRecordId - a.callRecordId
}

/** Whether a call passes every filter of the query (searchWords: phone or name substring, or exact id). */
export function callMatches(call: SimCall, q: CallListQuery, customer: SimCustomer | undefined): boolean {
  if (call.robotCallJobId !== q.robotCallJobId) return false
  if (q.customerGroupId !== undefined && customer?.customerGroupId !== q.customerGroupId) return false
  if (q.dialogFlowId !== undefined && call.dialogFlowId !== q.dialogFlowId) return false
  if (q.resultStatuses && !q.resultStatuses.includes(call.resultStatus)) return false
  if (q.intentLevels && !q.intentLevels.includes(call.intentLevel)) return false
  const words = q.searchWords?.trim()
  if (words) {
    const hit = call.calledPhoneNumber.includes(words) || String(call.callRecordId) === words || call.customerPersonName.includes(words)
    if (!hit) return false
  }
  if (q.hangupBy !== undefined && call.hangupBy !== q.hangupBy) return false
  if (q.calledPhoneNumber && !call.calledPhoneNumber.includes(q.calledPhoneNumber.trim())) return false
  if (q.callRecordId !== undefined && call.callRecordId !== q.callRecordId) return false
  if (q.customerPersonName && !call.customerPersonName.includes(q.customerPersonName.trim())) return false
  if (q.realIntent !== undefined && (call.realIntentLevel !== null) !== q.realIntent) return false
  if (q.customerConcern && !q.customerConcern.some((c) => call.customerConcern.includes(c))) return false
  if (q.readStatus !== undefined && call.readStatus !== q.readStatus) return false
  if (q.chatDurationMin !== undefined && call.chatDuration < q.chatDurationMin) return false
  if (q.chatDurationMax !== undefined && call.chatDuration > q.chatDurationMax) return false
  if (q.lastCallRecord !== undefined && call.lastCallRecord !== q.lastCallRecord) return false
  if (q.redialTimes !== undefined && call.redialTimes !== q.redialTimes) return false
  return true
}

export function jobMatches(job: SimJob, q: JobListQuery): boolean {
  if (q.name && !job.name.includes(q.name.trim())) return false
  if (q.status && job.status !== q.status) return false
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
