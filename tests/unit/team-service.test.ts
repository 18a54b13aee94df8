// Team review through the app's own services (what the window's IPC serves), two reviewers and a
// lead on three desktops against one CouchDB: the team server in settings, the lead's plan, blind
// double review, disagreements settled with a note, and the reliability figures.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import type { Id } from '../../shared/ids'
import { createBrowserServices, type BrowserServices } from '../../scripts/lib/browser-services'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { setUpTeamDatabase } from '../../electron/main/services/team'
import { startTestCouch, type TestCouch } from '../../scripts/lib/couch-server'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('team-service')
let sim: RunningSimulator
let couch: TestCouch
const DB = `team-service-${process.pid}`

beforeAll(async () => {
  ;[sim, couch] = await Promise.all([startSimulator({ port: 0, seed: 3 }), startTestCouch()])
  await setUpTeamDatabase({
    adminUrl: couch.adminUrl,
    db: DB,
    users: [{ name: 'zhang', password: 'zhang-pw', lead: true }, { name: 'wang', password: 'wang-pw' }, { name: 'li', password: 'li-pw' }],
  })
}, 60_000)
afterAll(async () => {
  await sim?.close()
  await couch?.close()
})

const open: BrowserServices[] = []
afterAll(async () => {
  for (const services of open) await services.close()
})

/** One person's desktop, with the team server set. */
const profiles = new Map<BrowserServices, string>()

async function desktop(user: string, name: string, logs: string[] = []): Promise<BrowserServices> {
  const profileDir = tempDir()
  const services = createBrowserServices({
    profileDir,
    startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
    log: (line: string) => logs.push(line),
  })
  profiles.set(services, profileDir)
  open.push(services)
  await services.handlers.updateSettings({ reviewerName: name })
  await services.handlers.saveTeamServer({ url: couch.url, db: DB, user, password: `${user}-pw` })
  return services
}

let job: Id
let callIds: Id[]

