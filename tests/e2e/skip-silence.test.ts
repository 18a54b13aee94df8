// "Skip silence": playback jumps over a gap of more than a second between turns.
import { describe, expect, it } from 'vitest'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 2 })

describe('skip silence', () => {
  it('jumps from inside a long gap straight to the next turn', async () => {
    const { page, host, sim, services } = stack
    const job = sim.dataset.jobs[0]!.robotCallJobId
    // A call whose inferred timings (the ones the page uses) hold a gap of more than 2 s.
    let found: { id: number | string; gapStart: number; nextStart: number; duration: number } | undefined
    for (const call of sim.dataset.calls.filter((c) => c.robotCallJobId === job && c.resultStatus === 'ANSWERED').slice(0, 40)) {
      const timings = await services.handlers.getTurnTimings({ callRecordId: call.callRecordId })
      let spokenUntil = 0
      for (const turn of [...timings.turns].sort((a, b) => a.start - b.start)) {
        if (spokenUntil > 1 && turn.start - spokenUntil > 3) {
          found = { id: call.callRecordId, gapStart: spokenUntil, nextStart: turn.start, duration: timings.durationSec }
          break
        }
        spokenUntil = Math.max(spokenUntil, turn.end)
      }
      if (found) break
    }
    expect(found).toBeDefined()
    const target = found!

    await page.goto(host.url)
    await openTaskList(page, job)
    await page.keyboard.press('/')
    await page.keyboard.type(String(target.id))
    await page.keyboard.press('Enter')
    await page.locator(`#call-${target.id}`).click()
    const slider = page.getByRole('slider', { name: '播放进度' })
    await expect.poll(async () => Number(await slider.getAttribute('aria-valuemax'))).toBeGreaterThan(3)
    await page.getByTestId('timing-measured').waitFor()
    await page.getByTestId('skip-silence').check()

    // Into the gap, just after the last speech.
    const box = (await slider.boundingBox())!
    const at = target.gapStart + 0.3
    await page.mouse.click(box.x + (at / target.duration) * box.width, box.y + box.height / 2)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    const started = Date.now()
    await page.keyboard.press('Space')
    // Without skipping, reaching the next turn would take the whole gap (over 3 s; the clock shows whole seconds).
    await expect
      .poll(async () => {
        const text = (await slider.getAttribute('aria-valuetext')) ?? ''
        const [m, s] = text.split(' / ')[0]!.split(':').map(Number)
        return m! * 60 + s!
      }, { timeout: 1000, interval: 50 })
      .toBeGreaterThanOrEqual(Math.floor(target.nextStart))
    expect(Date.now() - started).toBeLessThan(1100)
    await page.keyboard.press('Space')
  })
})
