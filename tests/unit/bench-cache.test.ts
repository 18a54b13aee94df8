// The cache benchmark's calls, laid down as the bench does, are what the cache answers: a filtered
// search equals a brute-force one, and details and stored timings come back for the calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callDetailSchema, callRecordSchema, type CallListQuery } from '../../shared/api-schemas'
import { startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { fillCache, makeCalls, offlineReader, type CallFiles } from '../../scripts/bench/cache'
import { useTempDirs } from '../support/temp-dirs'
import { compareIds, type Id } from '../../shared/ids'
import { ALIGNMENT_REVISION } from '../../electron/main/services/alignment'

const JOB_ID = 77
const tempDir = useTempDirs('bench-cache')
let sim: RunningSimulator

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 2 })
})
afterAll(async () => {
  await sim.close()
})

/** Templates straight from the data set, read as the API client reads them: the detail as the API adds to a call. */
function templates(): CallFiles[] {
  return sim.dataset.calls.slice(0, 60).map((call) => {
    const record = callRecordSchema.parse(structuredClone(call))
    const customerPerson = sim.dataset.customers.find((c) => c.customerPersonId === call.customerPersonId) ?? null
    const detail = callDetailSchema.parse({ ...structuredClone(call), endTime: call.startTime, customerPerson, attributes: [] })
    const turns = call.callDetailList.map((u, i) => ({ callDetailId: u.callDetailId, start: i, end: i + 0.5 }))
    // Stamped with the engine's revision, as the app stores them (older ones are measured again).
    const timings = { result: { method: 'proportional', estimated: false, durationSec: call.chatDuration, turns, regions: [] }, corrections: {}, revision: ALIGNMENT_REVISION }
    return { record, detail, timings }
  })
}

/** The filter written out by hand: status, intent, then phone or name substring or exact id; newest first. */
function bruteForce(calls: readonly CallFiles[], q: Required<Pick<CallListQuery, 'searchWords'>>): Id[] {
  return calls
    .map((c) => c.record)
    .filter((r) => r.resultStatus === 'ANSWERED' && (r.intentLevel === 'A' || r.intentLevel === 'B'))
    .filter((r) => (r.calledPhoneNumber ?? '').includes(q.searchWords) || String(r['customerPersonName']).includes(q.searchWords) || String(r.callRecordId) === q.searchWords)
    .sort((a, b) => ((a.startTime ?? '') < (b.startTime ?? '') ? 1 : (a.startTime ?? '') > (b.startTime ?? '') ? -1 : compareIds(b.callRecordId, a.callRecordId)))
    .map((r) => r.callRecordId)
}

describe('cache benchmark data', () => {
  it('is answered by the cache like a brute-force filter, with details and timings', async () => {
    const dir = tempDir()
    const calls = makeCalls(templates(), sim.dataset.customers.map((c) => c.name), 2000, JOB_ID, 3)
    fillCache(dir, calls, JOB_ID, 1_700_000_000_000)

    // Read back by the services the app's composition root builds, offline.
    const { cache, timing } = await offlineReader(dir)
    expect(cache.matchingIds({ robotCallJobId: JOB_ID })).toHaveLength(2000)
    const words = ['13', (calls[5]?.record.calledPhoneNumber ?? '').slice(4, 8), calls[9]?.record['customerPersonName'] as string, String(calls[17]?.record.callRecordId)]
    for (const searchWords of words) {
      const expected = bruteForce(calls, { searchWords })
      const page = cache.query({ robotCallJobId: JOB_ID, resultStatuses: ['ANSWERED'], intentLevels: ['A', 'B'], searchWords, pageNum: 1, pageSize: 1000 })
      expect(page?.page.totalElements).toBe(expected.length)
      expect(page?.page.content.map((r) => r.callRecordId)).toEqual(expected)
    }
    expect(bruteForce(calls, { searchWords: '13' }).length).toBeGreaterThan(20)

    // The details and the timings the bench lays down are the ones the services read.
    for (const call of [calls[0], calls[777], calls[1999]]) {
      const id = call?.record.callRecordId ?? 0
      expect(cache.detail(id)?.detail.calledPhoneNumber).toBe(call?.record.calledPhoneNumber)
      const answer = await timing.timings(id)
      expect(answer.estimated).toBe(false)
      expect(answer.turns.length).toBe(call?.detail.callDetailList?.length)
    }
  })
})
