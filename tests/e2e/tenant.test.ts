// The tenant's own names and the task figures in the browser, against the simulator: the task
// picker shows a task's figures and will not open one without finished calls; the list, the call
// and the grade panel name the levels the tenant's way; the flow filter lists flows by name;
// offline, all of it comes from the cache.
import { describe, expect, it } from 'vitest'
import { openFilters, useStack } from './harness'

const stack = useStack({ seed: 8 })

const tasks = () => stack.page.getByRole('listbox', { name: '任务列表' })
const callList = () => stack.page.getByRole('listbox', { name: '通话列表' })
const salesJob = () => stack.sim.dataset.jobs[0]!
const callsOf = (jobId: number | string) => stack.sim.dataset.calls.filter((call) => call.robotCallJobId === jobId)

/** Narrows the task list to one task by typing its name into the focused search box. */
async function highlight(name: string) {
  const { page } = stack
  const search = page.getByLabel('按名称搜索任务')
  await search.fill(name)
  await expect.poll(() => tasks().getByRole('option').first().textContent()).toContain(name)
  await expect.poll(() => tasks().getByRole('option').count()).toBe(1)
  await search.focus()
}

describe('the tenant’s names and the task figures', () => {
  it('shows the looked-at task’s flow, answered calls and intent distribution in the tenant’s names', async () => {
    const { page, host, sim } = stack
    await page.goto(host.url)
    await tasks().getByRole('option').first().waitFor()
    await highlight(salesJob().name)
    const calls = callsOf(salesJob().robotCallJobId)
    const answered = calls.filter((call) => call.resultStatus === 'ANSWERED').length
    await expect.poll(() => page.getByTestId('job-answered').textContent()).toBe(String(answered))
    expect(await page.getByTestId('job-finished').textContent()).toBe(String(calls.length))
    const flow = sim.dataset.dialogFlows.find((f) => f.dialogFlowId === salesJob().dialogFlowId)!
    expect(await page.getByTestId('job-flow').textContent()).toContain(flow.name)
    const intents = (await page.getByTestId('job-intents').textContent()) ?? ''
    // The tenant's group names A 很好, not the built-in 较强.
    expect(intents).toContain('A 很好')
    expect(intents).not.toContain('较强')
    expect(intents).toContain(String(calls.filter((call) => call.intentLevel === 'A').length))
  })

  it('marks a task without finished calls and says so instead of opening it', async () => {
    const { page, sim } = stack
    const idle = sim.dataset.jobs.find((job) => job.completedTask === 0)!
    await highlight(idle.name)
    const row = tasks().getByRole('option').first()
    await expect.poll(() => row.getAttribute('aria-disabled')).toBe('true')
    expect(await row.getByTestId('no-calls-badge').textContent()).toBe('无已完成通话')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('picker-no-calls').textContent()).toContain('还没有已完成的通话')
    expect(await callList().count()).toBe(0)
    expect(await tasks().isVisible()).toBe(true)
  })

  it('names the levels the tenant’s way in the list, the call and the grade panel', async () => {
    const { page } = stack
    await highlight(salesJob().name)
    await page.keyboard.press('Enter')
    await callList().getByRole('option').first().waitFor()
    const names = /[A-F] (很好|好|一般|较差|待跟进|无意向)/
    const first = callList().getByRole('option').first()
    expect(await first.textContent()).toMatch(names)
    expect(await callList().textContent()).not.toMatch(/较强|无法判断|很少/)
    await first.click()
    const grades = page.getByRole('radiogroup', { name: '人工意向' })
    await expect.poll(() => grades.getByRole('radio', { name: /^A/ }).textContent()).toContain('A 很好')
    expect(await grades.getByRole('radio', { name: /^F/ }).textContent()).toContain('F 无意向')
    expect(await page.getByTestId('call-detail').textContent()).toMatch(names)
  })

  it('filters by flow name, keeping the flow id as the value', async () => {
    const { page, sim } = stack
    const flows = page.getByTestId('flow-filter')
    const own = sim.dataset.dialogFlows.find((f) => f.dialogFlowId === salesJob().dialogFlowId)!
    const other = sim.dataset.dialogFlows.find((f) => f.dialogFlowId !== salesJob().dialogFlowId)!
    const labels = await flows.locator('option').allTextContents()
    expect(labels).toEqual(['不限', ...sim.dataset.dialogFlows.map((f) => f.name)])
    await openFilters(page)
    await flows.selectOption({ label: other.name })
    await page.getByRole('button', { name: '应用筛选' }).click()
    await expect.poll(() => page.getByTestId('calls-total').textContent()).toBe('共 0 通')
    expect(await page.getByTestId('calls-empty').textContent()).toBe('没有符合条件的通话')
    await openFilters(page)
    await flows.selectOption({ label: own.name })
    await page.getByRole('button', { name: '应用筛选' }).click()
    await expect.poll(() => page.getByTestId('calls-total').textContent()).toBe(`共 ${callsOf(salesJob().robotCallJobId).length} 通`)
    const saved = await page.evaluate(async () => {
      const answer = await window.callReviewBridge!.getWorkspaceState()
      return answer.ok ? (answer.value as { filters: { dialogFlowId?: number } }).filters.dialogFlowId : null
    })
    expect(saved).toBe(own.dialogFlowId)
  })

  it('offline, keeps the flow names, the level names and the figures seen, from the cache', async () => {
    const { page, services, sim } = stack
    await services.handlers.updateSettings({ workOffline: true })
    await page.reload()
    await callList().getByRole('option').first().waitFor()
    const flows = page.getByTestId('flow-filter')
    await expect.poll(() => flows.locator('option').allTextContents()).toEqual(['不限', ...sim.dataset.dialogFlows.map((f) => f.name)])
    await callList().getByRole('option').first().click()
    const grades = page.getByRole('radiogroup', { name: '人工意向' })
    await expect.poll(() => grades.getByRole('radio', { name: /^B/ }).textContent()).toContain('B 好')

    await page.getByRole('button', { name: '任务', exact: true }).click()
    await highlight(salesJob().name)
    await expect.poll(() => page.getByTestId('job-figures').textContent()).toContain('来自本机缓存')
    expect(await page.getByTestId('job-intents').textContent()).toContain('A 很好')
    await services.handlers.updateSettings({ workOffline: false })
  })
})