describe('team review in the app', () => {
  it('keeps the team password out of the page and the log, and asks for it again for a new address', async () => {
    const logs: string[] = []
    const wang = await desktop('wang', '王', logs)
    const settings = await wang.handlers.getSettings(undefined)
    expect(settings.team).toEqual({ url: couch.url, db: DB, user: 'wang' })
    expect(JSON.stringify(settings)).not.toContain('wang-pw')
    // Same address and user: the saved password stays.
    await wang.handlers.saveTeamServer({ url: couch.url, db: DB, user: 'wang' })
    expect((await wang.handlers.syncTeam(undefined)).phase).toBe('synced')
    // Another address: not without the password.
    const refused = await wang.handlers.saveTeamServer({ url: 'https://couch.example.com', db: DB, user: 'wang' }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AppError)
    expect((refused as AppError).fields?.password?.['zh-CN']).toBe('新的地址或用户需要填写密码')
    const pw = join(profiles.get(wang)!, 'settings.json')
    expect(readFileSync(pw, 'utf8')).not.toContain('wang-pw')
    expect(logs.join('\n')).not.toContain('wang-pw')
    await wang.handlers.clearTeamServer(undefined)
    expect((await wang.handlers.getTeamStatus(undefined)).phase).toBe('off')
  })

  it('lets only a lead plan, and shares the calls fetched so far between the reviewers', async () => {
    const zhang = await desktop('zhang', '张组长')
    const wang = await desktop('wang', '王')
    const jobs = await zhang.handlers.listJobs({ pageNum: 1, pageSize: 20 })
    job = jobs.content.find((j) => j.status === 'COMPLETED')!.robotCallJobId
    const { page } = await zhang.handlers.listCalls({ robotCallJobId: job, pageNum: 1, pageSize: 20, resultStatuses: ['ANSWERED'] })
    callIds = page.content.map((c) => c.callRecordId)
    expect(callIds.length).toBeGreaterThanOrEqual(10)

    const notLead = await wang.handlers.planTeamTask({ robotCallJobId: job, reviewers: ['wang', 'li'], samplePercent: 50 }).catch((e: unknown) => e)
    expect((notLead as AppError).messages['zh-CN']).toMatch(/只有组长/)

    expect((await zhang.handlers.getTeamStatus(undefined)).lead).toBe(true)
    const task = await zhang.handlers.planTeamTask({ robotCallJobId: job, reviewers: ['wang', 'li'], samplePercent: 50, filters: { resultStatuses: ['ANSWERED'] } })
    expect(task.plan).toMatchObject({ reviewers: ['wang', 'li'], samplePercent: 50, createdBy: 'zhang', calls: callIds.length, sampled: Math.round(callIds.length / 2) })
    // Each call is someone's: first grades split evenly.
    const firsts = task.calls.map((c) => c.reviewers[0])
    expect(Math.abs(firsts.filter((r) => r === 'wang').length - firsts.filter((r) => r === 'li').length)).toBeLessThanOrEqual(1)
  })

  it('shows a reviewer their calls, keeps a sampled call blind until graded, and lists disagreements for the lead', async () => {
    const zhang = await desktop('zhang', '张组长')
    const wang = await desktop('wang', '王')
    const li = await desktop('li', '李')
    for (const d of [zhang, wang, li]) await d.handlers.syncTeam(undefined)
    const view = await wang.handlers.getTeamTask({ robotCallJobId: job })
    const mine = view.calls.filter((c) => c.mine)
    expect(mine.length).toBeGreaterThan(0)
    const sampled = view.calls.find((c) => c.sampled)!
    expect(sampled.reviewers.sort()).toEqual(['li', 'wang'])
    // "Only mine" in the list: the calls the plan gives this reviewer, over the calls fetched here.
    await wang.handlers.listCalls({ robotCallJobId: job, pageNum: 1, pageSize: 20, resultStatuses: ['ANSWERED'] })
    const listed = await wang.handlers.queryFetchedCalls({ robotCallJobId: job, filters: { resultStatuses: ['ANSWERED'] }, local: { mine: true }, sort: 'time-desc' })
    expect([...listed.ids].sort()).toEqual(mine.map((c) => c.callRecordId).sort())
    expect(listed.ids.length).toBeLessThan(callIds.length)

    // Li grades the sampled call first; Wang does not see it before grading it himself.
    await li.handlers.saveGrade({ robotCallJobId: job, callRecordId: sampled.callRecordId, realIntentLevel: 'A', note: '明确有意向' })
    await li.handlers.syncTeam(undefined)
    await wang.handlers.syncTeam(undefined)
    const before = (await wang.handlers.getTeamTask({ robotCallJobId: job })).calls.find((c) => c.callRecordId === sampled.callRecordId)!
    expect(before).toMatchObject({ blind: true, others: [], disagreement: false })
    expect((await wang.handlers.getTeamTask({ robotCallJobId: job })).reliability.pairs).toEqual([])
    await wang.handlers.saveGrade({ robotCallJobId: job, callRecordId: sampled.callRecordId, realIntentLevel: 'C', note: '' })
    const after = (await wang.handlers.getTeamTask({ robotCallJobId: job })).calls.find((c) => c.callRecordId === sampled.callRecordId)!
    expect(after).toMatchObject({ blind: false, disagreement: true, others: [{ reviewer: 'li', reviewerName: '李', realIntentLevel: 'A', note: '明确有意向' }] })

    // The lead sees the disagreement once Wang's grade is on the server, and settles it.
    await wang.handlers.syncTeam(undefined)
    await zhang.handlers.syncTeam(undefined)
    const lead = await zhang.handlers.getTeamTask({ robotCallJobId: job })
    expect(lead.calls.filter((c) => c.disagreement).map((c) => c.callRecordId)).toEqual([sampled.callRecordId])
    const settled = await zhang.handlers.settleTeamCall({ robotCallJobId: job, callRecordId: sampled.callRecordId, finalLevel: 'B', note: '客户有兴趣但没有明确时间' })
    const call = settled.calls.find((c) => c.callRecordId === sampled.callRecordId)!
    expect(call.settlement).toMatchObject({ finalLevel: 'B', settledBy: 'zhang', note: '客户有兴趣但没有明确时间', history: [] })
    expect(settled.reliability.pairs).toEqual([{ reviewers: ['li', 'wang'], calls: 1, agreed: 0, kappa: expect.any(Number) }])
    expect(settled.reliability.withFinal).toEqual([
      { reviewer: 'li', calls: 1, agreed: 0, rate: 0 },
      { reviewer: 'wang', calls: 1, agreed: 0, rate: 0 },
    ])
    // Settled again: the first settlement stays in the history.
    const again = await zhang.handlers.settleTeamCall({ robotCallJobId: job, callRecordId: sampled.callRecordId, finalLevel: 'A', note: '复听后改判' })
    expect(again.calls.find((c) => c.callRecordId === sampled.callRecordId)!.settlement!.history).toMatchObject([{ finalLevel: 'B', settledBy: 'zhang' }])

    // The reviewer's export carries the team: who they are there, the other grade, the final one.
    await wang.handlers.syncTeam(undefined)
    const file = await wang.handlers.exportGrades({ format: 'csv', language: 'zh-CN', robotCallJobId: job })
    const [header, row] = Buffer.from(file.base64, 'base64').toString('utf8').replace(/^\uFEFF/, '').split('\r\n')
    expect(header).toContain('团队用户,其他复核员评级,最终评级,裁定人,裁定说明')
    expect(row).toMatch(/,wang,李 A[^,]*,A[^,]*,zhang,复听后改判$/)
    // Without a team server the file is as it always was.
    const alone = await li.handlers.clearTeamServer(undefined).then(() => li.handlers.exportGrades({ format: 'csv', language: 'zh-CN', robotCallJobId: job }))
    expect(Buffer.from(alone.base64, 'base64').toString('utf8')).not.toContain('团队用户')
  })
})
