// Search inside transcripts, by keyboard: "/", words, Enter lists the calls of the task whose
// transcript has them (a snippet under each, the words marked) and lands on the first hit: its
// call open, the recording standing at the turn that has them. Only calls whose detail is on this
// computer can be searched, and the list says how many were; after a download every one is, offline too.
import { describe, expect, it } from 'vitest'
import { byStartTimeDesc } from '../../shared/call-query'
import type { Id } from '../../shared/ids'
import { findMatches, holdsEveryTerm, joinPlainTurns, parseTranscriptQuery, plainText, type TranscriptQuery } from '../../shared/transcript-match'
import type { SimCall } from '../../electron/simulator/types'
import { openFilters, openTaskList, useStack } from './harness'

const stack = useStack({ seed: 14 })

const press = (key: string) => stack.page.keyboard.press(key)
const list = () => stack.page.getByRole('listbox', { name: '通话列表' })
const rowIds = async () => (await list().getByRole('option').evaluateAll((rows) => rows.map((row) => row.id.replace('call-', '')))).map(Number)

interface Plan {
  jobId: Id
  /** The task's calls, newest first (the list's order). */
  calls: SimCall[]
  words: string
  query: TranscriptQuery
}

let plan: Plan

/** The calls of the plan's task whose transcript has the words, of those `among`. */
function hitsAmong(among: (id: number) => boolean): number[] {
  return plan.calls
    .filter((call) => among(Number(call.callRecordId)) && holdsEveryTerm(joinPlainTurns(call.callDetailList.map((turn) => turn.text)), plan.query))
    .map((call) => Number(call.callRecordId))
}

/** Calls of the task whose detail (so transcript) main has cached. */
async function cachedTranscripts(): Promise<Set<number>> {
  const { cache } = await stack.services.scoped()
  return new Set([...cache.transcripts(plan.calls.map((call) => call.callRecordId)).keys()].map(Number))
}

