// Offline, the cache answers the list filters the docs define as the server does: the same calls
// for "latest call of each number" (lastCallRecord, with the filters it sets aside) and for a
// keyword, once the task is cached.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallListQuery } from '../../shared/api-schemas'
import { createOfflineStack } from '../../scripts/lib/offline-stack'
import { startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('offline-filters')

let sim: RunningSimulator
beforeEach(async () => {
  sim = await startSimulator({ port: 0, seed: 6 })
})
afterEach(async () => {
  await sim.close()
})

const job = () => sim.dataset.jobs[0]!.robotCallJobId

/** Every id of a query's answer, all pages, and where the answer came from. */
async function everyId(data: Awaited<ReturnType<typeof createOfflineStack>>['data'], query: Omit<CallListQuery, 'robotCallJobId'>) {
  const ids: number[] = []
  const sources = new Set<string>()
  for (let pageNum = 1; ; pageNum++) {
    const answer = await data.listCalls({ ...query, robotCallJobId: job(), pageNum, pageSize: 100 })
    sources.add(answer.source)
    ids.push(...answer.page.content.map((c) => c.callRecordId))
    if (pageNum >= answer.page.pages) return { ids, sources: [...sources] }
  }
}

type Filters = Omit<CallListQuery, 'robotCallJobId'>
type Ids = Awaited<ReturnType<typeof everyId>>

/** The whole task cached online, then each query answered online and, working offline, from the cache. */
async function onlineAndOffline(queries: Filters[]): Promise<{ query: Filters; online: Ids; offline: Ids }[]> {
  const dir = tempDir()
  const online = await createOfflineStack(dir, () => sim.url)
  await everyId(online.data, {})
  const fromServer: Ids[] = []
  for (const query of queries) fromServer.push(await everyId(online.data, query))
  const offline = await createOfflineStack(dir, () => sim.url, { workOffline: true })
  const answers = []
  for (const [i, query] of queries.entries()) answers.push({ query, online: fromServer[i]!, offline: await everyId(offline.data, query) })
  return answers
}

describe('offline filters', () => {
  it('lastCallRecord: the latest call of each number, the filters it keeps applied and the others set aside', async () => {
    const answers = await onlineAndOffline([
      { lastCallRecord: true },
      { lastCallRecord: true, resultStatuses: ['NO_ANSWER', 'BUSY'], redialTimes: 1 },
      { lastCallRecord: true, hangupBy: 'REMOTE_HANGUP', readStatus: 'HAS_READ', searchWords: '138', dialogFlowId: 9_999 },
      { lastCallRecord: false, redialTimes: 2 },
      { redialTimes: 0 },
    ])
    const total = sim.dataset.calls.filter((c) => c.robotCallJobId === job()).length
    for (const { query, online, offline } of answers) {
      expect(online.sources, JSON.stringify(query)).toEqual(['server'])
      expect(offline.sources, JSON.stringify(query)).toEqual(['cache'])
      expect(offline.ids, JSON.stringify(query)).toEqual(online.ids)
    }
    const [latest, kept, setAside, notLatest, redialAlone] = answers.map((a) => a.online.ids.length)
    expect(latest).toBeLessThan(total)
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(latest!)
    expect(setAside).toBe(latest)
    expect(notLatest).toBe(total)
    expect(redialAlone).toBe(total)
  })
})
