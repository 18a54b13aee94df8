// Team review through the app's own services (what the window's IPC serves), two reviewers and a
// lead on three desktops against one CouchDB: the team server in settings, the lead's plan, blind
// double review, disagreements settled with a note, and the reliability figures.
import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import type { Id } from '../../shared/ids'
import { createBrowserServices, type BrowserServices } from '../../scripts/lib/browser-services'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { setUpTeamDatabase } from '../../electron/main/services/team'
import { startTestCouch, type TestCouch } from '../../scripts/lib/couch-server'
import { parseCsvStrict } from '../support/csv-reader'
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

    // The reviewer's export carries the team: who they are there, the other grade, the final one
    // with where it came from — the same final grade as the lead's team result.
    const own = view.calls.find((c) => c.mine && !c.sampled)!
    await wang.handlers.saveGrade({ robotCallJobId: job, callRecordId: own.callRecordId, realIntentLevel: 'D', note: '' })
    await wang.handlers.syncTeam(undefined)
    const file = await wang.handlers.exportGrades({ format: 'csv', language: 'zh-CN', robotCallJobId: job })
    const lines = Buffer.from(file.base64, 'base64').toString('utf8').replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toContain('团队用户,其他复核员评级,最终评级,最终评级来源,裁定人,裁定说明')
    const rowOf = (id: Id) => lines.find((l) => l.includes(`,"=""${id}""",`))
    expect(rowOf(sampled.callRecordId)).toMatch(/,wang,李 A[^,]*,A[^,]*,组长裁定,zhang,复听后改判$/)
    expect(rowOf(own.callRecordId)).toMatch(/,wang,,D[^,]*,复核员评级,,$/)
    // Without a team server the file is as it always was.
    const alone = await li.handlers.clearTeamServer(undefined).then(() => li.handlers.exportGrades({ format: 'csv', language: 'zh-CN', robotCallJobId: job }))
    expect(Buffer.from(alone.base64, 'base64').toString('utf8')).not.toContain('团队用户')
  })

  it("gives the lead the team's whole result — every reviewer's grade and the final one — and refuses it to a reviewer", async () => {
    const zhang = await desktop('zhang', '张组长')
    const wang = await desktop('wang', '王')
    await wang.handlers.syncTeam(undefined)
    const view = await wang.handlers.getTeamTask({ robotCallJobId: job })
    const single = view.calls.find((c) => c.mine && !c.sampled)!
    const untouched = view.calls.filter((c) => c.callRecordId !== single.callRecordId && c.settlement === null && c.others.length === 0 && !c.sampled)
    await wang.handlers.saveGrade({ robotCallJobId: job, callRecordId: single.callRecordId, realIntentLevel: 'B', note: '回访' })
    await wang.handlers.syncTeam(undefined)

    // A reviewer would read blind grades in it: the lead's alone.
    const refused = await wang.handlers.exportTeamResult({ robotCallJobId: job, format: 'csv', language: 'zh-CN' }).catch((e: unknown) => e)
    expect((refused as AppError).messages['zh-CN']).toMatch(/只有组长/)

    await zhang.handlers.syncTeam(undefined)
    const file = await zhang.handlers.exportTeamResult({ robotCallJobId: job, format: 'csv', language: 'zh-CN' })
    expect(file.fileName).toMatch(new RegExp(`^团队复核结果-任务${job}-\\d{4}-\\d{2}-\\d{2}\\.csv$`))
    const [header, ...rows] = parseCsvStrict(Buffer.from(file.base64, 'base64').toString('utf8').replace(/^\uFEFF/, ''))
    // One row per call the plan shares, whoever graded it or not.
    expect(file.rowCount).toBe(callIds.length)
    expect(rows).toHaveLength(callIds.length)
    const cell = (row: string[], name: string) => {
      const at = header!.indexOf(name)
      expect(at, name).toBeGreaterThanOrEqual(0)
      return row[at]
    }
    const rowOf = (id: Id) => rows.find((r) => cell(r, '通话ID') === `="${id}"` || cell(r, '通话ID') === String(id))!
    expect(header).toEqual(expect.arrayContaining(['王 (wang) 评级', '王 (wang) 备注', '王 (wang) 评级时间', '李 (li) 评级', '李 (li) 备注', '分配给', '双评抽样', '分歧', '最终评级', '最终评级来源', '裁定人', '裁定时间', '裁定说明']))

    const settledId = (await zhang.handlers.getTeamTask({ robotCallJobId: job })).calls.find((c) => c.settlement)!.callRecordId
    const settled = rowOf(settledId)
    expect(settled && cell(settled, '双评抽样')).toBe('是')
    expect(cell(settled!, '李 (li) 评级')).toMatch(/^A/)
    expect(cell(settled!, '李 (li) 备注')).toBe('明确有意向')
    expect(cell(settled!, '王 (wang) 评级')).toMatch(/^C/)
    expect(cell(settled!, '王 (wang) 评级时间')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    expect(cell(settled!, '分歧')).toBe('是')
    expect(cell(settled!, '最终评级')).toMatch(/^A/)
    expect(cell(settled!, '最终评级来源')).toBe('组长裁定')
    expect(cell(settled!, '裁定人')).toBe('zhang')
    expect(cell(settled!, '裁定说明')).toBe('复听后改判')

    const one = rowOf(single.callRecordId)!
    expect(cell(one, '王 (wang) 评级')).toMatch(/^B/)
    expect(cell(one, '王 (wang) 备注')).toBe('回访')
    expect(cell(one, '最终评级')).toMatch(/^B/)
    expect(cell(one, '最终评级来源')).toBe('复核员评级')
    expect(cell(one, '分配给')).toBe('王 (wang)')
    expect(cell(one, '双评抽样')).toBe('')

    const waiting = rowOf(untouched[0]!.callRecordId)!
    expect(cell(waiting, '最终评级')).toBe('')
    expect(cell(waiting, '最终评级来源')).toBe('待评级')

    // The same in English and as a workbook the lead opens in Excel.
    const xlsx = await zhang.handlers.exportTeamResult({ robotCallJobId: job, format: 'xlsx', language: 'en' })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('Team result')!
    expect(sheet.rowCount).toBe(callIds.length + 1)
    const heads = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(heads).toEqual(expect.arrayContaining(['王 (wang): grade', 'Final grade', 'Final grade from', 'Settled at']))
    const settledAt = sheet.getColumn(heads.indexOf('Settled at') + 1)
    expect(settledAt.numFmt).toBe('yyyy-mm-dd hh:mm:ss')
    const sources = (sheet.getColumn(heads.indexOf('Final grade from') + 1).values as unknown[]).slice(2)
    expect(sources).toEqual(expect.arrayContaining(['Settled by the lead', "The reviewer's grade", 'Not graded yet']))
  })
})
