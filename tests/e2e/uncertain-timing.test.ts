// A measured turn the engine doubts (confidence under 0.5, not corrected by hand) is shown with a
// dashed edge and a muted clock, its title saying why in the reviewer's language; a confident turn
// and a hand-corrected one are shown plainly. The simulator's calls are clean, so the doubt is
// written into the call's stored timings (rewriteStoredTurns) before the call is opened.
import { describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { openTaskList, rewriteStoredTurns, useStack } from './harness'

const stack = useStack({ seed: 1 })
const press = (key: string) => stack.page.keyboard.press(key)

const TITLE_ZH = '这句的时间不太确定（录音里没找到清楚对应的语音，或难以分清是谁在说），可按 , . 或 ; 校正'
const TITLE_EN = "This line's time is uncertain (no clear match in the recording, or who is speaking is hard to tell); adjust it with , . or ;"

/** How a turn is drawn: its edge, its clock's look, its title. */
const look = (turn: Locator) =>
  turn.evaluate((li) => {
    const clock = li.querySelector('.turn-time') as HTMLElement
    return {
      uncertain: li.classList.contains('turn-uncertain'),
      edge: getComputedStyle(li).borderLeftStyle,
      clockOpacity: getComputedStyle(clock).opacity,
      clockStyle: getComputedStyle(clock).fontStyle,
      title: li.getAttribute('title'),
    }
  })

describe('a turn whose measured time is uncertain', () => {
  it('has a dashed edge, a muted clock and a title saying why, until corrected by hand; confident turns do not', async () => {
    const { page, host, sim, services } = stack
    const job = sim.dataset.jobs[0]!.robotCallJobId
    const call = sim.dataset.calls.find((c) => c.robotCallJobId === job && c.resultStatus === 'ANSWERED' && c.customerAudioUrl && c.callDetailList.length >= 4)!
    const last = call.callDetailList.length - 1
    // Every turn doubted but the last, which the engine is sure of.
    await rewriteStoredTurns(services, call.callRecordId, (turns) => turns.map((turn, i) => ({ ...turn, confidence: i === last ? 0.9 : 0.2 })))

    await page.goto(host.url)
    await openTaskList(page, job)
    await press('/')
    await page.keyboard.type(String(call.callRecordId))
    await press('Enter')
    await page.locator(`#call-${call.callRecordId}`).click()
    await page.getByTestId('timing-measured').waitFor()
    const turns = page.getByRole('list', { name: '对话内容' }).getByRole('listitem')
    await expect.poll(() => turns.count()).toBe(call.callDetailList.length)
    // The same turns whatever the language (the list's name changes with it).
    const turnItems = page.locator('.turns > li')

    // To a turn with the keyboard: it becomes the current one, the one `,` moves.
    const currentIndex = () => turns.evaluateAll((items) => items.findIndex((li) => li.getAttribute('aria-current') === 'true'))
    await press('Shift+ArrowRight')
    await expect.poll(currentIndex).toBeGreaterThanOrEqual(0)
    const current = await currentIndex()
    expect(current).toBeLessThan(last)
    const other = current === 0 ? 1 : 0
    expect(await look(turns.nth(other))).toEqual({ uncertain: true, edge: 'dashed', clockOpacity: '0.55', clockStyle: 'italic', title: TITLE_ZH })
    expect(await look(turns.nth(last))).toMatchObject({ uncertain: false, clockOpacity: '1', clockStyle: 'normal', title: null })
    expect((await look(turns.nth(last))).edge).not.toBe('dashed')

    // Corrected by hand (timing edit mode, `,`): the reviewer's time is not doubted.
    expect((await look(turns.nth(current))).uncertain).toBe(true)
    await press('Shift+T')
    await press(',')
    await turns.nth(current).getByText('已手动校正').waitFor()
    await press('Escape')
    await expect.poll(() => look(turns.nth(current))).toMatchObject({ uncertain: false, clockOpacity: '1', title: null })
    expect((await look(turns.nth(current))).edge).not.toBe('dashed')
    expect((await look(turns.nth(other))).uncertain).toBe(true)

    // In English, the title says the same.
    await page.getByLabel('语言').selectOption('en')
    await expect.poll(async () => (await look(turnItems.nth(other))).title).toBe(TITLE_EN)
    expect(await look(turnItems.nth(last))).toMatchObject({ uncertain: false, title: null })
    await page.getByLabel('Language').selectOption('zh-CN')
  })
})
