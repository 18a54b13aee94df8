// A half-hour recording: it streams (howler's HTML5 mode, no whole-file decode in the page),
// and seeking near the end, past what is buffered, and back stays accurate.
import { describe, expect, it } from 'vitest'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 1 })

describe('long recordings', () => {
  it('plays a 30-minute call, seeks near the end and back accurately, without memory growth', async () => {
    const { page, host, sim } = stack
    const long = [...sim.dataset.calls].sort((a, b) => b.chatDuration - a.chatDuration)[0]!
    expect(long.chatDuration).toBeGreaterThanOrEqual(30 * 60)
    await page.goto(host.url)
    await openTaskList(page, long.robotCallJobId)
    await page.keyboard.press('/')
    await page.keyboard.type(String(long.callRecordId))
    await page.keyboard.press('Enter')
    await page.locator(`#call-${long.callRecordId}`).click()

    const slider = page.getByRole('slider', { name: '播放进度' })
    const value = async () => Number(await slider.getAttribute('aria-valuenow'))
    await expect.poll(async () => Number(await slider.getAttribute('aria-valuemax')), { timeout: 30_000 }).toBeGreaterThan(1800)
    const heap = () => page.evaluate(() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize)
    const heapBefore = await heap()

    // The player loaded the file as a stream: an <audio> element, no decoded buffer.
    await slider.focus()
    await page.keyboard.press('End')
    await page.keyboard.press('PageDown') // 30 s before the end
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    const nearEnd = await value()
    expect(nearEnd).toBeGreaterThan(long.chatDuration - 40)
    await page.keyboard.press('Space')
    await expect.poll(value, { timeout: 10_000 }).toBeGreaterThanOrEqual(nearEnd + 1)
    // The sound plays from a media element (HTML5 mode), whose clock the slider shows.
    const media = await page.evaluate(() => {
      const howler = (window as unknown as { Howler?: { _howls: { _sounds: { _node: unknown }[] }[] } }).Howler
      const node = howler?._howls[0]?._sounds[0]?._node
      return node instanceof HTMLAudioElement ? { time: node.currentTime } : null
    })
    expect(media).not.toBeNull()
    expect(Math.abs(media!.time - (await value()))).toBeLessThan(2)

    // Back to the start: the clock follows at once, not from a stale position.
    await slider.focus()
    await page.keyboard.press('Home')
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await expect.poll(value).toBeLessThan(5)
    await page.waitForTimeout(1500)
    const early = await value()
    expect(early).toBeGreaterThanOrEqual(1)
    expect(early).toBeLessThan(6)
    await page.keyboard.press('Space')

    // No decoded half hour in the page's memory (a decoded 8 kHz float buffer would be ~58 MB).
    expect((await heap()) - heapBefore).toBeLessThan(20 * 1024 * 1024)
  }, 90_000)

  it('keeps the turn being heard in view, pauses that while the reviewer scrolls, and resumes on play', async () => {
    const { page } = stack
    const list = page.getByRole('list', { name: '对话内容' })
    const scrollTop = () => list.evaluate((el) => el.scrollTop)
    const currentInView = () =>
      list.evaluate((el) => {
        const item = el.querySelector('[aria-current="true"]')
        if (!item) return false
        const box = el.getBoundingClientRect()
        const r = item.getBoundingClientRect()
        return r.top >= box.top - 1 && r.bottom <= box.bottom + 1
      })
    const slider = page.getByRole('slider', { name: '播放进度' })
    await slider.focus()
    await page.keyboard.press('End')
    await page.keyboard.press('PageDown')
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Space')
    await expect.poll(currentInView).toBe(true)
    expect(await scrollTop()).toBeGreaterThan(100)

    // The reviewer scrolls back to the top while it plays: following stops.
    await list.evaluate((el) => {
      el.scrollTop = 0
      el.dispatchEvent(new Event('scroll'))
    })
    await page.keyboard.press('Shift+ArrowLeft')
    await page.waitForTimeout(500)
    expect(await scrollTop()).toBeLessThan(50)

    // The next play follows again.
    await page.keyboard.press('Space')
    await page.keyboard.press('Space')
    await expect.poll(currentInView).toBe(true)
    await page.keyboard.press('Space')
  }, 60_000)

  it('plays only the customer’s turns with “customer only”', async () => {
    const { page } = stack
    await page.getByTestId('customer-only').check()
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    const slider = page.getByRole('slider', { name: '播放进度' })
    await slider.focus()
    await page.keyboard.press('Home')
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Space')
    const current = page.getByRole('list', { name: '对话内容' }).locator('[aria-current="true"]')
    await expect.poll(() => current.getAttribute('class'), { timeout: 10_000 }).toContain('turn-person')
    await page.waitForTimeout(1500)
    expect(await current.getAttribute('class')).toContain('turn-person')
    await page.keyboard.press('Space')
    await page.getByTestId('customer-only').uncheck()
  }, 60_000)
})
