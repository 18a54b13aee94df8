// The list a reviewer lives in, measured at a laptop's window: at 1280×720 and 1440×900, in both
// languages, with the filter form folded under its toggle (as it starts), eight calls (eleven at
// 900 high) show whole in the list and the session's figures cover none of them; the keyword rule
// keeps to one line, the player's controls to one row, and a result card's value wraps between
// words. Shift+S unfolds the form at its first box, over the list (which does not move), Esc or a
// press outside folds it back to the list, Enter applies and folds it; the toggle counts the
// filters it holds. Filtered, the chips share the list's count line: still eight calls whole.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { RESULT_STATUSES } from '../../shared/enums'
import { openFilters, openTaskList, useStack } from './harness'

const stack = useStack({ seed: 5 })

const press = (key: string) => stack.page.keyboard.press(key)
const leaveFields = () => stack.page.locator('body').click({ position: { x: 5, y: 5 } })
const toggle = () => stack.page.getByTestId('filter-toggle')
const list = () => stack.page.getByRole('listbox', { name: /通话列表|Call list/ })
const total = () => stack.page.getByTestId('calls-total').textContent()
/** The focused element's role or its checkbox's value, as the keyboard sees it. */
const focused = () =>
  stack.page.evaluate(() => {
    const active = document.activeElement as HTMLInputElement | null
    return active?.getAttribute('role') ?? active?.value ?? null
  })

async function setLanguage(page: Page, language: 'zh-CN' | 'en') {
  await page.locator('.app-header .language select').selectOption(language)
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language)
}

/** The rows wholly inside the list's scrolled view (and the window), and whether the figures below cover any row shown. */
function measureList(page: Page) {
  return page.evaluate(() => {
    const view = document.querySelector('.call-list-viewport')!.getBoundingClientRect()
    const figures = document.querySelector('[data-testid="session-figures"]')!.getBoundingClientRect()
    const rows = [...document.querySelectorAll('.call-list-viewport [role="option"]')].map((row) => row.getBoundingClientRect())
    const shown = rows.filter((row) => row.bottom > view.top && row.top < view.bottom)
    const whole = shown.filter((row) => row.top >= view.top - 0.5 && row.bottom <= view.bottom + 0.5 && row.bottom <= window.innerHeight)
    // A row shows down to the list's edge at most; the figures must start below what shows of each.
    const covered = shown.filter((row) => Math.min(row.bottom, view.bottom) > figures.top + 0.5 && row.top < figures.bottom)
    return { whole: whole.length, covered: covered.length, figuresInWindow: figures.bottom <= window.innerHeight + 0.5 }
  })
}

/** The words of an element's text that the line breaks split in two (none when it wraps between words). */
function splitWords(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((element) => {
    const split: string[] = []
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? ''
      for (const match of text.matchAll(/\S+/g)) {
        const range = document.createRange()
        range.setStart(node, match.index)
        range.setEnd(node, match.index + match[0].length)
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)))
        if (lines.size > 1) split.push(match[0])
      }
    }
    return split
  })
}

