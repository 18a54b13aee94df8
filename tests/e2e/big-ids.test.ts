// A task whose ids lie beyond 2^53, in the browser: typed in the task picker, listed and shown
// with every digit, graded by keyboard, and each grade on its own call — 9007199254740993 and
// the 9007199254740992 a double would round it to are two calls, not one.
import { describe, expect, it } from 'vitest'
import { BIG_ID_CALLS, BIG_ID_JOB } from '../../electron/simulator'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 2, bigIds: true, settings: { advanceAfterGrade: false } })
const BIG = '9007199254740993'
const ROUNDED = '9007199254740992'

const list = () => stack.page.getByRole('listbox', { name: '通话列表' })
const row = (id: string) => list().locator(`[id="call-${id}"]`)
const checked = (level: string) =>
  stack.page.getByRole('radiogroup', { name: '人工意向' }).getByRole('radio', { name: new RegExp(`^${level}`) }).getAttribute('aria-checked')

/** Opens the call with the keyboard (j: the next call), as a reviewer moves down the list, and grades it. */
async function grade(id: string, key: string, level: string): Promise<void> {
  const selectedId = () => list().evaluate((el) => el.querySelector('[aria-selected="true"]')?.id ?? null)
  for (let moves = 0; (await selectedId()) !== `call-${id}`; moves++) {
    if (moves > BIG_ID_CALLS.length) throw new Error(`call ${id} not reached with j`)
    const before = await selectedId()
    await stack.page.keyboard.press('j')
    await expect.poll(selectedId).not.toBe(before)
  }
  await stack.page.keyboard.press(key)
  await expect.poll(() => checked(level)).toBe('true')
  await expect.poll(() => row(id).locator('.grade').textContent()).toBe(`✓ ${level}`)
}

describe('ids beyond 2^53 in the page', () => {
  it('opens the task by its typed id, shows the exact ids and keeps each grade on its own call, after a reload too', async () => {
    const { page, host, services } = stack
    await page.goto(host.url)
    await openTaskList(page, BIG_ID_JOB)
    await expect.poll(() => list().getByRole('option').count()).toBe(BIG_ID_CALLS.length)
    const shown = await list().getByRole('option').evaluateAll((rows) => rows.map((r) => r.id).sort())
    expect(shown).toEqual(BIG_ID_CALLS.map((id) => `call-${id}`))
    expect(await row(BIG).locator('.id').textContent()).toBe(`#${BIG}`)

    // Keys go to the page, not to the task id field.
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await grade(BIG, 'b', 'B')
    await grade(ROUNDED, 'e', 'E')
    const state = await services.handlers.getReviewState({ robotCallJobId: BIG_ID_JOB })
    expect(Object.fromEntries(state.grades.map((g) => [g.callRecordId, g.realIntentLevel]))).toEqual({ [BIG]: 'B', [ROUNDED]: 'E' })

    // Back where the reviewer left off: the same task, each call with its own grade.
    await page.reload()
    await expect.poll(() => row(BIG).locator('.grade').textContent()).toBe('✓ B')
    expect(await row(ROUNDED).locator('.grade').textContent()).toBe('✓ E')
    expect(await row('9007199254740994').locator('.grade').count()).toBe(0)
    // Moving to the next call, the player's library points the released recording at a silent
    // data: URI, which the CSP refuses: harmless, and not about ids.
    expect(stack.pageErrors.filter((e) => !/Loading media from\s+'data:audio\/wav/.test(e))).toEqual([])
  })
})
