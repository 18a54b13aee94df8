// The open call's layout, measured (issue 13: 6): at 1280×720 and 1440×900, in both languages,
// the player's controls and waveform stay in view while the call plays and the transcript scrolls,
// and at least six turns of the transcript show beside them when the call opens.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 5 })

interface Box { x: number; y: number; width: number; height: number }

/** Whether `box` lies wholly inside the window. */
const inView = (box: Box | null, page: Page) => {
  const size = page.viewportSize()!
  return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height + 0.5 && box.x + box.width <= size.width + 0.5
}

/** The pinned parts of the player a reviewer needs in sight: play, the seek bar and the waveform. */
const pinned = (page: Page) => ({
  play: page.locator('.player .play'),
  seek: page.locator('.player .seek-bar'),
  waveform: page.locator('.player canvas.waveform'),
})

async function pinnedBoxes(page: Page): Promise<Box[]> {
  const { play, seek, waveform } = pinned(page)
  return [(await play.boundingBox())!, (await seek.boundingBox())!, (await waveform.boundingBox())!]
}

/** Turns wholly visible: inside the window and inside the transcript's scrolled view. */
async function visibleTurns(page: Page): Promise<number> {
  const list = (await page.locator('.transcript .turns').boundingBox())!
  const boxes = await page.locator('.transcript .turn').evaluateAll((items) =>
    items.map((item) => {
      const r = item.getBoundingClientRect()
      return { top: r.top, bottom: r.bottom }
    }),
  )
  const height = page.viewportSize()!.height
  return boxes.filter((b) => b.top >= list.y - 0.5 && b.bottom <= list.y + list.height + 0.5 && b.top >= 0 && b.bottom <= height).length
}

/** The answered call with the longest transcript of a finished task: one whose turns cannot all show at once. */
function longCall() {
  const { sim } = stack
  const job = sim.dataset.jobs.find((j) => j.status === 'COMPLETED')!.robotCallJobId
  const calls = sim.dataset.calls.filter((c) => c.robotCallJobId === job && c.resultStatus === 'ANSWERED' && c.fullAudioUrl)
  const call = calls.reduce((a, b) => (b.callDetailList.length > a.callDetailList.length ? b : a))
  return { job, call }
}

const slider = () => stack.page.getByRole('slider', { name: /播放进度|Playback position/ })
const position = async () => Number(await slider().getAttribute('aria-valuenow'))

async function setLanguage(page: Page, language: 'zh-CN' | 'en') {
  await page.locator('.app-header .language select').selectOption(language)
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language)
}

describe('the open call at a desk-size window', () => {
  it('opens the long call by keyboard', async () => {
    const { page, host } = stack
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.goto(host.url)
    const { job, call } = longCall()
    expect(call.callDetailList.length).toBeGreaterThanOrEqual(10)
    await openTaskList(page, job)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('/')
    await page.keyboard.type(`#${call.callRecordId}`)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('listbox', { name: '通话列表' }).getByRole('option').count()).toBe(1)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('j')
    await expect.poll(async () => Number(await slider().getAttribute('aria-valuemax'))).toBeGreaterThan(10)
    await page.getByTestId('timing-measured').waitFor()
  })

  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    for (const language of ['zh-CN', 'en'] as const) {
      it(`at ${width}×${height} in ${language}: the controls, the waveform and six turns show together; playing and scrolling move only the transcript`, async () => {
        const { page } = stack
        await page.setViewportSize({ width, height })
        await setLanguage(page, language)
        // Paused, at the start of the call, as when it opens.
        if (/暂停|Pause/.test((await page.locator('.player .play').textContent()) ?? '')) await page.locator('.player .play').click()
        const seek = pinned(page).seek
        await seek.focus()
        await page.keyboard.press('Home')
        await expect.poll(position).toBe(0)
        await page.locator('body').click({ position: { x: 5, y: 5 } })
        await page.locator('.transcript .turns').evaluate((el) => (el.scrollTop = 0))

        const overflows = await page.locator('.transcript .turns').evaluate((el) => el.scrollHeight > el.clientHeight)
        // At 720 pixels the call's turns do not all fit: following has to scroll them.
        if (height === 720) expect(overflows).toBe(true)
        const before = await pinnedBoxes(page)
        for (const box of before) expect(inView(box, page)).toBe(true)
        expect(await visibleTurns(page)).toBeGreaterThanOrEqual(6)

        // Playing: the transcript follows the voice to its last turn; the player stays put.
        await page.keyboard.press('Space')
        await expect.poll(position, { timeout: 10_000 }).toBeGreaterThan(0)
        const last = page.locator('.transcript .turn').last()
        await expect
          .poll(async () => {
            // Shift+→ moves from the turn being heard, which the voice may not have reached yet.
            if ((await last.getAttribute('aria-current')) !== 'true') await page.keyboard.press('Shift+ArrowRight')
            return last.getAttribute('aria-current')
          }, { timeout: 15_000, interval: 400 })
          .toBe('true')
        if (overflows) await expect.poll(() => page.locator('.transcript .turns').evaluate((el) => el.scrollTop)).toBeGreaterThan(0)
        // The play button now reads 暂停 / Pause: nothing moved for it either.
        expect(await pinnedBoxes(page)).toEqual(before)
        expect(inView(await page.locator('.transcript .turn').last().boundingBox(), page)).toBe(true)

        // Scrolling the transcript by hand (the wheel over it): the player stays put too.
        const list = (await page.locator('.transcript .turns').boundingBox())!
        await page.mouse.move(list.x + list.width / 2, list.y + list.height / 2)
        await page.mouse.wheel(0, -2000)
        await expect.poll(() => page.locator('.transcript .turns').evaluate((el) => el.scrollTop)).toBe(0)
        expect(await pinnedBoxes(page)).toEqual(before)
        // Nothing else scrolled: not the call's pane, not the page.
        expect(await page.locator('.detail-pane').evaluate((el) => el.scrollTop)).toBe(0)
        expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0)
        await page.keyboard.press('Space')
        await expect.poll(() => page.locator('.player .play').textContent()).toMatch(/播放|Play/)
      })
    }
  }

  it('at 1024×768 the controls, the waveform and six turns still show together', async () => {
    const { page } = stack
    await page.setViewportSize({ width: 1024, height: 768 })
    await setLanguage(page, 'zh-CN')
    await page.locator('.transcript .turns').evaluate((el) => (el.scrollTop = 0))
    for (const box of await pinnedBoxes(page)) expect(inView(box, page)).toBe(true)
    expect(await visibleTurns(page)).toBeGreaterThanOrEqual(6)
  })
})
