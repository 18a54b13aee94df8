// The list's own filters and orders (the reviewer's grade, disagreement with the AI, a note; oldest
// first, by duration) over the calls fetched so far, and each task's review progress.
import { describe, expect, it } from 'vitest'
import type { CallRecord } from '../../shared/api-schemas'
import { compileLocalFilter, needsLocalIndex, sortCalls, type GradeFacts } from '../../shared/local-filters'
import { createCallCache } from '../../electron/main/services/cache/call-cache'
import { createLocalList } from '../../electron/main/services/local-list'
import { createReviewStore } from '../../electron/main/services/review'
import { confStores } from '../../scripts/lib/offline-stack'
import { useTempDirs } from '../support/temp-dirs'
import type { Id } from '../../shared/ids'

const tempDir = useTempDirs('local-filters')
const JOB = 31

const call = (callRecordId: number, intentLevel: string | null, chatDuration: number, startTime: string | null): CallRecord => ({
  callRecordId,
  robotCallJobId: JOB,
  intentLevel,
  chatDuration,
  startTime,
  resultStatus: 'ANSWERED',
})

// In the platform's order: newest first.
const CALLS = [
  call(6, 'A', 30, '2025-11-03 10:00:00'),
  call(5, 'B', 90, '2025-11-02 10:00:00'),
  call(4, 'C', 10, '2025-11-02 09:00:00'),
  call(3, 'G', 90, '2025-11-01 10:00:00'),
  call(2, null, 0, '2025-11-01 09:00:00'),
  call(1, 'A', 45, null),
]
const GRADES: Record<number, GradeFacts> = {
  6: { realIntentLevel: 'A', note: '' },
  5: { realIntentLevel: 'C', note: '价格' },
  4: { realIntentLevel: null, note: '回拨' },
  3: { realIntentLevel: 'B', note: '  ' },
  2: { realIntentLevel: 'D', note: '' },
}
const gradeOf = (id: Id) => GRADES[Number(id)]
const ids = (calls: readonly CallRecord[]) => calls.map((c) => c.callRecordId)

describe('local filters', () => {
  it.each([
    [{ myGrade: 'ungraded' as const }, [4, 1]],
    [{ myGrade: 'C' as const }, [5]],
    // Only pairs the report's agreement counts: both levels A–F (not G, not none).
    [{ disagrees: true as const }, [5]],
    [{ hasNote: true as const }, [5, 4]],
    [{ myGrade: 'ungraded' as const, hasNote: true as const }, [4]],
    [{}, [6, 5, 4, 3, 2, 1]],
  ])('%j keeps %j', (local, expected) => {
    expect(ids(CALLS.filter(compileLocalFilter(local, gradeOf)))).toEqual(expected)
  })

  it('orders by time either way and by duration either way, ties in the platform’s order', () => {
    expect(ids(sortCalls(CALLS, 'time-desc'))).toEqual([6, 5, 4, 3, 2, 1])
    // A call without a time stays last.
    expect(ids(sortCalls(CALLS, 'time-asc'))).toEqual([2, 3, 4, 5, 6, 1])
    expect(ids(sortCalls(CALLS, 'duration-desc'))).toEqual([5, 3, 1, 6, 4, 2])
    expect(ids(sortCalls(CALLS, 'duration-asc'))).toEqual([2, 4, 6, 1, 5, 3])
  })

  it('needs the local index only for a local filter or an order the platform lacks', () => {
    expect(needsLocalIndex({}, 'time-desc')).toBe(false)
    expect(needsLocalIndex({}, 'duration-asc')).toBe(true)
    expect(needsLocalIndex({ hasNote: true }, 'time-desc')).toBe(true)
  })
})

describe('the local list over the fetched calls', () => {
  async function setUp() {
    const dir = tempDir()
    const cache = createCallCache(confStores(dir))
    cache.putRecords(JOB, CALLS)
    const review = createReviewStore({ dir: `${dir}/reviews` })
    for (const [id, grade] of Object.entries(GRADES)) {
      await review.saveGrade({ robotCallJobId: JOB, callRecordId: Number(id), realIntentLevel: grade.realIntentLevel as 'A' | null, note: grade.note }, '')
    }
    const list = createLocalList({ review, cache, finishedCalls: (id) => (id === JOB ? 120 : null) })
    return { list, review, cache }
  }

  it('applies the platform’s filters as offline, then the local ones, in the order asked, counting what was fetched', async () => {
    const { list, review } = await setUp()
    const answer = await list.query({ robotCallJobId: JOB, filters: { intentLevels: ['A', 'B', 'C'] }, local: { myGrade: 'ungraded' }, sort: 'duration-desc' })
    expect(answer).toEqual({ ids: [1, 4], fetched: 6 })
    expect(await list.query({ robotCallJobId: JOB, filters: {}, local: {}, sort: 'time-asc' })).toEqual({ ids: [2, 3, 4, 5, 6, 1], fetched: 6 })
    // A task nothing of which is fetched.
    expect(await list.query({ robotCallJobId: 99, filters: {}, local: {}, sort: 'time-desc' })).toEqual({ ids: [], fetched: 0 })
    await review.close()
  })

  it('gives fetched calls by id in the order asked, leaving out what is not fetched', async () => {
    const { list, review } = await setUp()
    expect(ids((await list.calls(JOB, [4, 77, 6])).calls)).toEqual([4, 6])
    await review.close()
  })

  it('counts graded calls per task (a note alone is no grade), with the finished calls last fetched', async () => {
    const { list, review } = await setUp()
    await review.saveGrade({ robotCallJobId: 8, callRecordId: 800, realIntentLevel: 'F', note: '' }, '')
    const progress = await list.progress()
    expect(progress.tasks).toEqual(
      expect.arrayContaining([
        { robotCallJobId: JOB, graded: 4, finishedCalls: 120 },
        { robotCallJobId: 8, graded: 1, finishedCalls: null },
      ]),
    )
    expect(progress.tasks).toHaveLength(2)
    await review.close()
  })
})
