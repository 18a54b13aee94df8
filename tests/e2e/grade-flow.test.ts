// Grade and move on, by keyboard, on a new profile: a grade opens the next ungraded call and plays
// it (speed and track carried over), Shift+grade or a grade given while writing the note stays,
// undo goes back to the graded call, a recording stops at its end; the unread dot goes once a call
// was heard or graded; , . ; move a turn only in timing edit mode; the track and "skip to the
// customer" are named apart and remembered.
import { describe, expect, it } from 'vitest'
import type { SimCall } from '../../scripts/lib/simulator'
import { CHANNELS } from '../../shared/ipc/channels'
import { openTaskList, useStack } from './harness'

// A new profile: "after grading, open the next ungraded call and play it" is on.
const stack = useStack({ seed: 4 })

const press = (key: string) => stack.page.keyboard.press(key)
const list = () => stack.page.getByRole('listbox', { name: '通话列表' })
const selectedId = async () => (await list().locator('[aria-selected="true"]').getAttribute('id'))?.replace('call-', '') ?? null
const row = (id: string | number) => stack.page.locator(`#call-${id}`)
const rowIds = async () => (await list().getByRole('option').evaluateAll((rows) => rows.map((r) => r.id.replace('call-', ''))))
const slider = () => stack.page.getByRole('slider', { name: '播放进度' })
const position = async () => Number(await slider().getAttribute('aria-valuenow'))
const checked = (level: string) =>
  stack.page.getByRole('radiogroup', { name: '人工意向' }).getByRole('radio', { name: new RegExp(`^${level}`) }).getAttribute('aria-checked')
const playing = () => stack.page.getByRole('button', { name: '暂停', exact: true })
const toast = () => stack.page.getByTestId('toast')
const track = () => stack.page.getByTestId('track')
/** Leaves whatever field has the keyboard, as a reviewer clicking an empty spot does. */
const toWorkspace = () => stack.page.locator('body').click({ position: { x: 5, y: 5 } })
const call = (id: string | number): SimCall => stack.sim.dataset.calls.find((c) => String(c.callRecordId) === String(id))!

/** Filters the open task to its answered calls (each with a recording), by keyboard. */
async function answeredOnly() {
  const { page } = stack
  await toWorkspace()
  await press('Shift+S') // the filters unfolded at their first box, the first result status: 已接听
  await press('Space')
  await press('/')
  await press('Enter')
  await expect.poll(async () => (await list().getByRole('option').allTextContents()).every((text) => text.includes('已接听'))).toBe(true)
  await expect.poll(() => page.getByTestId('calls-total').textContent()).not.toBe('共 0 通')
  await toWorkspace()
}

