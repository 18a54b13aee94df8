// Undo where the reviewer is: Ctrl+Z (or the application menu's 撤销, which takes the key in the
// app and sends the page its command) puts back the last grade outside a text field, and undoes the
// typing inside one without touching the grade.
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
})