describe('the call list at a laptop’s window', () => {
  it('opens a finished task and its first call', async () => {
    const { page, host, sim } = stack
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.goto(host.url)
    const job = sim.dataset.jobs.find((j) => j.status === 'COMPLETED' && sim.dataset.calls.filter((c) => c.robotCallJobId === j.robotCallJobId).length > 30)!
    await openTaskList(page, job.robotCallJobId)
    await leaveFields()
    await press('j')
    await page.getByTestId('call-detail').waitFor()
  })

  for (const [width, height, rows] of [[1280, 720, 8], [1440, 900, 11]] as const) {
    for (const language of ['zh-CN', 'en'] as const) {
      it(`at ${width}×${height} in ${language}: ${rows} calls show whole, the figures cover none, the rule is one line, the player's controls one row`, async () => {
        const { page } = stack
        await page.setViewportSize({ width, height })
        await setLanguage(page, language)
        // Folded, as the app starts.
        expect(await toggle().getAttribute('aria-expanded')).toBe('false')
        expect(await page.getByTestId('filter-panel').isVisible()).toBe(false)
        await expect.poll(async () => (await measureList(page)).whole).toBeGreaterThanOrEqual(rows)
        const measured = await measureList(page)
        expect(measured.covered).toBe(0)
        expect(measured.figuresInWindow).toBe(true)

        // The keyword rule: one line, all of it in view (the whole rule in its title).
        const rule = page.getByTestId('keyword-rule')
        const line = await rule.evaluate((el) => ({ fits: el.scrollWidth <= el.clientWidth, height: el.getBoundingClientRect().height, font: parseFloat(getComputedStyle(el).fontSize) }))
        expect(line.fits).toBe(true)
        expect(line.height).toBeLessThan(line.font * 2)
        expect(await rule.getAttribute('title')).toContain(language === 'en' ? 'Shift+Enter: by customer name' : 'Shift+Enter 则按客户姓名查')

        // The player's controls in one row: every one spans a common height.
        const spans = await page.locator('.player-controls > *').evaluateAll((items) => items.map((item) => item.getBoundingClientRect()))
        expect(Math.max(...spans.map((s) => s.top))).toBeLessThan(Math.min(...spans.map((s) => s.bottom)))
        // The call's rounds and turns wrap between words, never inside one.
        expect(await splitWords(page, 'detail-rounds')).toEqual([])
      })
    }
  }

  for (const language of ['zh-CN', 'en'] as const) {
    it(`at 1280×720 in ${language}, filtered: the applied filters share the count's line, 8 calls still show whole, "+N" shows the chips out of view`, async () => {
      const { page } = stack
      await page.setViewportSize({ width: 1280, height: 720 })
      await setLanguage(page, language)
      const head = page.locator('.list-head')
      const headHeight = (await head.boundingBox())!.height
      // Three filters by keyboard: 已接听, AI intent A and B.
      await leaveFields()
      await press('Shift+S')
      await expect.poll(focused).toBe('ANSWERED')
      await press('Space')
      for (let i = 0; i < RESULT_STATUSES.length; i++) await press('Tab')
      await press('Space')
      await press('Tab')
      await press('Space')
      await press('Enter')
      const chips = page.getByTestId('filter-chips').getByRole('button', { name: /^(移除筛选条件|Remove filter)/ })
      await expect.poll(() => chips.count()).toBe(3)
      await expect.poll(() => page.getByTestId('filter-count').textContent()).toMatch(language === 'en' ? /^of [\d,]+$/ : /^筛自 [\d,]+ 通$/)
      expect(await page.getByTestId('filter-chips').evaluate((bar) => bar.closest('.list-head') !== null)).toBe(true)
      // No row more: the list's head keeps its height, and eight calls show whole as unfiltered.
      expect((await head.boundingBox())!.height).toBe(headHeight)
      await expect.poll(async () => (await measureList(page)).whole).toBeGreaterThanOrEqual(8)
      expect((await measureList(page)).covered).toBe(0)

      // The chips out of the line's view: "+N" counts them; Enter on it shows them all, the keyboard
      // on the first of those, and Delete removes it as before.
      const more = page.getByTestId('filter-more')
      await more.waitFor()
      const unseen = Number((await more.textContent())!.replace('+', ''))
      expect(unseen).toBeGreaterThanOrEqual(1)
      await more.focus()
      await press('Enter')
      await page.getByTestId('filter-fewer').waitFor()
      const inView = () =>
        page.getByTestId('filter-chip-line').evaluate((line) => {
          const box = line.getBoundingClientRect()
          return [...line.querySelectorAll('.filter-chip')].every((chip) => {
            const rect = chip.getBoundingClientRect()
            return rect.left >= box.left - 0.5 && rect.right <= box.right + 0.5 && rect.bottom <= box.bottom + 0.5
          })
        })
      expect(await inView()).toBe(true)
      const first = await page.evaluate(() => document.activeElement?.getAttribute('data-chip'))
      expect(first).toMatch(/^intentLevels:/)
      await press('Delete')
      await expect.poll(() => chips.count()).toBe(2)
      // "Fewer" folds the line back, the keyboard staying on the chips' controls.
      await page.getByTestId('filter-fewer').focus()
      await press('Enter')
      await page.getByTestId('filter-fewer').waitFor({ state: 'detached' })
      await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="filter-chips"]'))).toBe(true)
      await page.getByTestId('filter-clear-all').click()
      await expect.poll(() => page.getByTestId('filter-chips').count()).toBe(0)
      expect(await page.getByTestId('filter-toggle-count').textContent()).toBe('')

      // An order of the list's own (over the fetched calls): its note keeps to one line, the whole of
      // it in its title, and eight calls still show whole.
      await openFilters(page)
      const sort = page.locator('select[name="sort"]')
      await sort.selectOption('duration-desc')
      await sort.focus()
      await press('Enter')
      await expect.poll(() => page.getByTestId('filter-count').textContent()).toMatch(language === 'en' ? /^of [\d,]+ fetched$/ : /^筛自已取回的 [\d,]+ 通$/)
      const note = page.getByTestId('local-note')
      const noteLine = await note.evaluate((el) => ({ height: el.getBoundingClientRect().height, font: parseFloat(getComputedStyle(el).fontSize), title: el.getAttribute('title') }))
      expect(noteLine.height).toBeLessThan(noteLine.font * 2)
      expect(noteLine.title).toBe(await note.textContent())
      expect((await head.boundingBox())!.height).toBe(headHeight)
      await expect.poll(async () => (await measureList(page)).whole).toBeGreaterThanOrEqual(8)
      await page.getByTestId('filter-clear-all').click()
      await expect.poll(() => page.getByTestId('filter-chips').count()).toBe(0)
    })
  }

  it('at 1280×720: Shift+S unfolds the filters over the list at their first box, Esc folds them back to the list and drops what was not applied', async () => {
    const { page } = stack
    await page.setViewportSize({ width: 1280, height: 720 })
    await setLanguage(page, 'zh-CN')
    const before = await list().boundingBox()
    await leaveFields()
    await press('Shift+S')
    await expect.poll(() => toggle().getAttribute('aria-expanded')).toBe('true')
    expect(await toggle().getAttribute('aria-controls')).toBe('filter-panel')
    // The first box: the first result status, 已接听.
    await expect.poll(focused).toBe('ANSWERED')
    // Over the list: nothing under it moved.
    expect(await list().boundingBox()).toEqual(before)
    await press('Space')
    expect(await page.locator('input[value="ANSWERED"]').isChecked()).toBe(true)
    await press('Escape')
    await expect.poll(() => toggle().getAttribute('aria-expanded')).toBe('false')
    expect(await page.getByTestId('filter-panel').isVisible()).toBe(false)
    expect(await focused()).toBe('listbox')
    // Folded without applying: the box ticked is unticked again, nothing was applied.
    expect(await page.locator('input[value="ANSWERED"]').isChecked()).toBe(false)
    expect(await page.getByTestId('filter-chips').count()).toBe(0)
    // The keyboard is on the list: j moves in it.
    const open = await list().locator('[aria-selected="true"]').getAttribute('id')
    await press('j')
    await expect.poll(() => list().locator('[aria-selected="true"]').getAttribute('id')).not.toBe(open)
  })

  it('folds the filters on a press outside them as Esc does: what was not applied goes, the keyword box keeps its words, the keyboard goes to the list', async () => {
    const { page } = stack
    const panel = page.getByTestId('filter-panel')
    const answered = page.locator('input[value="ANSWERED"]')
    const group = page.locator('input[name="customerGroupId"]')
    await leaveFields()
    await press('Shift+S')
    await expect.poll(focused).toBe('ANSWERED')
    await press('Space')
    await group.fill('12')
    // A press inside the panel (on its legend, and on a box's label) keeps it unfolded and its edits.
    await panel.locator('legend').first().click()
    await page.locator('input[name="hasNote"]').check()
    expect(await toggle().getAttribute('aria-expanded')).toBe('true')
    expect(await answered.isChecked()).toBe(true)
    // A press in the list (on a row below the panel, which opens over the list) folds it, drops
    // what was not applied, and the list keeps the keyboard.
    const below = await page.evaluate(() => {
      const bottom = document.querySelector('[data-testid="filter-panel"]')!.getBoundingClientRect().bottom
      return [...document.querySelectorAll('.call-list-viewport [role="option"]')].find((row) => row.getBoundingClientRect().top > bottom)?.id
    })
    expect(below).toBeDefined()
    await page.locator(`#${below}`).click()
    await expect.poll(() => toggle().getAttribute('aria-expanded')).toBe('false')
    expect(await panel.isVisible()).toBe(false)
    expect(await answered.isChecked()).toBe(false)
    expect(await group.inputValue()).toBe('')
    expect(await page.locator('input[name="hasNote"]').isChecked()).toBe(false)
    expect(await page.getByTestId('filter-chips').count()).toBe(0)
    expect(await focused()).toBe('listbox')
    // From the keyword box, a press on a bare spot: folded, the words typed kept, the keyboard on the list (where Esc sends it).
    await toggle().click()
    await panel.waitFor()
    await press('/')
    await page.keyboard.type('138')
    await leaveFields()
    await expect.poll(() => toggle().getAttribute('aria-expanded')).toBe('false')
    expect(await page.locator('#keyword-search').inputValue()).toBe('138')
    await expect.poll(focused).toBe('listbox')
    await page.locator('#keyword-search').fill('')
    await leaveFields()
  })

  it('applies with Enter, folds the filters back to the list, and the toggle counts them, the keyword box keeping its width', async () => {
    const { page, sim } = stack
    const job = Number(/\d+/.exec((await page.getByTestId('current-task').textContent()) ?? '')![0])
    const calls = sim.dataset.calls.filter((c) => Number(c.robotCallJobId) === job)
    expect(await page.getByTestId('filter-toggle-count').textContent()).toBe('')
    const keywordWidth = (await page.locator('#keyword-search').boundingBox())!.width
    await leaveFields()
    await press('Shift+S')
    await expect.poll(focused).toBe('ANSWERED')
    await press('Space') // 已接听
    for (let i = 0; i < RESULT_STATUSES.length; i++) await press('Tab') // past the other statuses to intent A
    await press('Space')
    await press('Enter')
    const both = calls.filter((c) => c.resultStatus === 'ANSWERED' && c.intentLevel === 'A').length
    await expect.poll(total).toBe(`共 ${both} 通`)
    expect(await toggle().getAttribute('aria-expanded')).toBe('false')
    expect(await focused()).toBe('listbox')
    // Two filters behind the toggle, each shown as a chip on the list's count line.
    expect(await page.getByTestId('filter-toggle-count').textContent()).toBe('2')
    expect(await toggle().getAttribute('aria-label')).toBe('筛选（2 项生效）')
    expect(await page.getByTestId('filter-chips').getByRole('button', { name: /^移除筛选条件/ }).count()).toBe(2)
    expect((await page.locator('#keyword-search').boundingBox())!.width).toBe(keywordWidth)
    // A keyword is the box's own: not counted behind the toggle.
    await press('/')
    await page.keyboard.type('#1')
    await press('Enter')
    await page.getByRole('button', { name: /^移除筛选条件：关键字/ }).waitFor()
    expect(await page.getByTestId('filter-toggle-count').textContent()).toBe('2')
    await setLanguage(page, 'en')
    expect(await toggle().getAttribute('aria-label')).toBe('Filters (2 active)')
    await setLanguage(page, 'zh-CN')
    await page.getByTestId('filter-clear-all').click()
    await expect.poll(total).toBe(`共 ${calls.length} 通`)
    expect(await page.getByTestId('filter-toggle-count').textContent()).toBe('')
  })

  it('applies with Enter on a list too; the toggle folds without applying, and Esc from the keyword box folds back to the list', async () => {
    const { page } = stack
    await openFilters(page)
    const sort = page.locator('select[name="sort"]')
    await sort.selectOption('duration-desc')
    await sort.focus()
    await press('Enter')
    await page.getByRole('button', { name: '移除筛选条件：排序：时长（长→短）' }).waitFor()
    expect(await toggle().getAttribute('aria-expanded')).toBe('false')
    expect(await focused()).toBe('listbox')
    expect(await page.getByTestId('filter-toggle-count').textContent()).toBe('1')

    // The toggle unfolds and folds; folded, what was changed goes and the keyboard stays on it.
    await toggle().click()
    await page.getByTestId('filter-panel').waitFor()
    await page.locator('input[name="hasNote"]').check()
    await toggle().click()
    await expect.poll(() => toggle().getAttribute('aria-expanded')).toBe('false')
    expect(await page.locator('input[name="hasNote"]').isChecked()).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('filter-toggle')

    // Unfolded, then the keyword box: Esc there folds the filters and the keyboard goes to the list.
    await toggle().click()
    await press('/')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('keyword-search')
    await press('Escape')
    await expect.poll(() => toggle().getAttribute('aria-expanded')).toBe('false')
    expect(await focused()).toBe('listbox')
    await page.getByTestId('filter-clear-all').click()
    await expect.poll(() => page.getByTestId('filter-toggle-count').textContent()).toBe('')
  })

  it('keeps the filters unfolded or folded from task to task, for the session', async () => {
    const { page } = stack
    const job = /\d+/.exec((await page.getByTestId('current-task').textContent()) ?? '')![0]
    await leaveFields()
    await press('Shift+S')
    await expect.poll(() => toggle().getAttribute('aria-expanded')).toBe('true')
    await press('g')
    await openTaskList(page, job)
    expect(await toggle().getAttribute('aria-expanded')).toBe('true')
    await page.getByTestId('filter-panel').waitFor()
    await leaveFields()
    await press('Shift+S')
    await press('Escape')
    await expect.poll(() => toggle().getAttribute('aria-expanded')).toBe('false')
  })

  it('keeps the whole keyword rule in the help', async () => {
    const { page } = stack
    await leaveFields()
    await press('?')
    const help = page.getByRole('dialog', { name: '键盘快捷键' })
    await help.waitFor()
    expect(await help.getByTestId('help-keyword-rule').textContent()).toContain('关键字：11 位手机号')
    await press('Escape')
    await help.waitFor({ state: 'detached' })
  })
})