describe('grade and move on', () => {
  it('clears the unread dot once a call was heard for some seconds or graded, not when passed with j', async () => {
    const { page, host, sim } = stack
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.goto(host.url)
    const job = sim.dataset.jobs.find((j) => j.status === 'COMPLETED' && sim.dataset.calls.filter((c) => c.robotCallJobId === j.robotCallJobId).length > 100)!
    await openTaskList(page, job.robotCallJobId)
    await answeredOnly()
    const [first, second] = await rowIds()
    expect(await row(first!).getAttribute('class')).toContain('unread')

    await press('j')
    await expect.poll(selectedId).toBe(first)
    await press('j')
    await expect.poll(selectedId).toBe(second)
    await page.getByTestId('call-detail').waitFor()
    // Skimmed past: still unread.
    expect(await row(first!).getAttribute('class')).toContain('unread')
    expect(await row(second!).getAttribute('class')).toContain('unread')

    // Heard for a few seconds: read.
    await press('Space')
    await expect.poll(position, { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
    await expect.poll(async () => row(second!).getAttribute('class'), { timeout: 10_000 }).not.toContain('unread')
    await press('Space')

    // Graded (staying on it): read.
    await press('k')
    await expect.poll(selectedId).toBe(first)
    expect(await row(first!).getAttribute('class')).toContain('unread')
    await press('Shift+A')
    await expect.poll(() => checked('A')).toBe('true')
    await expect.poll(async () => row(first!).getAttribute('class')).not.toContain('unread')
    expect(await selectedId()).toBe(first)
    expect(stack.pageErrors).toEqual([])
  })

  it('after a grade opens the next ungraded call and plays it, at the speed and on the track chosen', async () => {
    const { page } = stack
    const here = (await selectedId())!
    const ids = await rowIds()
    // The second row was heard but not graded: it is the next ungraded call.
    const next = ids[ids.indexOf(here) + 1]!
    await press(']')
    expect(await page.getByTestId('speed').inputValue()).toBe('1.25')
    const hasCustomerTrack = !!call(here).customerAudioUrl && !!call(next).customerAudioUrl
    if (hasCustomerTrack) {
      await press('t')
      await expect.poll(() => track().textContent()).toContain('音轨：客户声道')
    }

    await press('b')
    await expect.poll(selectedId).toBe(next)
    await expect.poll(() => row(here).textContent()).toContain('✓ B')
    await playing().waitFor()
    await expect.poll(position, { timeout: 10_000 }).toBeGreaterThan(0)
    expect(await page.getByTestId('speed').inputValue()).toBe('1.25')
    if (hasCustomerTrack) expect(await track().textContent()).toContain('音轨：客户声道')
    await press('Space')
    await press('[')
    if (hasCustomerTrack) {
      await press('t')
      await expect.poll(() => track().textContent()).toContain('音轨：完整录音')
    }
  })

  it('stays on the call for Shift+grade and for a grade given while the note is being written', async () => {
    const { page } = stack
    const here = (await selectedId())!
    await press('Shift+C')
    await expect.poll(() => checked('C')).toBe('true')
    expect(await selectedId()).toBe(here)
    await press('Shift+4')
    await expect.poll(() => checked('D')).toBe('true')
    expect(await selectedId()).toBe(here)

    // Writing the note, the reviewer clicks a grade: the call stays open, the note keeps the keyboard.
    await press('m')
    await page.keyboard.type('客户说下周再联系')
    await page.getByRole('radiogroup', { name: '人工意向' }).getByRole('radio', { name: /^B/ }).click()
    await expect.poll(() => checked('B')).toBe('true')
    expect(await selectedId()).toBe(here)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-note')
    await page.keyboard.type('，已核实')
    await press('Escape')
    await expect.poll(() => page.locator('#review-note').inputValue()).toBe('客户说下周再联系，已核实')
    await expect.poll(() => row(here).textContent()).toContain('✓ B')
    expect(await selectedId()).toBe(here)
  })

  it('undo goes back to the graded call and puts its grade back, saying what was undone', async () => {
    const { page } = stack
    const graded = (await selectedId())!
    await toWorkspace()
    await press('a')
    await expect.poll(selectedId).not.toBe(graded)
    await expect.poll(() => row(graded).textContent()).toContain('✓ A')
    await press('Space') // the next call plays: pause it

    await press('u')
    await expect.poll(selectedId).toBe(graded)
    await expect.poll(() => checked('B')).toBe('true')
    await expect.poll(() => toast().textContent()).toBe(`已撤销：通话 #${graded} 的评级 A → B`)
    await expect.poll(() => row(graded).textContent()).toContain('✓ B')
    expect(await page.locator('#review-note').inputValue()).toBe('客户说下周再联系，已核实')
    // Reopened, not moved on or playing.
    expect(await playing().count()).toBe(0)
  })

  it('stops at the end of a recording instead of jumping back to 0:00', async () => {
    const { page } = stack
    await page.getByTestId('timing-measured').waitFor()
    const max = Number(await slider().getAttribute('aria-valuemax'))
    expect(max).toBeGreaterThan(5)
    await slider().focus()
    await press('End')
    await toWorkspace()
    await press('ArrowLeft') // 5 s before the end
    await expect.poll(position).toBeLessThanOrEqual(max - 4)
    await press(']')
    await press(']')
    await press(']') // 2×
    await press('Space')
    await playing().waitFor()
    // Played out: the play button is back, and the player shows the end.
    await page.getByRole('button', { name: '播放', exact: true }).waitFor({ timeout: 15_000 })
    // A frame or two later, nothing has moved it back to the start.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
    expect(await position()).toBe(max)
    expect(await page.getByTestId('player-time').textContent()).toMatch(/^(\d+:\d+) \/ \1$/)
    await press('[')
    await press('[')
    await press('[')
  })

  it('moves a turn with , . ; only in timing edit mode, shown while it lasts, Shift+T in and Esc out', async () => {
    const { page, services } = stack
    const id = (await selectedId())!
    const turns = page.getByRole('list', { name: '对话内容' })
    const turn = turns.getByRole('listitem').nth(1)
    const starts = async () => (await services.handlers.getTurnTimings({ callRecordId: Number(id) })).turns.map((t) => t.start)
    const corrections = () => stack.invoked.filter((channel) => channel === CHANNELS.correctTurnStart).length
    /** After one more round trip from the page, any correction a key sent has reached main. */
    const settled = () => page.evaluate(() => window.callReviewBridge!.getAppStatus())
    await turn.click()
    await expect.poll(() => turn.getAttribute('aria-current')).toBe('true')
    await toWorkspace()
    const before = await starts()

    // Stray keys: nothing moves, and the toast says how to edit timings.
    await press(',')
    await press(';')
    await press('.')
    await expect.poll(() => toast().textContent()).toBe('先按 Shift+T 进入时间校正模式，, . ; 才会调整句子的时间')
    await settled()
    expect(corrections()).toBe(0)
    expect(await turn.getByText('已手动校正').count()).toBe(0)
    expect(await starts()).toEqual(before)

    await press('Shift+T')
    const mode = page.getByTestId('timing-edit')
    await expect.poll(() => mode.textContent()).toContain('时间校正模式')
    await press(',')
    await turn.getByText('已手动校正').waitFor()
    expect(corrections()).toBe(1)
    const corrected = await starts()
    expect(corrected[1]).toBeCloseTo(before[1]! - 0.1, 3)
    await press('Escape')
    await mode.waitFor({ state: 'detached' })
    await press(',')
    await press('.')
    await press(';')
    await expect.poll(() => toast().textContent()).toBe('先按 Shift+T 进入时间校正模式，, . ; 才会调整句子的时间')
    await settled()
    expect(corrections()).toBe(1)
    expect(await starts()).toEqual(corrected)

    // The help map says so.
    await press('?')
    const help = page.getByRole('dialog', { name: '键盘快捷键' })
    await expect.poll(() => help.textContent()).toContain('进入 / 离开时间校正模式')
    expect(await help.textContent()).toContain('Shift+T')
    expect(await help.textContent()).toContain('评级并留在这通电话')
    await press('Escape')
    await help.waitFor({ state: 'detached' })
  })

  it('names the track and the jump to the customer apart, in both languages, and remembers them after a reload', async () => {
    const { page } = stack
    await page.setViewportSize({ width: 1440, height: 900 })
    const skip = page.getByTestId('customer-only')
    const skipLabel = page.locator('label', { has: skip })
    await expect.poll(() => track().textContent()).toContain('音轨：完整录音')
    expect((await skipLabel.textContent())?.trim()).toBe('跳到客户发言')

    // On a call with a customer channel, t switches to it; the choice outlives a reload.
    const withChannel = (await rowIds()).find((id) => call(id).customerAudioUrl)!
    await row(withChannel).click()
    await toWorkspace()
    await expect.poll(() => track().isEnabled()).toBe(true)
    await press('t')
    await expect.poll(() => track().textContent()).toContain('音轨：客户声道')
    await skip.check()
    await page.getByLabel('语言').selectOption('en')
    await expect.poll(() => track().textContent()).toContain('Track: Customer channel')
    expect((await skipLabel.textContent())?.trim()).toBe('Skip to the customer')
    await page.getByLabel('Language').selectOption('zh-CN')

    await page.reload()
    await list().waitFor()
    await row(withChannel).click()
    await toWorkspace()
    await expect.poll(() => track().textContent()).toContain('音轨：客户声道')
    expect(await skip.isChecked()).toBe(true)
    await skip.uncheck()
    await press('t')
    await expect.poll(() => track().textContent()).toContain('音轨：完整录音')
  })

  it('is a setting: on for a new profile, and turned off a grade stays on its call', async () => {
    const { page } = stack
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.getByRole('button', { name: '设置', exact: true }).click()
    const setting = page.getByLabel('评级后打开下一通未评级的通话并播放（Shift+评级键则留在这通）')
    expect(await setting.isChecked()).toBe(true)
    await setting.uncheck()
    await page.getByRole('button', { name: '保存设置' }).click()
    await page.getByText('已保存', { exact: true }).waitFor()
    await page.getByRole('button', { name: '返回', exact: true }).first().click()

    await list().waitFor()
    await toWorkspace()
    const here = (await selectedId())!
    await press('e')
    await expect.poll(() => checked('E')).toBe('true')
    expect(await selectedId()).toBe(here)
    expect(await playing().count()).toBe(0)
    expect(stack.pageErrors).toEqual([])
  })
})
