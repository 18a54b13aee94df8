// Nothing jumps (issue 13: 7): the grade's saved line (and the reviewer's name asked for in its
// place), the turn's timing buttons and the download's progress line appear without moving what
// is around them. Positions are measured before and after, at 1280×720 and 1440×900, in both
// languages where the words differ.
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openTaskList, useStack } from './harness'

// A grade stays on its call (a new profile moves on to the next): what is measured is that call's view.
const stack = useStack({ seed: 7, settings: { advanceAfterGrade: false } })

/** The boxes of everything in `parts`, by name, rounded to the pixel's tenth. */
async function boxes(parts: Record<string, Locator>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {}
  for (const [name, part] of Object.entries(parts)) {
    const box = (await part.boundingBox())!
    out[name] = [box.x, box.y, box.width, box.height].map((n) => Math.round(n * 10) / 10)
  }
  return out
}

async function setLanguage(page: Page, language: 'zh-CN' | 'en') {
  await page.locator('.app-header .language select').selectOption(language)
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language)
}

const sizes = [[1280, 720], [1440, 900]] as const
const finishedJob = () => stack.sim.dataset.jobs.find((j) => j.status === 'COMPLETED')!.robotCallJobId

describe('no layout shift', () => {
  it('opens a finished task', async () => {
    const { page, host } = stack
    await page.goto(host.url)
    await openTaskList(page, finishedJob())
  })

  for (const [width, height] of sizes) {
    for (const language of ['zh-CN', 'en'] as const) {
      it(`at ${width}×${height} in ${language}: saving a grade (and the name asked for) moves nothing`, async () => {
        const { page } = stack
        await page.setViewportSize({ width, height })
        await setLanguage(page, language)
        await page.locator('body').click({ position: { x: 5, y: 5 } })
        // The next call without a grade.
        await page.keyboard.press('n')
        const list = page.getByRole('listbox', { name: /通话列表|Call list/ })
        const selected = list.locator('[aria-selected="true"]')
        await selected.waitFor()
        await page.getByTestId('call-detail').waitFor()
        expect(await selected.textContent()).not.toContain('✓')
        const around = {
          options: page.locator('.grade-options'),
          note: page.locator('#review-note'),
          customer: page.getByTestId('call-detail'),
          transcript: page.locator('.transcript'),
          player: page.locator('.player'),
        }
        const before = await boxes(around)
        await page.keyboard.press('c')
        await expect.poll(() => selected.textContent()).toContain('✓ C')
        await page.getByTestId('grade-saved').waitFor()
        // The first grade without a reviewer name asks for it too, in the same room.
        expect(await boxes(around)).toEqual(before)
        if (await page.getByTestId('reviewer-name-prompt').count()) {
          await page.getByTestId('reviewer-name-prompt').getByRole('button', { name: /以后再说|Later/ }).click()
          await page.getByTestId('grade-saved').waitFor()
          expect(await boxes(around)).toEqual(before)
        }
      })
    }
  }

  for (const [width, height] of sizes) {
    it(`at ${width}×${height}: the turn's timing buttons appear over the turn, moving no turn`, async () => {
      const { page, sim } = stack
      await page.setViewportSize({ width, height })
      await setLanguage(page, 'zh-CN')
      const call = sim.dataset.calls.find((c) => c.robotCallJobId === finishedJob() && c.resultStatus === 'ANSWERED' && c.fullAudioUrl && c.callDetailList.length >= 8)!
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('/')
      await page.keyboard.press('Control+a')
      await page.keyboard.type(`#${call.callRecordId}`)
      await page.keyboard.press('Enter')
      await expect.poll(() => page.getByRole('listbox', { name: '通话列表' }).getByRole('option').count()).toBe(1)
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('j')
      await page.getByTestId('timing-measured').waitFor()
      const turns = page.locator('.transcript .turn')
      /** Each turn's top and height within the transcript (whatever it is scrolled to). */
      const layout = () =>
        page.locator('.transcript .turns').evaluate((list) => {
          const top = list.getBoundingClientRect().top - list.scrollTop
          return [...list.children].map((turn) => {
            const r = turn.getBoundingClientRect()
            return [Math.round((r.top - top) * 10) / 10, Math.round(r.height * 10) / 10]
          })
        })
      const current = () => turns.evaluateAll((items) => items.findIndex((item) => item.getAttribute('aria-current') === 'true'))
      // From the start to the first turn (the call opens before it, where no turn is being heard).
      await page.getByRole('slider', { name: '播放进度' }).focus()
      await page.keyboard.press('Home')
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('Shift+ArrowRight')
      await expect.poll(current).toBe(0)
      const tools = page.locator('.turn-tools')
      await tools.waitFor()
      const before = await layout()
      // The buttons move from turn to turn as the turn being heard does.
      for (const index of [1, 2, 3]) {
        await page.keyboard.press('Shift+ArrowRight')
        await expect.poll(current).toBe(index)
        await expect.poll(() => tools.count()).toBe(1)
        expect(await layout()).toEqual(before)
        // Over the turn being heard, inside its box.
        const turn = (await turns.nth(index).boundingBox())!
        const box = (await tools.boundingBox())!
        expect(box.y).toBeGreaterThanOrEqual(turn.y)
        expect(box.y + box.height).toBeLessThanOrEqual(turn.y + turn.height + 0.5)
      }
    })
  }

  for (const language of ['zh-CN', 'en'] as const) {
    it(`at 1280×720 in ${language}: timing edit mode's mark comes and goes without moving the turns`, async () => {
      const { page } = stack
      await page.setViewportSize({ width: 1280, height: 720 })
      await setLanguage(page, language)
      // The long call of the test before is still open.
      await page.getByTestId('timing-measured').waitFor()
      await page.locator('body').click({ position: { x: 5, y: 5 } })
      const around = { heading: page.locator('.transcript > h3'), turns: page.locator('.transcript .turns'), side: page.getByTestId('detail-side') }
      const before = await boxes(around)
      await page.keyboard.press('Shift+T')
      const mark = page.getByTestId('timing-edit')
      await mark.waitFor()
      // Its whole hint is there to read (and to hear), however much of it the line shows.
      expect(await mark.textContent()).toContain(language === 'en' ? 'Esc leaves' : 'Esc 退出')
      expect(await boxes(around)).toEqual(before)
      await page.keyboard.press('Escape')
      await mark.waitFor({ state: 'detached' })
      expect(await boxes(around)).toEqual(before)
    })
  }

  for (const language of ['zh-CN', 'en'] as const) {
    it(`at 1280×720 in ${language}: the download's progress line appears without moving the filters or the list`, async () => {
      const { page } = stack
      await page.setViewportSize({ width: 1280, height: 720 })
      await setLanguage(page, language)
      // In the first language no download has run yet (the idle line); in the second one was cancelled.
      const around = {
        keyword: page.locator('#keyword-search'),
        filters: page.locator('.filter-bar'),
        list: page.getByRole('listbox', { name: /通话列表|Call list/ }),
      }
      const before = await boxes(around)
      const status = page.getByTestId('download-status')
      await page.getByTestId('download-start').click()
      await status.waitFor()
      expect(await boxes(around)).toEqual(before)
      const cancel = page.locator('.download-line').getByRole('button', { name: /取消|Cancel/ })
      if (await cancel.count()) {
        await cancel.click()
        await expect.poll(() => cancel.count()).toBe(0)
      }
      expect(await boxes(around)).toEqual(before)
    })
  }
})
