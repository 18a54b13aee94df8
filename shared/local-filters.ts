// Filters and orders the platform's list endpoint does not have: by the reviewer's own grades and
// notes, and by time or duration either way. They run over the calls fetched to this computer so
// far (the cache's index), never over the server's list: one implementation for main (which
// filters) and the page (which names them).
import { INTENT_LEVELS, type IntentLevel } from './enums'
import { startTimeKey } from './call-query'
import { compareIds, type Id } from './ids'

/** The reviewer's grade a call must have: none yet, or one level. */
export type MyGradeFilter = 'ungraded' | IntentLevel

export interface LocalFilters {
  myGrade?: MyGradeFilter
  /** Graded, with an AI level (A–F), and the two differ. */
  disagrees?: true
  /** The reviewer wrote a note. */
  hasNote?: true
}

/** Newest first is the platform's own order; the others need the local index. */
export const CALL_SORTS = ['time-desc', 'time-asc', 'duration-desc', 'duration-asc'] as const
export type CallSort = (typeof CALL_SORTS)[number]
export const DEFAULT_SORT: CallSort = 'time-desc'

/** Whether the list must come from the local index (a local filter, or an order the server lacks). */
export function needsLocalIndex(local: LocalFilters, sort: CallSort): boolean {
  return local.myGrade !== undefined || local.disagrees === true || local.hasNote === true || sort !== DEFAULT_SORT
}

/** What the local filters read of a grade. */
export interface GradeFacts {
  realIntentLevel: string | null
  note: string
}

/** What they read of a call. */
export interface LocalCall {
  callRecordId: Id
  intentLevel?: string | null
  chatDuration?: number | null
  startTime?: string | null
}

const isLevel = (value: string | null | undefined): boolean => !!value && (INTENT_LEVELS as readonly string[]).includes(value)

/** The local filters as one predicate; `gradeOf` gives the reviewer's grade of a call, if any. */
export function compileLocalFilter(local: LocalFilters, gradeOf: (callRecordId: Id) => GradeFacts | undefined): (call: LocalCall) => boolean {
  const checks: ((call: LocalCall, grade: GradeFacts | undefined) => boolean)[] = []
  const { myGrade } = local
  if (myGrade === 'ungraded') checks.push((_, grade) => !grade?.realIntentLevel)
  else if (myGrade !== undefined) checks.push((_, grade) => grade?.realIntentLevel === myGrade)
  // As the report's agreement counts: a pair needs both levels, A–F.
  if (local.disagrees) checks.push((call, grade) => isLevel(grade?.realIntentLevel) && isLevel(call.intentLevel) && grade?.realIntentLevel !== call.intentLevel)
  if (local.hasNote) checks.push((_, grade) => !!grade?.note.trim())
  return (call) => {
    if (checks.length === 0) return true
    const grade = gradeOf(call.callRecordId)
    return checks.every((check) => check(call, grade))
  }
}

/** The calls in the order asked; `calls` come in the platform's order (newest first), which breaks ties. */
export function sortCalls<T extends LocalCall>(calls: readonly T[], sort: CallSort): T[] {
  if (sort === 'time-desc') return [...calls]
  if (sort === 'time-asc') {
    // Oldest first; a call without a readable time stays last, as in the platform's order.
    const key = (call: LocalCall) => {
      const time = startTimeKey(call.startTime)
      return time < 0 ? Number.MAX_SAFE_INTEGER : time
    }
    return [...calls].sort((a, b) => key(a) - key(b) || compareIds(a.callRecordId, b.callRecordId))
  }
  const sign = sort === 'duration-desc' ? -1 : 1
  // Array.prototype.sort is stable: calls of the same duration keep the platform's order.
  return [...calls].sort((a, b) => sign * ((a.chatDuration ?? 0) - (b.chatDuration ?? 0)))
}
