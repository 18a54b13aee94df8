// Undo where the reviewer is: u or Ctrl+Z (or the application menu's 撤销, which takes the key in
// the app and sends the page its command) puts back the last grade or note change outside a text
// field, step by step, saying each in a toast; inside one it undoes the typing without touching the
// grade. The grade's history keeps both the change and its undoing.
import { describe, expect, it } from 'vitest'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 5, settings: { advanceAfterGrade: false } })
const press = (key: string) => stack.page.keyboard.press(key)
const checked = (level: string) =>
  stack.page.getByRole('radiogroup', { name: '人工意向' }).getByRole('radio', { name: new RegExp(`^${level}`) }).getAttribute('aria-checked')

describe('undo', () => {
  it('puts back the last grade with Ctrl+Z and with the menu, and undoes text inside the note', async () => {
    const { page, host, sim, services } = stack
    await page.goto(host.url)
    const job = sim.dataset.jobs.find((j) => sim.dataset.calls.some((c) => c.robotCallJobId === j.robotCallJobId))!
    await openTaskList(page, job.robotCallJobId)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await press('j')
    await page.getByRole('radiogroup', { name: '人工意向' }).waitFor()

    await press('a')
    await expect.poll(() => checked('A')).toBe('true')
    await press('c')
    await expect.poll(() => checked('C')).toBe('true')
    await press('Control+z')
    await expect.poll(() => checked('A')).toBe('true')
    expect(await checked('C')).toBe('false')

    // The application menu's undo arrives as the contract's menu event.
    services.emit('menu', { command: 'undo' })
    await expect.poll(() => checked('A')).toBe('false')
    for (const level of ['B', 'C', 'D', 'E', 'F']) expect(await checked(level)).toBe('false')

    // Inside the note, undo is the note's own: the typing goes, the grades stay as they are.
    await press('b')
    await expect.poll(() => checked('B')).toBe('true')
    await press('m')
    await page.keyboard.type('回头再打')
    const note = page.locator('#review-note')
    expect(await note.inputValue()).toBe('回头再打')
    services.emit('menu', { command: 'undo' })
    await expect.poll(() => note.inputValue()).not.toBe('回头再打')
    expect(await checked('B')).toBe('true')
    expect(stack.pageErrors).toEqual([])
  })

  it('undoes grade and note changes several steps deep with u and Ctrl+Z, says each, and keeps both in the history', async () => {
    const { page, services } = stack
    const note = page.locator('#review-note')
    const toast = page.getByTestId('toast')
    await press('Escape')
    const list = page.getByRole('listbox', { name: '通话列表' })
    const before = await list.getAttribute('aria-activedescendant')
    await press('j')
    await expect.poll(() => list.getAttribute('aria-activedescendant')).not.toBe(before)
    const id = (await list.getAttribute('aria-activedescendant'))!.replace('call-', '')
    const jobId = Number(await page.getByTestId('current-task').evaluate((el) => /\d+/.exec(el.textContent ?? '')?.[0]))
    const saved = async () => (await services.handlers.getReviewState({ robotCallJobId: jobId })).grades.find((g) => String(g.callRecordId) === id)

    await press('c')
    await expect.poll(() => checked('C')).toBe('true')
    await press('e')
    await expect.poll(() => checked('E')).toBe('true')
    await press('m')
    await page.keyboard.type('待回访')
    await press('Escape')
    await expect.poll(async () => (await saved())?.note).toBe('待回访')

    await press('u')
    await expect.poll(() => toast.textContent()).toBe(`已撤销：通话 #${id} 的备注修改`)
    await expect.poll(() => note.inputValue()).toBe('')
    expect(await checked('E')).toBe('true')
    await press('Control+z')
    await expect.poll(() => toast.textContent()).toBe(`已撤销：通话 #${id} 的评级 E → C`)
    await expect.poll(() => checked('C')).toBe('true')

    await page.getByLabel('语言').selectOption('en')
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await press('u')
    await expect.poll(() => toast.textContent()).toBe(`Undone: call #${id}’s grade C → ungraded`)
    await expect.poll(() => page.getByRole('radiogroup', { name: 'Reviewer intent' }).locator('[aria-checked="true"]').count()).toBe(0)
    await page.getByLabel('Language').selectOption('zh-CN')

    // Every change stays in the grade's history, the undone ones too.
    await expect.poll(async () => (await saved())?.realIntentLevel ?? null).toBeNull()
    const grade = (await saved())!
    expect(grade.note).toBe('')
    expect(grade.history.map((h) => [h.realIntentLevel, h.note])).toEqual([
      ['C', ''],
      ['E', ''],
      ['E', '待回访'],
      ['E', ''],
      ['C', ''],
    ])
    expect(stack.pageErrors).toEqual([])
  })
})
