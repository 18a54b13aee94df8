// Grades are never lost or silently replaced: damage found at start is recovered and told,
// and a server's own grade is shown beside the reviewer's, not merged into it.
import { appendFileSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openTaskList, reportFailures, startStack, type Stack } from './harness'

let stack: Stack | undefined
afterEach(async () => {
  await stack?.close()
  stack = undefined
})
reportFailures(() => stack)

async function openTask(s: Stack, jobId: number | string) {
  await s.page.goto(s.host.url)
  // The app opens the task picker, or goes straight back to the last task.
  await s.page.getByRole('listbox', { name: /任务列表|通话列表/ }).first().waitFor()
  await openTaskList(s.page, jobId)
}

const radio = (s: Stack, level: string) =>
  s.page.getByRole('radiogroup', { name: '人工意向' }).getByRole('radio', { name: new RegExp(`^${level}`) })

describe('review integrity', () => {
  it('recovers a damaged grade file at start, says so, and keeps the acknowledged grade', async () => {
    const profileDir = mkdtempSync(join(tmpdir(), 'e2e-restart-'))
    stack = await startStack({ seed: 8, profileDir, settings: { advanceAfterGrade: false } })
    const jobId = stack.sim.dataset.jobs[0]!.robotCallJobId
    await openTask(stack, jobId)
    await stack.page.locator('body').click({ position: { x: 5, y: 5 } })
    await stack.page.keyboard.press('j')
    await stack.page.keyboard.press('d')
    await expect.poll(() => radio(stack!, 'D').getAttribute('aria-checked')).toBe('true')
    const gradedId = await stack.page.getByRole('listbox', { name: '通话列表' }).locator('[aria-selected="true"]').getAttribute('id')
    await stack.close()

    // The app stopped in the middle of writing: the journal ends in a torn line.
    const taskDir = join(profileDir, 'reviews', 'demo', `task-${jobId}`)
    const journal = readdirSync(taskDir).find((name) => name.startsWith('journal-'))!
    appendFileSync(join(taskDir, journal), '{"seq":99,"torn')

    stack = await startStack({ seed: 8, profileDir })
    await openTask(stack, jobId)
    await stack.page.getByTestId('notice').first().waitFor()
    expect(await stack.page.getByTestId('notice').first().textContent()).toMatch(/已恢复 1 条复核结果/)
    await expect.poll(() => stack!.page.locator(`#${gradedId}`).textContent()).toContain('✓ D')
  })

  it('shows the server’s own grade beside a different one from the reviewer', async () => {
    stack = await startStack({ seed: 8 })
    const { sim, page } = stack
    const jobId = sim.dataset.jobs[0]!.robotCallJobId
    const call = sim.dataset.calls.find((c) => c.robotCallJobId === jobId && c.resultStatus === 'ANSWERED' && c.realIntentLevel)!
    await openTask(stack, jobId)
    await page.keyboard.press('/')
    await page.keyboard.type(String(call.callRecordId))
    await page.keyboard.press('Enter')
    await page.locator(`#call-${call.callRecordId}`).click()
    await page.getByTestId('server-grade').waitFor()
    const other = call.realIntentLevel === 'A' ? 'b' : 'a'
    await page.keyboard.press(other)
    await expect.poll(() => page.getByTestId('server-grade').textContent()).toContain(`平台记录的人工意向：${call.realIntentLevel}`)
    await expect.poll(() => page.getByTestId('server-grade').textContent()).toContain('两者都保留')
    expect(await radio(stack, other.toUpperCase()).getAttribute('aria-checked')).toBe('true')
  })
})
