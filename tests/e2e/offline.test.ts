// Offline review: what the reviewer saw once stays usable when the server goes away.
import { describe, expect, it } from 'vitest'
import { maskPhone } from '../../shared/phone-mask'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 6, settings: { advanceAfterGrade: false } })

const press = (key: string) => stack.page.keyboard.press(key)
const slider = () => stack.page.getByRole('slider', { name: '播放进度' })

describe('offline on cached calls', () => {
  let firstRowText = ''

  it('caches a task and a call while online', async () => {
    const { page, host, sim } = stack
    await page.goto(host.url)
    await openTaskList(page, sim.dataset.jobs[0]!.robotCallJobId)
    const list = page.getByRole('listbox', { name: '通话列表' })
    firstRowText = (await list.getByRole('option').first().textContent()) ?? ''
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await press('j')
    await expect.poll(async () => Number(await slider().getAttribute('aria-valuemax'))).toBeGreaterThan(3)
    await page.getByTestId('timing-measured').waitFor()
    expect(await page.getByTestId('offline-banner').count()).toBe(0)
  })

  it('after the server goes away and the app restarts, works from the cache and says so', async () => {
    const { page, sim } = stack
    await sim.close()
    await page.reload()
    await page.getByTestId('offline-banner').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('offline-banner').textContent()).toContain('离线')
    const list = page.getByRole('listbox', { name: '通话列表' })
    await list.getByRole('option').first().waitFor()
    const firstId = /#\d+/.exec(firstRowText)![0]
    expect(await list.getByRole('option').first().textContent()).toContain(firstId)
    await page.getByTestId('cached-at').waitFor()
  })

  it('filters locally, opens the cached call with its audio, and grades it', async () => {
    const { page, sim } = stack
    // The row shows the number masked; the search still matches the whole number.
    const id = Number(/#(\d+)/.exec(firstRowText)![1])
    const phone = sim.dataset.calls.find((call) => call.callRecordId === id)!.calledPhoneNumber!
    expect(firstRowText).toContain(maskPhone(phone))
    await press('/')
    await page.keyboard.type(phone.slice(0, 7))
    await press('Enter')
    const list = page.getByRole('listbox', { name: '通话列表' })
    await expect.poll(() => list.getByRole('option').first().textContent()).toContain(`#${id}`)
    await list.getByRole('option').first().click()
    await expect.poll(async () => Number(await slider().getAttribute('aria-valuemax'))).toBeGreaterThan(3)
    await press('Space')
    await expect.poll(async () => Number(await slider().getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
    await press('Space')
    await page.getByTestId('timing-measured').waitFor()
    await press('a')
    await expect
      .poll(() => page.getByRole('radiogroup', { name: '人工意向' }).getByRole('radio', { name: /^A/ }).getAttribute('aria-checked'))
      .toBe('true')
  })
})
