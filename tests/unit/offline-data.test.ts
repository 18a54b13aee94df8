// The data source against the simulator: everything fetched is cached, and when the server
// cannot be reached (or the reviewer works offline) the same queries are answered locally.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { createOfflineStack } from '../../scripts/lib/offline-stack'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('offline')

let sim: RunningSimulator
let dir: string

beforeEach(async () => {
  sim = await startSimulator({ port: 0, seed: 4 })
  dir = tempDir()
})
afterEach(async () => {
  await sim.close()
})

/** The services as main-services.ts composes them, on stores in the test's folder. */
function setup(workOffline = false) {
  return createOfflineStack(dir, () => sim.url, { workOffline })
}

const job = () => sim.dataset.jobs[0]!.robotCallJobId

describe('offline-first data source', () => {
  it('answers the same filtered, paged query from the cache once the server is down', async () => {
    const { data, connectivity } = await setup()
    // Cache the whole task online, a page at a time.
    for (let pageNum = 1; ; pageNum++) {
      const page = (await data.listCalls({ robotCallJobId: job(), pageNum, pageSize: 100 })).page
      if (pageNum >= page.pages) break
    }
    const query = { robotCallJobId: job(), resultStatuses: ['ANSWERED' as const], intentLevels: ['A' as const, 'B' as const], pageNum: 2, pageSize: 10 }
    const online = (await data.listCalls(query)).page
    expect(connectivity.state().online).toBe(true)

    await sim.close()
    const offlineAnswer = await data.listCalls(query)
    const offline = offlineAnswer.page
    expect(connectivity.state().online).toBe(false)
    expect(offlineAnswer).toMatchObject({ source: 'cache', fetchedAt: expect.any(Number) })
    expect(offline.totalElements).toBe(online.totalElements)
    expect(offline.content.map((c) => c.callRecordId)).toEqual(online.content.map((c) => c.callRecordId))

    // Keyword search over phone number runs locally too.
    const phone = online.content[0]!.calledPhoneNumber!
    const found = (await data.listCalls({ robotCallJobId: job(), searchWords: phone.slice(3, 9), pageSize: 100 })).page
    expect(found.content.map((c) => c.callRecordId)).toContain(online.content[0]!.callRecordId)
    sim = await startSimulator({ port: 0 })
  })

  it('filters by customer group offline, from groups learned online from group-filtered pages and from details', async () => {
    const { data } = await setup()
    const groupOf = (c: { customerPersonId: number }) => sim.dataset.customers.find((p) => p.customerPersonId === c.customerPersonId)!.customerGroupId
    const calls = sim.dataset.calls.filter((c) => c.robotCallJobId === job())
    const groups = [...new Set(calls.map(groupOf))].sort()
    expect(groups.length).toBeGreaterThan(1)
    const [byList, byDetail] = [groups[0]!, groups[1]!]
    // The whole task, once without a group; then one group's calls by the group filter.
    for (let pageNum = 1; ; pageNum++) {
      if (pageNum >= (await data.listCalls({ robotCallJobId: job(), pageNum, pageSize: 100 })).page.pages) break
    }
    const everyPage = async (customerGroupId: number) => {
      const ids: number[] = []
      for (let pageNum = 1; ; pageNum++) {
        const page = (await data.listCalls({ robotCallJobId: job(), customerGroupId, pageNum, pageSize: 100 })).page
        ids.push(...page.content.map((c) => c.callRecordId))
        if (pageNum >= page.pages) return ids
      }
    }
    const listed = await everyPage(byList)
    expect(listed.length).toBeGreaterThan(100)
    // The other group's calls only by opening their details.
    const ofOther = calls.filter((c) => groupOf(c) === byDetail)
    for (const call of ofOther.slice(0, 3)) await data.detail(call.callRecordId)

    await sim.close()
    expect(await data.listCalls({ robotCallJobId: job(), customerGroupId: byList })).toMatchObject({ source: 'cache', fetchedAt: expect.any(Number) })
    expect(await everyPage(byList)).toEqual(listed)
    // Only the calls whose group is known: the three opened.
    const offlineOther = (await data.listCalls({ robotCallJobId: job(), customerGroupId: byDetail, pageSize: 100 })).page
    expect(offlineOther.content.map((c) => c.callRecordId).sort()).toEqual(ofOther.slice(0, 3).map((c) => c.callRecordId).sort())
    sim = await startSimulator({ port: 0 })
  })

  it('serves cached details, and the task list, when offline', async () => {
    const { data } = await setup()
    await data.listJobs({ pageNum: 1, pageSize: 100 })
    const page = (await data.listCalls({ robotCallJobId: job(), pageSize: 5 })).page
    const id = page.content[0]!.callRecordId
    const detail = await data.detail(id)
    await sim.close()
    expect((await data.detail(id)).callDetailList).toEqual(detail.callDetailList)
    const jobs = await data.listJobs({ name: sim.dataset.jobs[0]!.name.slice(0, 4) })
    expect(jobs.content.map((j) => j.robotCallJobId)).toEqual([job()])
    // Nothing cached for this call: the original failure, clearly.
    await expect(data.detail(page.content[4]!.callRecordId + 999_999)).rejects.toMatchObject({ kind: 'connection-refused' })
    sim = await startSimulator({ port: 0 })
  })

  it('keeps the cache across restarts and uses it when the reviewer works offline', async () => {
    const first = await setup()
    const online = (await first.data.listCalls({ robotCallJobId: job(), pageSize: 20 })).page
    const offline = await setup(true)
    const before = sim.requestLog.length
    const cached = (await offline.data.listCalls({ robotCallJobId: job(), pageSize: 20 })).page
    expect(sim.requestLog.length).toBe(before) // never asked the server
    expect(cached.content.map((c) => c.callRecordId)).toEqual(online.content.map((c) => c.callRecordId))
    expect(offline.connectivity.state().online).toBe(false)
    // What was never cached is said to be so, by its own kind, without asking the server.
    await expect(offline.data.detail(online.content[0]!.callRecordId)).rejects.toMatchObject({ kind: 'not-cached' })
    expect(sim.requestLog.length).toBe(before)
  })

  it('notices the server coming back', async () => {
    const { data, connectivity } = await setup()
    await data.listCalls({ robotCallJobId: job(), pageSize: 5 })
    sim.injectFault({ kind: 'reset' })
    await data.listCalls({ robotCallJobId: job(), pageSize: 5 })
    expect(connectivity.state().online).toBe(false)
    sim.clearFaults()
    await data.probe()
    expect(connectivity.state().online).toBe(true)
  })

  it('does not fall back to the cache for errors that are not about reaching the server', async () => {
    const { data } = await setup()
    await data.listCalls({ robotCallJobId: job(), pageSize: 5 })
    sim.injectFault({ target: 'callList', kind: 'code', code: 403 })
    await expect(data.listCalls({ robotCallJobId: job(), pageSize: 5 })).rejects.toMatchObject({ kind: 'api-code', code: 403 })
  })
})