describe('search inside transcripts', () => {
  it('finds the words in the transcripts of the calls opened so far, marks them and lands on the first hit', async () => {
    const { page, host, sim } = stack
    // A small task whose second call was answered: its customer's words are what we look for.
    const candidates = sim.dataset.jobs
      .map((job) => ({ job, calls: sim.dataset.calls.filter((c) => c.robotCallJobId === job.robotCallJobId).sort(byStartTimeDesc) }))
      .filter(({ calls }) => calls.length >= 20 && calls[1]?.resultStatus === 'ANSWERED')
      .sort((a, b) => a.calls.length - b.calls.length)
    const { job, calls } = candidates[0]!
    const target = calls[1]!
    // Four characters a customer said in that call, said nowhere earlier in it.
    const turn = target.callDetailList.findIndex((t, i) => i > 0 && t.type === 'PERSON' && plainText(t.text).length >= 4)
    const said = plainText(target.callDetailList[turn]!.text)
    const earlier = joinPlainTurns(target.callDetailList.slice(0, turn).map((t) => t.text))
    const words = [...Array(said.length - 3).keys()].map((i) => said.slice(i, i + 4)).find((w) => !earlier.includes(w))!
    plan = { jobId: job.robotCallJobId, calls, words, query: parseTranscriptQuery(words)! }

    await page.goto(host.url)
    await openTaskList(page, plan.jobId)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    for (let i = 0; i < 3; i++) await press('j')
    await expect.poll(() => list().getByRole('option', { selected: true }).getAttribute('id')).toBe(`call-${calls[2]!.callRecordId}`)
    // The three calls opened and the next one, fetched ahead, are on this computer.
    await expect.poll(async () => (await cachedTranscripts()).size).toBe(4)

    await press('/')
    await page.keyboard.type(words)
    expect(await page.getByTestId('keyword-rule').textContent()).toContain('在通话文本中搜索')
    await press('Enter')

    const cached = await cachedTranscripts()
    const expected = hitsAmong((id) => cached.has(id))
    expect(expected).toContain(Number(target.callRecordId))
    await expect.poll(rowIds).toEqual(expected)
    expect(await page.getByTestId('transcript-found').textContent()).toBe(`${expected.length} 通电话的通话文本包含“${words}”`)
    // Only the details on this computer have a transcript: the list says how many that was.
    expect(await page.getByTestId('transcript-searched').textContent()).toContain(`已搜索 ${cached.size} / ${calls.length} 通电话的通话文本`)
    expect(await page.getByTestId('transcript-searched').textContent()).toContain('下载整个任务')
    // A snippet under each call, the words marked.
    for (const id of expected) expect(await page.locator(`#call-${id} [data-testid="hit-snippet"] mark`).first().textContent()).toBe(words)

    // Landed on the first hit: its call open, the words marked in its transcript, the recording at
    // the turn that has them (so Space plays it).
    const first = calls.find((call) => call.callRecordId === expected[0])!
    const hitTurn = first.callDetailList.findIndex((t) => findMatches(t.text, plan.query).length > 0)
    await expect.poll(() => list().getByRole('option', { selected: true }).getAttribute('id')).toBe(`call-${first.callRecordId}`)
    await expect.poll(() => page.locator('.turns .turn-hit mark').first().textContent()).toBe(words)
    const turns = page.locator('.turns > li')
    await expect.poll(() => turns.nth(hitTurn).getAttribute('aria-current'), { timeout: 15_000 }).toBe('true')
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('keyword-search')
    const slider = page.getByRole('slider', { name: '播放进度' })
    const at = Number(await slider.getAttribute('aria-valuenow'))
    await press('Space')
    await expect.poll(async () => Number(await slider.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(at)
    await press('Space')
    expect(await turns.nth(hitTurn).getAttribute('class')).toContain('turn-hit')
  })

  it('asks the words as a customer’s name with Shift+Enter instead', async () => {
    const { page, sim } = stack
    const call = plan.calls[5]!
    const name = sim.dataset.customers.find((customer) => customer.customerPersonId === call.customerPersonId)!.name
    await press('/')
    await page.keyboard.press('Control+A')
    await page.keyboard.type(name)
    await press('Shift+Enter')
    await expect.poll(rowIds).toContain(Number(call.callRecordId))
    expect(await page.getByTestId('transcript-coverage').count()).toBe(0)
    expect(await page.getByTestId('keyword-rule').textContent()).toBe('按客户姓名查找')
    // Clearing the filters clears the search too.
    await openFilters(page)
    await page.getByRole('button', { name: '清除筛选' }).click()
    await expect.poll(() => page.getByTestId('calls-total').textContent()).toBe(`共 ${plan.calls.length} 通`)
  })

  it('searches every transcript once the task is downloaded, and offline after a restart', async () => {
    const { page, sim } = stack
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await press('Shift+O')
    await expect.poll(() => page.getByTestId('download-status').textContent(), { timeout: 90_000 }).toContain('已全部下载')
    const everyHit = hitsAmong(() => true)

    await sim.close()
    await page.reload()
    await page.getByTestId('offline-banner').waitFor({ timeout: 20_000 })
    await list().getByRole('option').first().waitFor()
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await press('/')
    await page.keyboard.type(plan.words)
    await press('Enter')
    await expect.poll(rowIds).toEqual(everyHit.slice(0, 50))
    expect(await page.getByTestId('transcript-searched').textContent()).toBe(`已搜索全部 ${plan.calls.length} 通电话的通话文本`)
    await expect.poll(() => list().getByRole('option', { selected: true }).getAttribute('id')).toBe(`call-${everyHit[0]}`)

    // In English too.
    await page.getByLabel('语言').selectOption('en')
    await expect.poll(() => page.getByTestId('transcript-searched').textContent()).toBe(`Searched the transcripts of all ${plan.calls.length} calls`)
    expect(await page.getByTestId('transcript-found').textContent()).toBe(`${everyHit.length} calls whose transcript has “${plan.words}”`)
    await page.getByLabel('Language').selectOption('zh-CN')
  }, 150_000)

  it('moves through the hits with j, each call landing on its own first hit', async () => {
    const { page } = stack
    // The language just switched back: the list is drawn again before it is read.
    await expect.poll(async () => (await rowIds()).length).toBeGreaterThanOrEqual(2)
    const ids = await rowIds()
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await press('j')
    const second = plan.calls.find((call) => call.callRecordId === ids[1])!
    const hitTurn = second.callDetailList.findIndex((t) => findMatches(t.text, plan.query).length > 0)
    await expect.poll(() => list().getByRole('option', { selected: true }).getAttribute('id')).toBe(`call-${second.callRecordId}`)
    await expect.poll(() => page.locator('.turns > li').nth(hitTurn).getAttribute('aria-current'), { timeout: 15_000 }).toBe('true')
  })

  it('narrows the hits with the list’s own filters too, and its chip ends the search and keeps them', async () => {
    const { page } = stack
    const hits = hitsAmong(() => true)
    // The open hit graded (Shift: it stays open), then only the ungraded calls asked for.
    const graded = Number((await list().getByRole('option', { selected: true }).getAttribute('id'))!.replace('call-', ''))
    expect(hits).toContain(graded)
    await press('Shift+B')
    await expect.poll(() => page.locator(`#call-${graded}`).textContent()).toContain('✓ B')
    await openFilters(page)
    await page.locator('select[name="myGrade"]').selectOption('ungraded')
    await page.getByRole('button', { name: '应用筛选' }).click()
    const ungradedHits = hits.filter((id) => id !== graded)
    await expect.poll(() => page.getByTestId('transcript-found').textContent()).toBe(`${ungradedHits.length} 通电话的通话文本包含“${plan.words}”`)
    await expect.poll(rowIds).toEqual(ungradedHits.slice(0, 50))
    // The words are a chip beside the other: removing it ends the search and keeps the filter.
    await page.getByRole('button', { name: `移除筛选条件：通话文本含：${plan.words}` }).click()
    await expect.poll(() => page.getByTestId('calls-total').textContent()).toBe(`共 ${plan.calls.length - 1} 通`)
    expect(await page.getByTestId('transcript-coverage').count()).toBe(0)
    expect(await page.locator('#keyword-search').inputValue()).toBe('')
    expect(await page.getByRole('button', { name: '移除筛选条件：我的评定：未评定' }).count()).toBe(1)
  })
})
