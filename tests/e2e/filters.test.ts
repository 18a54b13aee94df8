// The filter bar in the real browser against the simulator, as the platform's docs define the
// filters today: hangupBy as a free string, "latest call per number" with the filters it sets
// aside, the keyword said to its documented field (and a server that ignores it said so), and
// values nobody documented shown as they come.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SimCall } from '../../scripts/lib/simulator'
import type { Id } from '../../shared/ids'
import { openFilters, openTaskList, ROOT, useStack } from './harness'
import { LIST_RESPONSE_EXAMPLE } from '../support/documented-api'

const stack = useStack({ seed: 2 })

const total = () => stack.page.getByTestId('calls-total').textContent()
/** The form's own buttons, inside its folded part. */
async function apply() {
  await openFilters(stack.page)
  await stack.page.getByRole('button', { name: '应用筛选' }).click()
}
async function reset() {
  await openFilters(stack.page)
  await stack.page.getByRole('button', { name: '清除筛选' }).click()
}
const keyword = () => stack.page.locator('#keyword-search')

describe('filter bar', () => {
  let jobId: Id
  const calls = () => stack.sim.dataset.calls.filter((c) => c.robotCallJobId === jobId)

  it('opens a task with the newer filters shown', async () => {
    const { page, host, services, sim } = stack
    await services.settings.update({ optionalFilters: true })
    jobId = sim.dataset.jobs[0]!.robotCallJobId
    await page.goto(host.url)
    await openTaskList(page, jobId)
    await expect.poll(total).toBe(`共 ${calls().length} 通`)
  })

  it('offers the documented hangupBy value labelled and the simulator’s own as it comes, and filters by them', async () => {
    const { page } = stack
    const select = page.locator('select[name="hangupBy"]')
    await expect.poll(() => select.locator('option').allTextContents()).toEqual(['不限', '客户挂断', 'LOCAL_HANGUP'])
    for (const [value, shown] of [['REMOTE_HANGUP', '客户挂断'], ['LOCAL_HANGUP', 'LOCAL_HANGUP']] as const) {
      await openFilters(page)
      await select.selectOption(value)
      await apply()
      await expect.poll(total, { message: value }).toBe(`共 ${calls().filter((c) => c.hangupBy === value).length} 通`)
      // The call says it the same way.
      await page.getByRole('listbox', { name: '通话列表' }).getByRole('option').first().click()
      await expect.poll(() => page.getByTestId('hangup-by').textContent()).toBe(shown)
    }
    await reset()
  })

  it('latest call per number: says what it sets aside, greys it out, and lists one call per number', async () => {
    const { page } = stack
    const latest = page.locator('input[name="lastCallRecord"]')
    const redial = page.locator('input[name="redialTimes"]')
    const note = page.getByTestId('latest-attempt-note')
    await expect.poll(() => redial.isDisabled()).toBe(true)
    expect(await note.textContent()).toContain('重拨次数仅在勾选“每个号码仅最近一次通话”时生效')
    await openFilters(page)
    await page.locator('select[name="hangupBy"]').selectOption('REMOTE_HANGUP')
    await latest.check()
    expect(await note.textContent()).toContain('不生效：关键字、客户分组 ID、话术、挂机状态、人工标注、已读状态、客户关注点')
    for (const field of [keyword(), page.locator('select[name="hangupBy"]'), page.locator('input[name="customerGroupId"]'), page.locator('[name="dialogFlowId"]'), page.locator('select[name="readStatus"]')]) {
      expect(await field.isDisabled()).toBe(true)
    }
    expect(await redial.isDisabled()).toBe(false)
    const shots = join(ROOT, 'test-results/screenshots')
    mkdirSync(shots, { recursive: true })
    await page.locator('.list-pane').screenshot({ path: join(shots, 'filters-latest-call-zh-CN.png') })
    await apply()
    // The hang-up filter (still set) is set aside: every number once.
    const numbers = new Set(calls().map((c) => c.robotCallTaskId))
    await expect.poll(total).toBe(`共 ${numbers.size} 通`)
    await openFilters(page)
    await redial.fill('1')
    await apply()
    const lastOf = new Map<number, SimCall>()
    for (const c of calls()) {
      const known = lastOf.get(c.robotCallTaskId)
      if (!known || c.startTime > known.startTime || (c.startTime === known.startTime && c.callRecordId > known.callRecordId)) lastOf.set(c.robotCallTaskId, c)
    }
    await expect.poll(total).toBe(`共 ${[...lastOf.values()].filter((c) => c.redialTimes === 1).length} 通`)
    await reset()
    await expect.poll(() => latest.isChecked()).toBe(false)
    expect(await keyword().isDisabled()).toBe(false)
  })

  it('says how a keyword is searched, and finds a phone number, part of one and a record id', async () => {
    const { page } = stack
    const sample = calls()[5]!
    const rule = page.getByTestId('keyword-rule')
    // One short line; the whole rule in its title (and the keyword box's).
    expect(await rule.textContent()).toBe('号码查被叫号码，#ID 查通话 ID，词语搜通话文本')
    expect(await rule.getAttribute('title')).toContain('#ID 按通话 ID 查')
    expect(await keyword().getAttribute('title')).toContain('#ID 按通话 ID 查')
    await keyword().fill(sample.calledPhoneNumber)
    expect(await rule.textContent()).toBe('按被叫号码查找')
    await keyword().press('Enter')
    await expect.poll(total).toBe(`共 ${calls().filter((c) => c.calledPhoneNumber === sample.calledPhoneNumber).length} 通`)
    // Digits no call has as its id: part of a number.
    const part = sample.calledPhoneNumber.slice(-4)
    await keyword().fill(part)
    expect(await rule.textContent()).toBe('先按通话 ID 查找，没有则按被叫号码的一部分查找')
    await keyword().press('Enter')
    await expect.poll(total).toBe(`共 ${calls().filter((c) => c.calledPhoneNumber.includes(part)).length} 通`)
    await keyword().fill(`#${sample.callRecordId}`)
    expect(await rule.textContent()).toBe('按通话 ID 查找')
    await keyword().press('Enter')
    await expect.poll(total).toBe('共 1 通')
    expect(await page.getByRole('listbox', { name: '通话列表' }).getByRole('option').first().textContent()).toContain(`#${sample.callRecordId}`)
  })

  it('says so, instead of listing calls, when the server plainly ignores the keyword', async () => {
    const { page, sim } = stack
    // A server that reads neither searchWords nor calledPhoneNumber: the docs' own answer, whatever was asked.
    sim.injectFault({ target: 'callList', kind: 'answer', body: JSON.parse(LIST_RESPONSE_EXAMPLE) })
    try {
      await keyword().fill('13912345678')
      await keyword().press('Enter')
      const notice = page.getByTestId('search-ignored')
      await notice.waitFor()
      expect(await notice.textContent()).toContain('服务器没有按关键字“13912345678”筛选')
      expect(await total()).toBe('共 0 通')
      expect(await page.getByRole('listbox', { name: '通话列表' }).isVisible()).toBe(false)
    } finally {
      sim.clearFaults()
    }
    await reset()
    await expect.poll(() => page.getByTestId('search-ignored').count()).toBe(0)
  })

  it('shows values nobody documented as they come, the list intact', async () => {
    const { page, sim } = stack
    const example = JSON.parse(LIST_RESPONSE_EXAMPLE) as { data: { content: Record<string, unknown>[] } }
    example.data.content[0] = { ...example.data.content[0], resultStatus: 'SOMETHING_NEW', intentLevel: 'G', hangupBy: 'SOMEONE_NEW' }
    sim.injectFault({ target: 'callList', kind: 'answer', body: example })
    try {
      await keyword().fill('')
      await apply()
      const row = page.getByRole('listbox', { name: '通话列表' }).getByRole('option').first()
      await expect.poll(() => row.textContent()).toContain('SOMETHING_NEW')
      expect(await row.textContent()).toContain('#47')
      // The filter bar offers what came, as it came.
      expect(await page.locator('.chip[data-status="SOMETHING_NEW"]').textContent()).toContain('SOMETHING_NEW')
      expect(await page.locator('.chip[data-level="G"]').count()).toBe(1)
      expect(await page.locator('select[name="hangupBy"] option').allTextContents()).toContain('SOMEONE_NEW')
    } finally {
      sim.clearFaults()
    }
    // (The audio library's own probe of a data: URL is refused by the CSP, as in every session.)
    const errors = stack.pageErrors.filter((e) => !/Content Security Policy/.test(e))
    expect(errors, errors.join('\n')).toEqual([])
    expect(stack.crashed()).toBe(false)
  })
})
