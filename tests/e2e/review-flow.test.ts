// A reviewer's day, by keyboard: leaving the workspace for Settings or the report and coming back
// finds the open call ready to play where it was.
import { describe, expect, it } from 'vitest'
import { DEMO_CREDENTIALS } from '../../scripts/lib/simulator'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 5 })

const slider = () => stack.page.getByRole('slider', { name: '播放进度' })
const position = async () => Number(await slider().getAttribute('aria-valuenow'))

describe('the review flow', () => {
  it('opens the task the typed text selects when Enter follows the typing at once', async () => {
    const { page, host, sim } = stack
    await page.goto(host.url)
    const tasks = page.getByRole('listbox', { name: '任务列表' })
    await tasks.getByRole('option').first().waitFor()
    // A task that is not first in the whole list, found by a word of its name.
    const first = (await tasks.getByRole('option').first().textContent()) ?? ''
    const target = sim.dataset.jobs.find((job) => job.name && !first.includes(job.name) && sim.dataset.calls.some((c) => c.robotCallJobId === job.robotCallJobId))!
    const word = target.name.slice(0, 3)
    const expected = sim.dataset.jobs.find((job) => job.name.includes(word))!
    await page.getByRole('searchbox').fill(word)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('current-task').textContent()).toContain(String(expected.robotCallJobId))
    await page.getByRole('button', { name: '任务', exact: true }).click()
  })

  it('opens an answered call and plays a little into it', async () => {
    const { page, sim } = stack
    const job = sim.dataset.jobs.find((j) => j.status === 'COMPLETED')!.robotCallJobId
    await openTaskList(page, job)
    const answered = sim.dataset.calls.find((c) => c.robotCallJobId === job && c.resultStatus === 'ANSWERED' && (c.chatDuration ?? 0) > 20)!
    await page.keyboard.press('/')
    await page.keyboard.type(String(answered.callRecordId))
    await page.keyboard.press('Enter')
    await page.locator(`#call-${answered.callRecordId}`).click()
    await expect.poll(async () => Number(await slider().getAttribute('aria-valuemax'))).toBeGreaterThan(10)
  })

  for (const going of ['设置', '报告与导出'] as const) {
    it(`comes back from ${going} with the call ready to play where it was`, async () => {
      const { page } = stack
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('ArrowRight')
      await expect.poll(position).toBeGreaterThanOrEqual(4)
      const before = await position()

      await page.getByRole('button', { name: going, exact: true }).click()
      await page.getByRole('button', { name: '返回', exact: true }).first().click()
      await expect.poll(async () => page.getByRole('button', { name: '前进 5 秒' }).isEnabled()).toBe(true)
      await expect.poll(position).toBeCloseTo(before, 0)
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('Space')
      await expect.poll(position, { timeout: 10_000 }).toBeGreaterThan(before + 0.5)
      await page.keyboard.press('Space')
    })
  }

  it('plays and pauses with Space after a mouse click on a button, never pressing it again', async () => {
    const { page } = stack
    const before = await position()
    // The page buttons: Space after a click must not turn the page.
    await page.getByRole('button', { name: '播放', exact: true }).click()
    await page.getByRole('button', { name: '暂停', exact: true }).waitFor()
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: '播放', exact: true }).waitFor()
    expect(await position()).toBeGreaterThanOrEqual(before)
    await page.getByRole('button', { name: '设置', exact: true }).click()
    await page.getByRole('button', { name: '返回', exact: true }).first().click()
    await page.getByRole('button', { name: '播放', exact: true }).waitFor()
    // The focus was left on the header's button, which now reads 设置: Space plays instead.
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: '暂停', exact: true }).waitFor()
    expect(await page.locator('.settings-panel').count()).toBe(0)
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: '播放', exact: true }).waitFor()
  })

  it('undoes a grade with Ctrl+Z without touching the keyword box or taking the keyboard there', async () => {
    const { page } = stack
    const keyword = page.locator('#keyword-search')
    const typed = await keyword.inputValue()
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('b')
    const grades = page.getByRole('radiogroup', { name: '人工意向' })
    await expect.poll(() => grades.getByRole('radio', { name: /^B/ }).getAttribute('aria-checked')).toBe('true')
    await page.keyboard.press('Control+z')
    await expect.poll(() => grades.getByRole('radio', { name: /^B/ }).getAttribute('aria-checked')).toBe('false')
    expect(await keyword.inputValue()).toBe(typed)
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('INPUT')
    // The next grade key grades.
    await page.keyboard.press('c')
    await expect.poll(() => grades.getByRole('radio', { name: /^C/ }).getAttribute('aria-checked')).toBe('true')
    expect(await keyword.inputValue()).toBe(typed)
  })

  it('moves from call to call without a page error (the recording let go of within the policy)', async () => {
    const { page } = stack
    await page.locator('#keyword-search').fill('')
    await page.keyboard.press('Enter')
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    const before = stack.pageErrors.length
    const list = page.getByRole('listbox', { name: '通话列表' })
    for (let i = 0; i < 4; i++) {
      const was = await list.getAttribute('aria-activedescendant')
      await page.keyboard.press('j')
      await expect.poll(() => list.getAttribute('aria-activedescendant')).not.toBe(was)
      await page.getByTestId('call-detail').waitFor()
    }
    // The last recording released as the next call opened: give the page a moment to complain.
    await page.waitForTimeout(500)
    expect(stack.pageErrors.slice(before)).toEqual([])
  })

  it('says calmly that an unanswered call has no recording, and keeps the layout still', async () => {
    const { page, sim } = stack
    const job = sim.dataset.jobs.find((j) => j.status === 'COMPLETED')!.robotCallJobId
    const unanswered = sim.dataset.calls.find((c) => c.robotCallJobId === job && c.resultStatus !== 'ANSWERED' && !c.fullAudioUrl)!
    await page.locator('#keyword-search').fill(`#${unanswered.callRecordId}`)
    await page.keyboard.press('Enter')
    const transcript = page.getByTestId('call-detail')
    await page.locator(`#call-${unanswered.callRecordId}`).click()
    const note = page.getByTestId('no-recording')
    await expect.poll(() => note.textContent()).toContain('没有录音')
    // A fact about the call, not an alarm: a status line, not an alert in the player.
    expect(await note.getAttribute('role')).toBe('status')
    expect(await page.locator('.player [role="alert"]').count()).toBe(0)
    expect(await transcript.isVisible()).toBe(true)
  })

  it('counts graded calls, not key presses, and keeps the count across a visit to Settings', async () => {
    const { page } = stack
    const figures = page.getByTestId('session-figures')
    const counted = async () => Number(/本次已评定 (\d+) 通/.exec((await figures.textContent()) ?? '')?.[1])
    const before = await counted()
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('j')
    await page.getByTestId('call-detail').waitFor()
    const grades = page.getByRole('radiogroup', { name: '人工意向' })
    for (const key of ['a', 'b', '0', 'c']) {
      await page.keyboard.press(key)
      if (key !== '0') await expect.poll(() => grades.getByRole('radio', { name: new RegExp(`^${key.toUpperCase()}`) }).getAttribute('aria-checked')).toBe('true')
      else await expect.poll(() => grades.locator('[aria-checked="true"]').count()).toBe(0)
    }
    await expect.poll(counted).toBe(before + 1)
    await page.getByRole('button', { name: '设置', exact: true }).click()
    await page.getByRole('button', { name: '返回', exact: true }).first().click()
    await expect.poll(counted).toBe(before + 1)
  })

  it('says so when n finds no ungraded call after the open one', async () => {
    const { page } = stack
    const list = page.getByRole('listbox', { name: '通话列表' })
    const id = /#(\d+)/.exec((await list.locator('[aria-selected="true"]').textContent()) ?? '')![1]!
    await page.locator('#keyword-search').fill(`#${id}`)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('calls-total').textContent()).toBe('共 1 通')
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('n')
    await expect.poll(() => page.getByTestId('none-ungraded').textContent()).toBe('这通之后没有未评定的通话了')
  })

  it('closes the open call when another account is connected', async () => {
    const { page, sim } = stack
    await expect.poll(() => page.getByTestId('call-detail').count()).toBe(1)
    await page.evaluate((input) => window.callReviewBridge!.saveCredentials(input), { ...DEMO_CREDENTIALS, baseUrl: sim.url })
    // The demo's call is gone: the task picker asks which of the account's tasks to open.
    await page.getByRole('listbox', { name: '任务列表' }).waitFor()
    expect(await page.getByTestId('call-detail').count()).toBe(0)
    expect(await page.getByRole('listbox', { name: '通话列表' }).count()).toBe(0)
    await page.evaluate(() => window.callReviewBridge!.signOut({ removeLocalData: false }))
  })
})
