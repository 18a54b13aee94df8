// The keyboard review session both hosts run (one spec, two hosts): the browser end-to-end tests
// through the test bridge, and the real-Electron test through the preload. Open a task, j, Space,
// grade, reload, and the grade is still there.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

const grades = (page: Page) => page.getByRole('radiogroup', { name: '人工意向' })

/** Types a task id into the task picker and presses Enter, as a reviewer does with the keyboard. */
export async function typeTaskId(page: Page, jobId: number | string): Promise<void> {
  const tasks = page.getByRole('button', { name: '任务', exact: true })
  if (await tasks.isVisible()) await tasks.click()
  // The picker focuses its search box once the task list has loaded: typing before that can lose
  // the id to a re-render. Where no list can load (offline, nothing cached) the id still works.
  await page
    .getByRole('listbox', { name: '任务列表' })
    .getByRole('option')
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => {})
  const field = page.getByLabel('任务 ID')
  await field.fill(String(jobId))
  await expect.poll(() => field.inputValue()).toBe(String(jobId))
  // Enter submits the form; a click could land elsewhere if the page shifts under the pointer.
  await field.press('Enter')
}

/** Opens a task by its id and waits for its first page of calls. */
export async function openTask(page: Page, jobId: number | string): Promise<void> {
  await typeTaskId(page, jobId)
  await page.getByRole('listbox', { name: '通话列表' }).getByRole('option').first().waitFor()
}

/** A task whose newest call was answered, so the first call opened has a recording to play. */
async function taskWithAnsweredFirstCall(page: Page): Promise<number> {
  const found = await page.evaluate(async () => {
    const bridge = window.callReviewBridge!
    const jobs = await bridge.listJobs({ pageNum: 1, pageSize: 50 })
    if (!jobs.ok) return null
    for (const job of (jobs.value as { content: { robotCallJobId: number }[] }).content) {
      const calls = await bridge.listCalls({ robotCallJobId: job.robotCallJobId, pageNum: 1, pageSize: 1 })
      const first = calls.ok ? (calls.value as { page: { content: { resultStatus?: string; fullAudioUrl?: string | null }[] } }).page.content[0] : undefined
      if (first?.resultStatus === 'ANSWERED') return job.robotCallJobId
    }
    return null
  })
  if (found === null) throw new Error('no task whose newest call was answered')
  return found
}

/** Runs the session on `page`, whose app shows demo data; `reload` reloads it as its host does. */
export async function reviewSessionSteps(page: Page, reload: () => Promise<void>): Promise<void> {
  await page.getByRole('listbox', { name: '任务列表' }).waitFor()
  await openTask(page, await taskWithAnsweredFirstCall(page))
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('j')
  const selected = page.getByRole('listbox', { name: '通话列表' }).locator('[aria-selected="true"]')
  await selected.waitFor()
  const callId = await selected.getAttribute('id')
  await grades(page).waitFor()

  await page.keyboard.press('Space')
  const slider = page.getByRole('slider', { name: '播放进度' })
  await expect.poll(async () => Number(await slider.getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(0)
  await page.keyboard.press('Space')

  // Shift: grade and stay on the call (a new profile moves on to the next call after a grade).
  await page.keyboard.press('Shift+B')
  await expect.poll(() => grades(page).getByRole('radio', { name: /^B/ }).getAttribute('aria-checked')).toBe('true')
  await expect.poll(() => selected.textContent()).toContain('✓ B')

  await reload()
  await page.getByRole('listbox', { name: '通话列表' }).waitFor()
  await expect.poll(() => page.locator(`#${callId}`).textContent()).toContain('✓ B')
}
