// Team review in the window, by a reviewer and then a lead, against a CouchDB on loopback
// (pouchdb-server; a real CouchDB with COUCHDB_URL): the team server set in Settings, the sync
// badge, a blind double-reviewed call that shows the other grade only once graded here, and the
// lead's disagreement list, settlement and the team's result file, a conflict between two desktops
// of one reviewer settled in its dialog — in Chinese, the badge in English too.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Id } from '../../shared/ids'
import { createBrowserServices, type BrowserServices } from '../../scripts/lib/browser-services'
import { DEMO_CREDENTIALS } from '../../scripts/lib/simulator'
import { setUpTeamDatabase } from '../../electron/main/services/team'
import { startTestCouch, type TestCouch } from '../../scripts/lib/couch-server'
import { parseCsvStrict } from '../support/csv-reader'
import { useTempDirs } from '../support/temp-dirs'
import { openTaskList, startStack, useStack } from './harness'

const stack = useStack({ seed: 7, settings: { advanceAfterGrade: false, reviewerName: '王' } })
const tempDir = useTempDirs('team-e2e')
const DB = `team-e2e-${process.pid}`
let couch: TestCouch
let lead: BrowserServices
let li: BrowserServices
let job: Id
let call: Id

/** A desktop without a window: the lead's or the other reviewer's, on the same platform data. */
async function headless(user: string, name: string): Promise<BrowserServices> {
  const services = createBrowserServices({
    profileDir: tempDir(),
    startDemoServer: async () => ({ url: stack.sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
  })
  await services.handlers.updateSettings({ reviewerName: name })
  await services.handlers.saveTeamServer({ url: couch.url, db: DB, user, password: `${user}-pw` })
  return services
}

beforeAll(async () => {
  couch = await startTestCouch()
  await setUpTeamDatabase({
    adminUrl: couch.adminUrl,
    db: DB,
    users: [{ name: 'zhang', password: 'zhang-pw', lead: true }, { name: 'wang', password: 'wang-pw' }, { name: 'li', password: 'li-pw' }],
  })
  lead = await headless('zhang', '张组长')
  li = await headless('li', '李')
  const jobs = await lead.handlers.listJobs({ pageNum: 1, pageSize: 20 })
  job = jobs.content.find((j) => j.status === 'COMPLETED')!.robotCallJobId
  const { page } = await lead.handlers.listCalls({ robotCallJobId: job, pageNum: 1, pageSize: 20, resultStatuses: ['ANSWERED'] })
  call = page.content[0]!.callRecordId
  // Every call double-reviewed by both reviewers, blind.
  await lead.handlers.planTeamTask({ robotCallJobId: job, reviewers: ['wang', 'li'], samplePercent: 100, filters: { resultStatuses: ['ANSWERED'] } })
  await li.handlers.syncTeam(undefined)
  await li.handlers.saveGrade({ robotCallJobId: job, callRecordId: call, realIntentLevel: 'A', note: '明确说要办' })
  await li.handlers.syncTeam(undefined)
}, 90_000)
afterAll(async () => {
  await lead?.close()
  await li?.close()
  await couch?.close()
})

describe('team review in the window', () => {
  it('takes the team server in Settings, refusing a new address without its password, and shows the sync state', async () => {
    const { page, host } = stack
    await page.goto(host.url)
    await page.getByRole('button', { name: '设置' }).click()
    const form = page.getByTestId('team-settings')
    await form.getByLabel('服务器地址').fill(couch.url)
    await form.getByLabel('数据库').fill(DB)
    await form.getByLabel('用户名').fill('wang')
    await form.getByRole('button', { name: '保存团队服务器' }).click()
    // No password for a server never saved: said beside the field, in Chinese.
    await expect.poll(() => form.locator('[data-field-error="team.password"]').textContent()).toBe('新的地址或用户需要填写密码')
    await form.getByLabel('密码').fill('wang-pw')
    await form.getByRole('button', { name: '保存团队服务器' }).click()
    await expect.poll(() => form.getByTestId('team-settings-done').textContent()).toBe('已保存，正在同步')
    await expect.poll(() => page.getByTestId('team-state').textContent(), { timeout: 15_000 }).toBe('团队：已同步')
    expect(await form.getByLabel('密码').inputValue()).toBe('')
    await page.getByRole('button', { name: '返回' }).first().click()
  })

  it('keeps a double-reviewed call blind until graded here, then shows the other grade and the disagreement', async () => {
    const { page } = stack
    await openTaskList(page, job)
    await page.locator(`#call-${call}`).click()
    const panel = page.getByTestId('team-call')
    // The first reviewer follows the plan's seed (the time it was made): the lead's view says which.
    const reviewers = (await lead.handlers.getTeamTask({ robotCallJobId: job })).calls.find((c) => c.callRecordId === call)!.reviewers
    expect([...reviewers].sort()).toEqual(['li', 'wang'])
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain(`分给：${reviewers.join('、')}`)
    await expect.poll(() => page.getByTestId('team-blind').textContent()).toBe('盲评：给出你的评级后才显示另一位复核员的评级')
    expect(await panel.textContent()).not.toContain('明确说要办')
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('c')
    await expect.poll(() => page.getByTestId('team-others').textContent()).toContain('李：A')
    expect(await page.getByTestId('team-others').textContent()).toContain('明确说要办')
    expect(await page.getByTestId('team-disagreement').textContent()).toBe('评级不一致')
    // The grade waits to go out, and reaches the server by itself a moment later.
    await expect.poll(() => page.getByTestId('team-state').textContent()).toBe('团队：1 条待同步')
    await expect.poll(() => page.getByTestId('team-state').textContent(), { timeout: 15_000 }).toBe('团队：已同步')
    await lead.handlers.syncTeam(undefined)
    const leadView = await lead.handlers.getTeamTask({ robotCallJobId: job })
    expect(leadView.calls.find((c) => c.callRecordId === call)).toMatchObject({ disagreement: true })
  })

  it('lets the lead find the disagreement in the team view and settle it with a note', async () => {
    // The lead on a desktop of their own: another window, another profile, the same platform data.
    const desk = await startStack({ seed: 7, settings: { advanceAfterGrade: false, reviewerName: '张组长' } })
    try {
      await desk.services.handlers.saveTeamServer({ url: couch.url, db: DB, user: 'zhang', password: 'zhang-pw' })
      const { page } = desk
      await page.goto(desk.host.url)
      await openTaskList(page, job)
      await expect.poll(() => page.getByTestId('team-state').textContent(), { timeout: 15_000 }).toBe('团队：已同步')
      await page.getByTestId('team-open').click()
      const list = page.getByTestId('team-disagreements')
      await expect.poll(() => list.textContent(), { timeout: 10_000 }).toContain(`#${call}`)
      await list.getByRole('button', { name: '打开' }).first().click()
      await page.getByTestId('team-final-level').selectOption('B')
      await page.getByTestId('team-settle-note').fill('有兴趣，没有明确时间')
      await page.getByTestId('team-settle').click()
      await expect.poll(() => page.getByTestId('team-settlement').textContent()).toMatch(/组长裁定：B.*zhang.*有兴趣，没有明确时间/)
      // The team's result, as the lead hands it on: both reviewers' grades and the final one.
      await page.getByTestId('team-open').click()
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出团队结果 CSV' }).click()])
      expect(download.suggestedFilename()).toMatch(new RegExp(`^团队复核结果-任务${job}-.*\\.csv$`))
      const [header, ...rows] = parseCsvStrict(readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, ''))
      const row = rows.find((r) => r.some((cell) => cell.includes(String(call))))!
      const cell = (name: string) => row[header!.indexOf(name)]
      // Levels by the tenant's names ("C 一般"), as every export writes them.
      expect([cell('王 (wang) 评级'), cell('李 (li) 评级'), cell('李 (li) 备注')]).toEqual([expect.stringMatching(/^C\b/), expect.stringMatching(/^A\b/), '明确说要办'])
      expect([cell('最终评级'), cell('最终评级来源'), cell('裁定说明')]).toEqual([expect.stringMatching(/^B\b/), '组长裁定', '有兴趣，没有明确时间'])
      await expect.poll(() => page.getByTestId('team-task').getByRole('status').textContent()).toBe(`已导出 ${rows.length} 通`)
    } finally {
      await desk.close()
    }
    // The reviewers' desktops see the final grade after their next sync.
    await li.handlers.syncTeam(undefined)
    const seen = await li.handlers.getTeamTask({ robotCallJobId: job })
    expect(seen.calls.find((c) => c.callRecordId === call)?.settlement).toMatchObject({ finalLevel: 'B', settledBy: 'zhang' })
    await stack.page.getByTestId('team-state').click()
    await expect.poll(() => stack.page.getByTestId('team-settlement').textContent(), { timeout: 10_000 }).toMatch(/组长裁定：B/)
    // The report has the reviewers' agreement beside the AI's — withheld from a reviewer while any
    // of their double-reviewed calls is still blind (here every call is double-reviewed).
    await stack.page.getByRole('button', { name: '报告与导出' }).click()
    await expect.poll(() => stack.page.locator('.team-reliability').textContent({ timeout: 2000 })).toContain('仍有你未评的盲评通话')
    await stack.page.getByRole('button', { name: '返回' }).first().click()
  })

  it("shows the reviewer's own grade changed apart on two of their desktops as a conflict, and keeps the one chosen", async () => {
    const { page } = stack
    // Wang's other desktop takes the grade the window sent, then changes it and sends that first.
    const office = await headless('wang', '王')
    try {
      await office.handlers.syncTeam(undefined)
      await office.handlers.saveGrade({ robotCallJobId: job, callRecordId: call, realIntentLevel: 'D', note: '办公室复听' })
      expect((await office.handlers.syncTeam(undefined)).pending).toBe(0)
      // The window changes it too before hearing of that: the two meet on the next round.
      await page.locator(`#call-${call}`).click()
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('e')
      const open = page.getByTestId('team-conflicts-open')
      await expect.poll(() => open.textContent({ timeout: 2000 }), { timeout: 15_000 }).toBe('1 处冲突')
      await open.click()
      const dialog = page.getByRole('dialog', { name: '同一评级在两台电脑上改得不同' })
      const conflict = dialog.getByTestId('team-conflict')
      await expect.poll(() => conflict.textContent()).toContain('本机：E')
      expect(await conflict.textContent()).toContain('另一台：D')
      expect(await conflict.textContent()).toContain('办公室复听')
      // Nothing was decided for the reviewer: the window still has E, the server still D.
      expect(await page.locator(`#call-${call}`).textContent()).toContain('E')
      await dialog.getByRole('button', { name: '保留本机的' }).click()
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
      await expect.poll(() => open.count()).toBe(0)
      // The server has the kept grade; the other desktop meets it as a conflict of its own.
      await lead.handlers.syncTeam(undefined)
      const seen = (await lead.handlers.getTeamTask({ robotCallJobId: job })).calls.find((c) => c.callRecordId === call)!
      expect(seen.others.find((o) => o.reviewer === 'wang')?.realIntentLevel).toBe('E')
      expect((await office.handlers.syncTeam(undefined)).conflicts).toBe(1)
    } finally {
      await office.close()
    }
  })

  it('says the sync state in English too', async () => {
    const { page } = stack
    await page.locator('.language select').selectOption('en')
    await expect.poll(() => page.getByTestId('team-state').textContent(), { timeout: 10_000 }).toBe('Team: synced')
    await page.locator('.language select').selectOption('zh-CN')
  })
})
