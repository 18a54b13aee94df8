// Download for offline: a whole task fetched ahead, then reviewed with the server gone.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 12 })

describe('download for offline', () => {
  it('downloads a task with progress; with the server gone and the app restarted, filters, plays, grades and exports', async () => {
    const { page, host, sim } = stack
    // The smallest task with calls keeps the test short.
    const counts = sim.dataset.jobs
      .map((job) => ({ job, n: sim.dataset.calls.filter((c) => c.robotCallJobId === job.robotCallJobId).length }))
      .filter((x) => x.n > 0)
      .sort((a, b) => a.n - b.n)
    const { job, n } = counts[0]!
    await page.goto(host.url)
    await openTaskList(page, job.robotCallJobId)

    await page.getByTestId('download-start').click()
    await expect.poll(() => page.getByTestId('download-status').textContent(), { timeout: 90_000 }).toContain('已全部下载')
    expect(await page.getByTestId('download-status').textContent()).toContain(`通话 ${n}/${n}`)

    await sim.close()
    await page.reload()
    await page.getByTestId('offline-banner').waitFor({ timeout: 20_000 })
    // An answered call that was never opened: its detail, audio and timings come from the download.
    const answered = sim.dataset.calls.filter((c) => c.robotCallJobId === job.robotCallJobId && c.resultStatus === 'ANSWERED')
    const target = answered[answered.length - 1]!
    // Filtered locally, by phone number.
    await page.keyboard.press('/')
    await page.keyboard.type(target.calledPhoneNumber.slice(-8))
    await page.keyboard.press('Enter')
    await page.locator(`#call-${target.callRecordId}`).click()
    const slider = page.getByRole('slider', { name: '播放进度' })
    await expect.poll(async () => Number(await slider.getAttribute('aria-valuemax')), { timeout: 20_000 }).toBeGreaterThan(3)
    await page.getByTestId('timing-measured').waitFor()
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Space')
    await expect.poll(async () => Number(await slider.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
    await page.keyboard.press('Space')
    await page.keyboard.press('c') // a graded call's recording is protected from eviction
    await expect.poll(() => page.locator(`#call-${target.callRecordId}`).textContent()).toContain('✓ C')

    // Exported offline, from the local data.
    await page.getByRole('button', { name: '报告与导出' }).click()
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()])
    const text = readFileSync((await csv.path())!, 'utf8')
    expect(text).toContain(String(target.callRecordId))
    await page.getByRole('button', { name: '返回' }).click()

    // Settings show the space the recordings take, and clear them on request.
    await page.getByRole('button', { name: '设置' }).click()
    const usage = page.getByTestId('cache-usage')
    await expect.poll(() => usage.textContent()).toMatch(/已用 [\d.]+ MB（\d+ 个录音）/)
    const before = Number(/（(\d+) 个录音）/.exec((await usage.textContent())!)![1])
    expect(before).toBeGreaterThan(5)
    await page.getByTestId('clear-cache').click()
    await expect.poll(() => usage.textContent()).toMatch(/（[12] 个录音）/)
  }, 150_000)
})
