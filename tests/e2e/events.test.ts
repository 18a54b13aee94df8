// Main's events reach the page through the bridge: the browser bridge's event stream stands in
// for the preload's ipcRenderer.on, so a download's progress arrives without being asked for.
import { describe, expect, it } from 'vitest'
import type { DownloadStatusAnswer } from '../../shared/ipc/contract'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 12 })

type Recorder = { __pushed: DownloadStatusAnswer[] }

describe('events to the page', () => {
  it('pushes a download’s progress and its final state to the page, with no status call', async () => {
    const { page, host, sim, invoked } = stack
    const [job] = sim.dataset.jobs
      .map((j) => ({ id: j.robotCallJobId, n: sim.dataset.calls.filter((c) => c.robotCallJobId === j.robotCallJobId).length }))
      .filter((j) => j.n > 0)
      .sort((a, b) => a.n - b.n)
    await page.goto(host.url)
    await page.getByRole('listbox', { name: /任务列表|通话列表/ }).first().waitFor()
    await page.evaluate(() => {
      const recorder = window as unknown as Recorder
      recorder.__pushed = []
      window.callReviewBridge!.on('downloadStatus', (payload) => recorder.__pushed.push(payload as DownloadStatusAnswer))
    })
    await expect.poll(() => host.eventStreams()).toBe(1)

    const before = invoked.length
    await page.evaluate((robotCallJobId) => window.callReviewBridge!.startDownload({ robotCallJobId }), job!.id)
    const pushed = () => page.evaluate(() => (window as unknown as Recorder).__pushed)
    await expect.poll(async () => (await pushed()).at(-1)?.state, { timeout: 90_000 }).toBe('done')

    const events = await pushed()
    expect(events.every((s) => s.robotCallJobId === job!.id)).toBe(true)
    expect(events[0]!.state).toBe('running')
    expect(events.at(-1)).toMatchObject({ state: 'done', calls: { done: job!.n, total: job!.n } })
    expect(invoked.slice(before)).toContain('offline:start')
    expect(invoked.slice(before)).not.toContain('offline:status')
    expect(stack.pageErrors).toEqual([])
  }, 120_000)

  it('shows a download’s progress in the workspace from main’s pushes alone: the page polls nothing', async () => {
    const { page, host, sim, invoked } = stack
    // The next smallest task: not downloaded yet, so the panel shows nothing until it starts.
    const [, job] = sim.dataset.jobs
      .map((j) => ({ id: j.robotCallJobId, n: sim.dataset.calls.filter((c) => c.robotCallJobId === j.robotCallJobId).length }))
      .filter((j) => j.n > 0)
      .sort((a, b) => a.n - b.n)
    await page.goto(host.url)
    await openTaskList(page, job!.id)
    expect(await page.getByTestId('download-status').count()).toBe(0)
    const before = invoked.length
    await page.getByRole('button', { name: '下载供离线使用' }).click()
    await page.getByTestId('download-status').filter({ hasText: '已全部下载' }).waitFor({ timeout: 90_000 })
    // Idle a while as a reviewer would: nothing asks main for its state again and again.
    await page.waitForTimeout(1_500)
    const asked = invoked.slice(before)
    expect(asked).toContain('offline:start')
    expect(asked.filter((channel) => channel === 'offline:status' || channel === 'app:status')).toEqual([])
    expect(stack.pageErrors).toEqual([])
  }, 120_000)
})
