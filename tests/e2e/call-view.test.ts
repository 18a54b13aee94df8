// What the call view says (issue 13: 16): one date form in both languages (list, call, grade,
// report), the reviewer's name asked for on the first grade instead of an unsigned "复核人 于".
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 9 })

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

async function setLanguage(page: Page, language: 'zh-CN' | 'en') {
  await page.locator('.app-header .language select').selectOption(language)
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language)
}

const finishedJob = () => stack.sim.dataset.jobs.find((j) => j.status === 'COMPLETED')!.robotCallJobId
const grades = () => stack.page.getByRole('radiogroup', { name: /人工意向|Reviewer intent/ })

describe('the call view', () => {
  it('asks for the reviewer’s name on the first grade, beside the saved line, keeping the keyboard', async () => {
    const { page, host } = stack
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.goto(host.url)
    await openTaskList(page, finishedJob())
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('n')
    await page.getByTestId('call-detail').waitFor()
    expect(await page.getByTestId('reviewer-name-prompt').count()).toBe(0)
    await page.keyboard.press('b')
    const prompt = page.getByTestId('reviewer-name-prompt')
    await prompt.waitFor()
    // Saved all the same, unsigned: no "复核人 于".
    const saved = page.getByTestId('grade-saved')
    await expect.poll(() => saved.textContent()).toMatch(/^已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 保存$/)
    // The keys still grade: the prompt did not take the focus.
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('INPUT')
    await page.keyboard.press('c')
    await expect.poll(() => grades().getByRole('radio', { name: /^C/ }).getAttribute('aria-checked')).toBe('true')

    await prompt.getByRole('textbox').fill('张晓')
    await prompt.getByRole('textbox').press('Enter')
    await expect.poll(() => prompt.count()).toBe(0)
    // The keyboard is back with the workspace, and the next grade is signed.
    await page.keyboard.press('d')
    await expect.poll(() => saved.textContent()).toMatch(/^张晓 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 保存$/)
    // It is the reviewer-name setting.
    await page.getByRole('button', { name: '设置', exact: true }).click()
    expect(await page.locator('input[name="reviewerName"]').inputValue()).toBe('张晓')
    await page.getByRole('button', { name: '返回', exact: true }).click()
  })

  for (const language of ['zh-CN', 'en'] as const) {
    it(`writes every date as YYYY-MM-DD HH:mm:ss in ${language}: the list, the call, the grade`, async () => {
      const { page } = stack
      await setLanguage(page, language)
      const row = page.getByRole('listbox', { name: /通话列表|Call list/ }).locator('[aria-selected="true"]')
      expect((await row.locator('.start').textContent())!.trim()).toMatch(DATE_TIME)
      expect((await page.getByTestId('detail-start').textContent())!.trim()).toMatch(DATE_TIME)
      expect((await page.getByTestId('detail-end').textContent())!.trim()).toMatch(DATE_TIME)
      const saved = (await page.getByTestId('grade-saved').textContent())!
      expect(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(saved)).toBe(true)
      expect(saved).not.toMatch(/\d{1,2}\/\d{1,2}\/\d{4}|AM|PM|\d{4}\/\d{1,2}\/\d{1,2}/)
    })
  }

  for (const language of ['zh-CN', 'en'] as const) {
    it(`takes the report’s days in the same form in ${language}, whatever the browser’s locale`, async () => {
      const { page } = stack
      await setLanguage(page, language)
      await page.getByRole('button', { name: language === 'en' ? 'Report & export' : '报告与导出' }).click()
      const from = page.getByTestId('report-from')
      // A text field in the app's form, not the browser's date picker in its own locale.
      expect(await from.getAttribute('type')).not.toBe('date')
      expect(await from.getAttribute('placeholder')).toContain('2025-11-04')
      await from.fill('2025/11/4')
      await from.press('Enter')
      await expect.poll(() => from.inputValue()).toBe('2025-11-04')
      await page.getByTestId('report-pairs').waitFor()
      const to = page.getByTestId('report-to')
      await to.fill('2023-02-29')
      await to.press('Enter')
      const error = page.locator('.report-scope [role="alert"]')
      await expect.poll(() => error.textContent()).toContain(language === 'en' ? 'Enter a day that exists' : '请输入存在的日期')
      expect(await to.getAttribute('aria-invalid')).toBe('true')
      await to.fill('')
      await to.press('Enter')
      await expect.poll(() => error.count()).toBe(0)
      await page.getByRole('button', { name: language === 'en' ? 'Back' : '返回', exact: true }).first().click()
      await page.getByTestId('call-detail').waitFor()
    })
  }

  // Last: the server goes away.
  it('says offline in the badge and the banner alike, in both languages, when the server goes away', async () => {
    const { page, sim } = stack
    await setLanguage(page, 'zh-CN')
    const badge = page.getByTestId('connection-state')
    expect(await badge.textContent()).toBe('演示数据')
    await sim.close()
    await page.reload()
    const banner = page.getByTestId('offline-banner')
    await banner.waitFor({ timeout: 20_000 })
    expect(await banner.textContent()).toContain('离线')
    expect(await badge.textContent()).toBe('演示数据 · 离线')
    await setLanguage(page, 'en')
    expect(await banner.textContent()).toContain('Offline')
    expect(await badge.textContent()).toBe('Demo data · Offline')
    await setLanguage(page, 'zh-CN')
  })
})
