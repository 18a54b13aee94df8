// The list's own filters and orders, which the platform's list endpoint lacks (the reviewer's
// grade, disagreement with the AI, a note; oldest first, by duration): run over the calls of the
// task fetched to this computer so far, in the cache's index, with the platform's filters applied
// there exactly as offline (shared/call-query.ts). And each task's review progress, for the picker.
import type { CallRecord } from '../../../../shared/api-schemas'
import type { FetchedMatches, FetchedQuery, Grade, ReviewProgress } from '../../../../shared/ipc/contract'
import { compileLocalFilter, sortCalls } from '../../../../shared/local-filters'
import type { Id } from '../../../../shared/ids'
import type { CallCache } from '../cache'
import type { ReviewStore } from '../review'

export interface LocalListDeps {
  review: Pick<ReviewStore, 'grades' | 'allGrades'>
  cache: Pick<CallCache, 'load' | 'matchingIds' | 'record'>
  /** A task's finished calls as its figures were last fetched (null when never). */
  finishedCalls?: (robotCallJobId: Id) => number | null
}

export type LocalList = ReturnType<typeof createLocalList>

export function createLocalList(deps: LocalListDeps) {
  return {
    async query({ robotCallJobId, filters, local, sort }: FetchedQuery): Promise<FetchedMatches> {
      await deps.cache.load(robotCallJobId)
      const fetched = deps.cache.matchingIds({ robotCallJobId })
      const matching = Object.keys(filters).length ? deps.cache.matchingIds({ ...filters, robotCallJobId }) : fetched
      const grades = new Map<Id, Grade>((await deps.review.grades(robotCallJobId)).map((grade) => [grade.callRecordId, grade]))
      const keep = compileLocalFilter(local, (id) => grades.get(id))
      const calls: CallRecord[] = []
      for (const id of matching) {
        const call = deps.cache.record(robotCallJobId, id)
        if (call && keep(call)) calls.push(call)
      }
      return { ids: sortCalls(calls, sort).map((call) => call.callRecordId), fetched: fetched.length }
    },
    async calls(robotCallJobId: Id, callRecordIds: readonly Id[]): Promise<{ calls: CallRecord[] }> {
      await deps.cache.load(robotCallJobId)
      const calls: CallRecord[] = []
      for (const id of callRecordIds) {
        const call = deps.cache.record(robotCallJobId, id)
        if (call) calls.push(call)
      }
      return { calls }
    },
    async progress(): Promise<ReviewProgress> {
      const graded = new Map<Id, number>()
      for (const grade of await deps.review.allGrades()) {
        if (grade.realIntentLevel !== null) graded.set(grade.robotCallJobId, (graded.get(grade.robotCallJobId) ?? 0) + 1)
      }
      return {
        tasks: [...graded].map(([robotCallJobId, count]) => ({ robotCallJobId, graded: count, finishedCalls: deps.finishedCalls?.(robotCallJobId) ?? null })),
      }
    },
  }
}
