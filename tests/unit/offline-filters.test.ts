// Offline, the cache answers the list filters the docs define as the server does: the same calls
// for "latest call of each number" (lastCallRecord, with the filters it sets aside) and for a
// keyword, once the task is cached.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallListQuery } from '../../shared/api-schemas'
import type { Id } from '../../shared/ids'
import { createOfflineStack } from '../../scripts/lib/offline-stack'
import { startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { useTempDirs } from '../support/temp-dirs'
import { LIST_RESPONSE_EXAMPLE, MASKED_PHONE_EXAMPLE } from '../support/documented-api'

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
  const ids: Id[] = []
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

  it('keyword: a phone number, part of one and a record id match online and offline alike; a name offline by the names details gave', async () => {
    const calls = sim.dataset.calls.filter((c) => c.robotCallJobId === job())
    const names = new Map(sim.dataset.customers.map((p) => [p.customerPersonId, p.name]))
    const sample = calls[7]!
    const name = names.get(sample.customerPersonId)!
    const dir = tempDir()
    const online = await createOfflineStack(dir, () => sim.url)
    await everyId(online.data, {})
    // The details of the sample's customer's calls tell its name (list rows carry none).
    for (const call of calls.filter((c) => c.customerPersonId === sample.customerPersonId)) await online.data.detail(call.callRecordId)
    const queries = [sample.calledPhoneNumber, sample.calledPhoneNumber.slice(-4), sample.calledPhoneNumber.slice(1, 8), `#${sample.callRecordId}`, String(sample.callRecordId), name]
    const fromServer = []
    for (const searchWords of queries) fromServer.push(await everyId(online.data, { searchWords }))
    const offline = await createOfflineStack(dir, () => sim.url, { workOffline: true })
    for (const [i, searchWords] of queries.entries()) {
      const cached = await everyId(offline.data, { searchWords })
      expect(cached.sources, searchWords).toEqual(['cache'])
      if (searchWords === name) {
        // Offline, only customers whose name a cached detail gave can be found by name.
        const server = new Set(fromServer[i]!.ids)
        expect(cached.ids.every((id) => server.has(id))).toBe(true)
        expect(cached.ids.sort()).toEqual(calls.filter((c) => c.customerPersonId === sample.customerPersonId).map((c) => c.callRecordId).sort())
      } else {
        expect(cached.ids, searchWords).toEqual(fromServer[i]!.ids)
      }
    }
    // And after a restart, from the files: the names learned are kept.
    const again = await createOfflineStack(dir, () => sim.url, { workOffline: true })
    expect((await everyId(again.data, { searchWords: name })).ids.length).toBeGreaterThan(0)
  })

  it('says so, instead of listing its calls, when a server plainly ignored the keyword', async () => {
    const { data } = await createOfflineStack(tempDir(), () => sim.url)
    // A server that reads neither searchWords nor calledPhoneNumber: the documented answer, whatever was asked.
    sim.injectFault({ target: 'callList', kind: 'answer', body: JSON.parse(LIST_RESPONSE_EXAMPLE) })
    const answer = await data.listCalls({ robotCallJobId: 50, searchWords: '13912345678' })
    expect(answer.source).toBe('server')
    expect(answer.page).toMatchObject({ totalElements: 0, pages: 0, content: [] })
    expect(answer.searchIgnored).toMatchObject({ field: 'calledPhoneNumber', value: '13912345678', unmatched: 1, listed: 1 })
    expect(answer.searchIgnored!.message['zh-CN']).toMatch(/^服务器没有按关键字“13912345678”筛选/)
    // Without a keyword the same answer is the list.
    expect((await data.listCalls({ robotCallJobId: 50 })).page.content.map((c) => c.callRecordId)).toEqual([47])
    // A row whose number is masked where the keyword's digits would be is not taken for a mismatch.
    const masked = JSON.parse(LIST_RESPONSE_EXAMPLE) as { data: { content: Record<string, unknown>[] } }
    masked.data.content[0]!['calledPhoneNumber'] = MASKED_PHONE_EXAMPLE
    sim.clearFaults()
    sim.injectFault({ target: 'callList', kind: 'answer', body: masked })
    const maskedAnswer = await data.listCalls({ robotCallJobId: 50, searchWords: '7777' })
    expect(maskedAnswer.searchIgnored).toBeUndefined()
    expect(maskedAnswer.page.content).toHaveLength(1)
  })
})
