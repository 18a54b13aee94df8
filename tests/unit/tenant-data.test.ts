// The tenant's names and the task figures through the data source, as the app composes it:
// fetched from the server and cached for the account, answered from the cache offline, and
// standing back (built-in names, the flow id typed in) where neither has them. The export names
// the levels by them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { createOfflineStack } from '../../scripts/lib/offline-stack'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('tenant')

let sim: RunningSimulator
let dir: string

beforeEach(async () => {
  sim = await startSimulator({ port: 0, seed: 6 })
  dir = tempDir()
})
afterEach(async () => {
  await sim.close()
})

const setup = (workOffline = false) => createOfflineStack(dir, () => sim.url, { workOffline })
const salesJob = () => sim.dataset.jobs[0]!
const idleJob = () => sim.dataset.jobs.find((job) => job.completedTask === 0)!

describe('the tenant’s intent label groups', () => {
  it('come from the server by level, are cached, and are answered from the cache once it is down', async () => {
    const { data } = await setup()
    const online = await data.intentLabels()
    expect(online.source).toBe('server')
    const sales = online.groups.find((g) => g.intentLevelTagId === 52)!
    expect(sales.levels).toMatchObject({ A: '很好', B: '好' })
    // A group naming four levels leaves E and F to the built-in names.
    const survey = online.groups.find((g) => g.intentLevelTagId === 54)!
    expect(Object.keys(survey.levels).sort()).toEqual(['A', 'B', 'C', 'D'])
    expect(online.groups.find((g) => g.intentLevelTagId === 0)?.levels.F).toBe('F类')

    await sim.close()
    const offline = await data.intentLabels()
    expect(offline).toEqual({ ...online, source: 'cache' })
    sim = await startSimulator({ port: 0 })
  })

  it('are none (the built-in names stand in) where neither the server nor the cache has them', async () => {
    // An older server without the endpoint answers code 404.
    sim.injectFault({ target: 'usedIntentLevelTags', kind: 'code', code: 404 })
    const { data } = await setup()
    expect(await data.intentLabels()).toEqual({ groups: [], source: 'none', fetchedAt: null })
    sim.clearFaults()
    expect((await data.intentLabels()).source).toBe('server')
    // Then the server fails: the cached groups stand in.
    sim.injectFault({ target: 'usedIntentLevelTags', kind: 'code', code: 500 })
    expect((await data.intentLabels()).source).toBe('cache')
  })

  it('leave out one group the server will not give, keeping the others', async () => {
    sim.injectFault({ target: 'intentLevelTag', kind: 'code', code: 404, times: 1 })
    const { data } = await setup()
    const labels = await data.intentLabels()
    expect(labels.source).toBe('server')
    expect(labels.groups.length).toBe(sim.dataset.intentLevelTags.length - 1)
  })
})

describe('the tenant’s dialogue flows', () => {
  it('are listed by name, cached, and answered from the cache when working offline', async () => {
    const { data, settings } = await setup()
    const online = await data.dialogFlows()
    expect(online.source).toBe('server')
    expect(online.flows.map((f) => f.name)).toContain(sim.dataset.dialogFlows[0]!.name)
    await settings.update({ workOffline: true })
    expect(await data.dialogFlows()).toEqual({ ...online, source: 'cache' })
  })

  it('are none offline with nothing cached', async () => {
    const { data } = await setup(true)
    expect(await data.dialogFlows()).toEqual({ flows: [], source: 'none', fetchedAt: null })
  })
})

describe('a task’s figures', () => {
  it('join getJobDetail and getJobStats, are cached, and come from the cache offline', async () => {
    const { data } = await setup()
    const figures = await data.jobFigures(salesJob().robotCallJobId)
    expect(figures).toMatchObject({ robotCallJobId: salesJob().robotCallJobId, source: 'server' })
    expect(figures.detail?.robotCallJob.dialogFlowName).toBe(sim.dataset.dialogFlows[0]!.name)
    const answered = sim.dataset.calls.filter((c) => c.robotCallJobId === salesJob().robotCallJobId && c.resultStatus === 'ANSWERED').length
    expect(figures.stats?.answeredTask).toBe(answered)

    await sim.close()
    expect(await data.jobFigures(salesJob().robotCallJobId)).toEqual({ ...figures, source: 'cache' })
    // A task never looked at is not in the cache: the server's failure is said.
    const error = await data.jobFigures(idleJob().robotCallJobId).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).kind).toBe('connection-refused')
    sim = await startSimulator({ port: 0 })
  })

  it('keep the part the server gives when it lacks the other endpoint', async () => {
    sim.injectFault({ target: 'jobStats', kind: 'code', code: 404 })
    const { data } = await setup()
    const figures = await data.jobFigures(salesJob().robotCallJobId)
    expect(figures.stats).toBeNull()
    expect(figures.detail?.completedTask).toBe(salesJob().completedTask)
    // Both missing is a failure, not an empty answer.
    sim.injectFault({ target: 'jobDetail', kind: 'code', code: 404 })
    await expect(data.jobFigures(salesJob().robotCallJobId)).rejects.toMatchObject({ kind: 'api-code' })
  })

  it('say so offline when not cached', async () => {
    const { data } = await setup(true)
    await expect(data.jobFigures(salesJob().robotCallJobId)).rejects.toMatchObject({ kind: 'not-cached' })
  })
})

describe('the export names the levels the tenant’s way', () => {
  it('writes the AI level and the grade with the names of the call’s group', async () => {
    const { data, handlers, review } = await setup()
    const job = salesJob().robotCallJobId
    await data.intentLabels()
    const page = (await data.listCalls({ robotCallJobId: job, intentLevels: ['A'], pageSize: 5 })).page
    const call = page.content[0]!
    await review.saveGrade({ robotCallJobId: job, callRecordId: call.callRecordId, realIntentLevel: 'B', note: '' }, '审核员')
    const file = await handlers.exportGrades({ robotCallJobId: job, format: 'csv', language: 'zh-CN' })
    const text = Buffer.from(file.base64, 'base64').toString('utf8')
    const row = text.split('\r\n').find((line) => line.includes(String(call.callRecordId)))!
    // 很好 is the call's own name of A; 好 is its group's name of B.
    expect(row).toContain(',A 很好,B 好,')
  })
})
