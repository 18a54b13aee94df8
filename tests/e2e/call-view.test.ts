// What the call view says (issue 13: 16): one date form in both languages (list, call, grade,
// report), the reviewer's name asked for on the first grade instead of an unsigned "复核人 于", a
// call's length alike in the list, the call and the player, the customer's known custom fields
// labelled in English, and the badge and the offline banner agreeing.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openTaskList, useStack } from './harness'

// Grades here stay on their call (a new profile moves on to the next), as the saved line is read after them.
const stack = useStack({ seed: 9, settings: { advanceAfterGrade: false } })

const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

async function setLanguage(page: Page, language: 'zh-CN' | 'en') {
  await page.locator('.app-header .language select').selectOption(language)
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language)
}

/** m:ss, as the app writes a length. */
const clockOf = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`

/** Opens a call of the open task by its id, with the keyboard. */
async function openCall(page: Page, id: number | string) {
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('/')
  await page.keyboard.press('Control+a')
  await page.keyboard.type(`#${id}`)
  await page.keyboard.press('Enter')
  const list = page.getByRole('listbox', { name: /通话列表|Call list/ })
  await expect.poll(() => list.getByRole('option').count()).toBe(1)
  await expect.poll(() => list.getByRole('option').first().getAttribute('id')).toBe(`call-${id}`)
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('j')
  await expect.poll(() => page.getByTestId('call-detail').count()).toBe(1)
  await expect.poll(() => list.locator('[aria-selected="true"]').getAttribute('id')).toBe(`call-${id}`)
}

/** A WAV recording's length in seconds, from its header. */
async function recordingSeconds(url: string): Promise<number> {
  const wav = Buffer.from(await (await fetch(url)).arrayBuffer())
  const byteRate = wav.readUInt32LE(28)
  for (let at = 12; at + 8 <= wav.length; at += 8 + wav.readUInt32LE(at + 4)) {
    if (wav.subarray(at, at + 4).toString('latin1') === 'data') return wav.readUInt32LE(at + 4) / byteRate
  }
  throw new Error(`no data chunk in ${url}`)
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

  for (const language of ['zh-CN', 'en'] as const) {
    it(`gives a call's length alike in the list, the call and the player, and names rounds and turns apart, in ${language}`, async () => {
      const { page, sim } = stack
      await setLanguage(page, language)
      // A recording whose length is over a half second past a whole one (23.95 s): cut to whole
      // seconds it would read a second short of the list's.
      const answered = sim.dataset.calls.filter((c) => c.robotCallJobId === finishedJob() && c.resultStatus === 'ANSWERED' && c.fullAudioUrl && c.callDetailList.length > c.chatRound)
      let call = answered[0]!
      for (const candidate of answered) {
        const seconds = await recordingSeconds(candidate.fullAudioUrl!)
        if (seconds % 1 >= 0.5) {
          call = candidate
          break
        }
      }
      expect((await recordingSeconds(call.fullAudioUrl!)) % 1).toBeGreaterThanOrEqual(0.5)
      await openCall(page, call.callRecordId)
      const row = page.getByRole('listbox', { name: /通话列表|Call list/ }).locator('[aria-selected="true"]')
      const listed = (await row.locator('.secondary span').first().textContent())!.trim()
      expect(listed).toBe(clockOf(call.chatDuration))
      expect((await page.getByTestId('detail-duration').textContent())!.trim()).toBe(listed)
      const time = page.getByTestId('player-time')
      await expect.poll(async () => (await time.textContent())!.split(' / ')[1]).toBe(listed)
      // The same recording: no second length is given.
      expect(await page.getByTestId('recording-length').count()).toBe(0)
      // The list's rounds are the platform's chatRound; the transcript's turns are counted as such.
      expect(await row.textContent()).toContain(language === 'en' ? `${call.chatRound} rounds` : `${call.chatRound} 轮`)
      expect(await page.getByTestId('detail-rounds').textContent()).toBe(
        language === 'en' ? `${call.chatRound} rounds · ${call.callDetailList.length} turns in the transcript` : `${call.chatRound} 轮 · 对话 ${call.callDetailList.length} 句`,
      )
      expect(await page.locator('.transcript .turn').count()).toBe(call.callDetailList.length)
    })
  }

  it('says the recording’s own length where it differs from the call’s (an operator’s message on an unanswered call)', async () => {
    const { page, sim } = stack
    await setLanguage(page, 'zh-CN')
    const call = sim.dataset.calls.find((c) => c.robotCallJobId === finishedJob() && c.resultStatus !== 'ANSWERED' && c.fullAudioUrl)!
    await openCall(page, call.callRecordId)
    const time = page.getByTestId('player-time')
    // The player's length and the call card's, read together until they agree: under load the
    // player can show a first estimate of the length (0:06 of an 18 s recording) before the real one.
    const read = async () => ({
      player: (await time.textContent())!.split(' / ')[1]!,
      card: (await page.getByTestId('detail-duration').textContent())!.replace(/\s/g, ''),
    })
    await expect.poll(async () => {
      const { player, card } = await read()
      return player !== '0:00' && card === `${clockOf(call.chatDuration)}（录音${player}）`
    }).toBe(true)
    // Said because the recording's own length differs from the call's.
    const { player } = await read()
    expect(player).not.toBe(clockOf(call.chatDuration))
  })

  it('labels the customer’s custom properties it knows in English, and shows the others as they come', async () => {
    const { page, sim } = stack
    const call = sim.dataset.calls.find((c) => c.robotCallJobId === finishedJob() && c.resultStatus === 'ANSWERED')!
    await openCall(page, call.callRecordId)
    const labels = page.getByTestId('property-label')
    await setLanguage(page, 'zh-CN')
    await expect.poll(() => labels.allTextContents()).toContain('城市')
    await setLanguage(page, 'en')
    await expect.poll(() => labels.allTextContents()).toContain('City')
    const shown = await labels.allTextContents()
    // No Chinese key is left in English where the app knows it.
    expect(shown.filter((label) => /[\u4e00-\u9fff]/.test(label))).toEqual([])
    // The Chinese key stays at hand.
    expect(await labels.filter({ hasText: 'City' }).getAttribute('title')).toBe('城市')
    await setLanguage(page, 'zh-CN')
  })

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
