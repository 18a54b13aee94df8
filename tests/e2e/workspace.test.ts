// A keyboard-only review session in the real browser against the simulator: pick a task,
// filter, open, play, seek, change speed, switch track, grade, note, next ungraded, reload.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { RESULT_STATUSES } from '../../shared/enums'
import { ROOT, useStack } from './harness'

const stack = useStack({ seed: 3, settings: { advanceAfterGrade: false } })
const SHOTS = join(ROOT, 'test-results/screenshots')
beforeAll(() => mkdirSync(SHOTS, { recursive: true }))

const slider = () => stack.page.getByRole('slider', { name: '播放进度' })
const sliderValue = async () => Number(await slider().getAttribute('aria-valuenow'))
const selectedRow = () => stack.page.getByRole('listbox', { name: '通话列表' }).locator('[aria-selected="true"]')
const press = (key: string) => stack.page.keyboard.press(key)

describe('review workspace, keyboard only', () => {
  let jobId: number | string
  let firstCallId: number
  let inFilter = 0

  it('picks a task from the task list with the keyboard', async () => {
    const { page, host, sim } = stack
    await page.goto(host.url)
    const tasks = page.getByRole('listbox', { name: '任务列表' })
    await tasks.waitFor()
    const job = sim.dataset.jobs[0]!
    jobId = job.robotCallJobId
    // The search field has focus: typing filters by name, Enter opens the highlighted task.
    await page.keyboard.type(job.name.slice(0, 4))
    await expect.poll(() => tasks.getByRole('option').first().textContent()).toContain(job.name)
    await press('Enter')
    await page.getByRole('listbox', { name: '通话列表' }).waitFor()
    expect(await page.getByTestId('current-task').textContent()).toContain(String(jobId))
  })

  it('filters to answered A/B calls', async () => {
    const { page, sim } = stack
    await press('Shift+S') // the filters unfolded at their first box: 已接听
    await press('Space')
    for (let i = 0; i < RESULT_STATUSES.length; i++) await press('Tab') // past the other statuses to intent A
    await press('Space')
    await press('Tab')
    await press('Space') // B
    await press('/')
    await press('Enter')
    const expected = sim.dataset.calls.filter(
      (c) => c.robotCallJobId === jobId && c.resultStatus === 'ANSWERED' && (c.intentLevel === 'A' || c.intentLevel === 'B'),
    ).length
    expect(expected).toBeGreaterThan(0)
    inFilter = expected
    await expect.poll(() => page.getByTestId('calls-total').textContent()).toBe(`共 ${expected} 通`)
    const rows = page.getByRole('listbox', { name: '通话列表' }).getByRole('option')
    const count = await rows.count()
    expect(count).toBeGreaterThan(0)
    for (let i = 0; i < Math.min(count, 10); i++) {
      const text = (await rows.nth(i).textContent()) ?? ''
      expect(text).toContain('已接听')
      // The sales task's label group names A 很好 and B 好 (the tenant's names, not the built-in ones).
      expect(text).toMatch(/A 很好|B 好/)
    }
  })

  it('opens the first call with j, plays, seeks, and changes speed', async () => {
    const { page } = stack
    await page.locator('body').click({ position: { x: 5, y: 5 } }) // leave the search field
    await press('j')
    await expect.poll(async () => (await selectedRow().count()) === 1).toBe(true)
    firstCallId = Number((await selectedRow().getAttribute('id'))!.replace('call-', ''))
    expect(await selectedRow().textContent()).toContain(`#${firstCallId}`)
    await expect.poll(async () => Number(await slider().getAttribute('aria-valuemax'))).toBeGreaterThan(5)

    await press('Space')
    await expect.poll(sliderValue, { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
    await press('Space') // pause
    const before = await sliderValue()
    await press('ArrowRight')
    await expect.poll(sliderValue).toBeGreaterThanOrEqual(before + 4)

    await press(']')
    expect(await page.getByTestId('speed').inputValue()).toBe('1.25')
    await press('[')
    await press('[')
    expect(await page.getByTestId('speed').inputValue()).toBe('0.75')
  })

  it('jumps between transcript turns with Shift+arrows and by click, marking the turn being heard', async () => {
    const { page } = stack
    const transcript = page.getByRole('list', { name: '对话内容' })
    const currentIndex = () =>
      transcript.evaluate((list) => [...list.children].findIndex((li) => li.getAttribute('aria-current') === 'true'))
    const start = await currentIndex()
    expect(start).toBeGreaterThanOrEqual(0)
    await press('Shift+ArrowRight')
    await expect.poll(currentIndex).toBe(start + 1)
    await press('Shift+ArrowRight')
    await expect.poll(currentIndex).toBe(start + 2)
    await press('Shift+ArrowLeft')
    await expect.poll(currentIndex).toBe(start + 1)
    await transcript.getByRole('listitem').nth(0).click()
    await expect.poll(currentIndex).toBe(0)
    expect(await sliderValue()).toBeLessThanOrEqual(1)
    // Only one turn is ever marked.
    expect(await transcript.locator('[aria-current="true"]').count()).toBe(1)
  })

  it('uses timings inferred from the recordings, and lets the reviewer nudge a turn by keyboard', async () => {
    const { page } = stack
    await page.getByTestId('timing-measured').waitFor()
    const transcript = page.getByRole('list', { name: '对话内容' })
    const current = transcript.locator('[aria-current="true"]')
    expect(await current.getByText('已手动校正').count()).toBe(0)
    await press('Shift+T') // timing edit mode: only there do , . ; move a turn
    await press(',') // the current turn starts 0.1 s earlier
    await current.getByText('已手动校正').waitFor()
    await press('Escape')
    await page.getByTestId('timing-edit').waitFor({ state: 'detached' })
    // The waveform shows the speaker lanes from the inferred regions.
    expect(await page.locator('.lane-legend').textContent()).toContain('机器人')
  })

  it('switches to the customer track when the call has one', async () => {
    const { page, sim } = stack
    const call = sim.dataset.calls.find((c) => c.callRecordId === firstCallId)!
    await press('t')
    if (call.customerAudioUrl) {
      await expect.poll(() => page.getByTestId('track').textContent()).toContain('音轨：客户声道')
      await press('t')
      await expect.poll(() => page.getByTestId('track').textContent()).toContain('音轨：完整录音')
    } else {
      expect(await page.getByTestId('track').isDisabled()).toBe(true)
    }
  })

  it('grades with a letter key and writes a note', async () => {
    const { page } = stack
    await press('b')
    const grades = page.getByRole('radiogroup', { name: '人工意向' })
    await expect.poll(() => grades.getByRole('radio', { name: /^B/ }).getAttribute('aria-checked')).toBe('true')
    expect(await grades.getByRole('radio', { name: /^A/ }).getAttribute('aria-checked')).toBe('false')
    await expect.poll(() => selectedRow().textContent()).toContain('✓ B')
    // The status bar counts the session and what is left in the filter.
    const figures = page.getByTestId('session-figures')
    await expect.poll(() => figures.textContent()).toContain('本次已评定 1 通')
    await expect.poll(() => figures.textContent()).toContain(`当前筛选剩余 ${inFilter - 1} 通未评定`)

    await press('m')
    await page.keyboard.type('客户关心价格 b')
    await press('Escape')
    // Typing "b" in the note did not grade; the note is saved with the grade.
    expect(await grades.getByRole('radio', { name: /^B/ }).getAttribute('aria-checked')).toBe('true')
    await expect.poll(() => page.getByTestId('grade-saved').textContent()).toMatch(/保存/)
    await press('3')
    await expect.poll(() => grades.getByRole('radio', { name: /^C/ }).getAttribute('aria-checked')).toBe('true')
    await press('2')
    await expect.poll(() => selectedRow().textContent()).toContain('✓ B')
  })

  it('moves to the next call without a grade with n', async () => {
    await press('n')
    await expect.poll(async () => (await selectedRow().getAttribute('id')) !== `call-${firstCallId}`).toBe(true)
    expect(await selectedRow().textContent()).not.toContain('✓')
  })

  it('moves back and forth with k and j', async () => {
    const id = await selectedRow().getAttribute('id')
    await press('k')
    await expect.poll(() => selectedRow().getAttribute('id')).not.toBe(id)
    await press('ArrowDown')
    await expect.poll(() => selectedRow().getAttribute('id')).toBe(id)
  })

  it('shows the keyboard help as a dialog and closes it with Escape', async () => {
    const { page } = stack
    await press('?')
    const dialog = page.getByRole('dialog', { name: '键盘快捷键' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('下一通未评定的电话')
    await press('Escape')
    await dialog.waitFor({ state: 'detached' })
  })

  it('takes screenshots of the main screen in both languages', async () => {
    const { page } = stack
    await page.screenshot({ path: join(SHOTS, 'workspace-zh-CN.png') })
    await page.getByLabel('语言').selectOption('en')
    await page.getByRole('heading', { name: 'Call Review Workstation' }).waitFor()
    await page.screenshot({ path: join(SHOTS, 'workspace-en.png') })
    await page.getByLabel('Language').selectOption('zh-CN')
    await page.getByRole('heading', { name: '通话复核工作台' }).waitFor()
  })

  it('after a reload the task, filters and grades are all still there', async () => {
    const { page } = stack
    await page.reload()
    await page.getByRole('listbox', { name: '通话列表' }).waitFor()
    expect(await page.getByTestId('current-task').textContent()).toContain(String(jobId))
    const row = page.locator(`#call-${firstCallId}`)
    await expect.poll(() => row.textContent()).toContain('✓ B')
    await row.click()
    await expect
      .poll(() => page.getByRole('radiogroup', { name: '人工意向' }).getByRole('radio', { name: /^B/ }).getAttribute('aria-checked'))
      .toBe('true')
    // The note arrives with the call's grades, after the row is selected: wait for it.
    await expect.poll(() => page.locator('#review-note').inputValue()).toBe('客户关心价格 b')
    // The hand correction of a turn's start is kept with the call.
    await page.getByRole('list', { name: '对话内容' }).getByText('已手动校正').first().waitFor()
  })

  it('says so when a recording is broken, and keeps the transcript', async () => {
    const { page, sim } = stack
    sim.injectFault({ target: 'recording', kind: 'http-status', status: 404 })
    // A call not opened before (only the first two were), so its recording is not cached yet.
    const rows = page.getByRole('listbox', { name: '通话列表' }).getByRole('option')
    expect(await rows.count()).toBeGreaterThan(4)
    await rows.nth(4).click()
    await page.getByRole('alert').filter({ hasText: '录音无法播放' }).waitFor({ timeout: 15_000 })
    expect(await page.getByRole('list', { name: '对话内容' }).getByRole('listitem').count()).toBeGreaterThan(0)
    sim.clearFaults()
  })

  it('goes back to the task picker with g', async () => {
    const { page } = stack
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await press('g')
    await page.getByRole('listbox', { name: '任务列表' }).waitFor()
  })
})
