// Filters a reviewer can trust, by keyboard at 1280×720 (issue #13, points 5, 11 and 12): each task
// keeps its own filters, shown as chips with the count; the open call is marked when the filters
// leave it out; a task that is not there says so; the list's own filters (my grade, disagreeing
// with the AI, a note) and orders run over the calls fetched so far and say so; a confusion-matrix
// cell opens its calls; reload and restart come back to the task, page and call; the task picker
// highlights the last task with its review progress.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { SimCall } from '../../scripts/lib/simulator'
import { INTENT_LEVELS } from '../../shared/enums'
import type { Id } from '../../shared/ids'
import { openFilters, openTaskList, reportFailures, ROOT, startStack, useStack, type Stack } from './harness'

const SEED = 7
const SHOTS = join(ROOT, 'test-results/screenshots')
mkdirSync(SHOTS, { recursive: true })
const stack = useStack({ seed: SEED })

const total = () => stack.page.getByTestId('calls-total').textContent()
const chips = () => stack.page.getByTestId('filter-chips')
const chip = (label: string) => stack.page.getByRole('button', { name: `移除筛选条件：${label}`, exact: true })
const list = () => stack.page.getByRole('listbox', { name: '通话列表' })
const selectedRow = () => list().locator('[aria-selected="true"]')
const press = (key: string) => stack.page.keyboard.press(key)
/** The keyboard back to the workspace (out of any field). */
const leaveFields = () => stack.page.locator('body').click({ position: { x: 5, y: 5 } })
/** Applies the filter form from the search box, as a reviewer does with `/` and Enter; with the form
 *  unfolded, a click into the box (a press outside the form would fold it, dropping what was not applied). */
async function applyFromKeyword() {
  if ((await stack.page.getByTestId('filter-toggle').getAttribute('aria-expanded')) === 'true') await stack.page.locator('#keyword-search').click()
  else {
    await leaveFields()
    await press('/')
  }
  await press('Enter')
}
/** The filter form unfolded (applying folds it). */
const unfold = () => openFilters(stack.page)
const rowIds = async () => (await list().getByRole('option').evaluateAll((rows) => rows.map((row) => row.id.replace('call-', '')))).map(Number)

/** A task's calls in the platform's list order: newest first, then the highest id. */
function callsOf(jobId: Id): SimCall[] {
  return stack.sim.dataset.calls
    .filter((c) => c.robotCallJobId === jobId)
    .sort((a, b) => (a.startTime === b.startTime ? Number(b.callRecordId) - Number(a.callRecordId) : a.startTime < b.startTime ? 1 : -1))
}
const byId = (id: number) => stack.sim.dataset.calls.find((c) => Number(c.callRecordId) === id)!

describe('filters a reviewer can trust', () => {
  let taskA: Id
  let taskB: Id

  it('keeps filters per task: another task opens unfiltered, the filtered one comes back with its chips and count', async () => {
    const { page, host, sim } = stack
    await page.setViewportSize({ width: 1280, height: 720 })
    const [a, b] = sim.dataset.jobs.filter((job) => callsOf(job.robotCallJobId).length > 60)
    taskA = a!.robotCallJobId
    taskB = b!.robotCallJobId
    await page.goto(host.url)
    await openTaskList(page, taskA)
    await expect.poll(total).toBe(`共 ${callsOf(taskA).length} 通`)
    expect(await chips().count()).toBe(0)

    // The filters at their first box, the first result status (已接听), then apply from the search box.
    await leaveFields()
    await press('Shift+S')
    await press('Space')
    await applyFromKeyword()
    const answered = callsOf(taskA).filter((c) => c.resultStatus === 'ANSWERED').length
    await expect.poll(total).toBe(`共 ${answered} 通`)
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`筛自 ${callsOf(taskA).length} 通`)
    await chip('通话结果：已接听').waitFor()

    await leaveFields()
    await press('g')
    await openTaskList(page, taskB)
    await expect.poll(total).toBe(`共 ${callsOf(taskB).length} 通`)
    expect(await chips().count()).toBe(0)

    await leaveFields()
    await press('g')
    await openTaskList(page, taskA)
    await expect.poll(total).toBe(`共 ${answered} 通`)
    await chip('通话结果：已接听').waitFor()
    expect(await page.locator('input[type="checkbox"][value="ANSWERED"]').isChecked()).toBe(true)
  })

  it('removes a chip by keyboard, keeping the keyboard on the chips, and clears all', async () => {
    const { page } = stack
    // A second filter: AI intent A (past the statuses to the first level).
    await unfold()
    await page.locator('.chip[data-level="A"] input').check()
    await applyFromKeyword()
    await chip('通话结果：已接听').waitFor()
    const levelChip = page.locator('[data-chip="intentLevels:A"]')
    await levelChip.waitFor()
    const both = callsOf(taskA).filter((c) => c.resultStatus === 'ANSWERED' && c.intentLevel === 'A').length
    await expect.poll(total).toBe(`共 ${both} 通`)

    // From the search box, Tab passes the filters' toggle to the chips, beside the list's count.
    await leaveFields()
    await press('/')
    await press('Tab')
    await press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('移除筛选条件：通话结果：已接听')
    await press('Delete')
    await expect.poll(total).toBe(`共 ${callsOf(taskA).filter((c) => c.intentLevel === 'A').length} 通`)
    expect(await chip('通话结果：已接听').count()).toBe(0)
    // The keyboard stayed on the chips: on the one that took its place. Enter removes it too.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-chip'))).toBe('intentLevels:A')
    await press('Enter')
    await expect.poll(total).toBe(`共 ${callsOf(taskA).length} 通`)
    expect(await chips().count()).toBe(0)

    await unfold()
    await page.locator('input[type="checkbox"][value="ANSWERED"]').check()
    await page.locator('select[name="sort"]').selectOption('duration-desc')
    await applyFromKeyword()
    await page.getByTestId('filter-clear-all').click()
    await expect.poll(total).toBe(`共 ${callsOf(taskA).length} 通`)
    expect(await chips().count()).toBe(0)
  })

  it('marks the open call when the filters leave it out, and j opens one in the list', async () => {
    const { page } = stack
    const open = callsOf(taskA).slice(0, 20).find((c) => c.resultStatus !== 'ANSWERED')!
    await page.locator(`#call-${open.callRecordId}`).click()
    await page.getByTestId('call-detail').waitFor()
    expect(await page.getByTestId('outside-filter').count()).toBe(0)

    await leaveFields()
    await press('Shift+S')
    await press('Space') // 已接听
    await applyFromKeyword()
    const mark = page.getByTestId('outside-filter')
    await expect.poll(() => mark.textContent()).toContain('这通电话不在当前筛选结果中')
    await page.screenshot({ path: join(SHOTS, 'filters-outside-zh-CN.png') })
    expect(await page.locator(`#call-${open.callRecordId}`).count()).toBe(0)
    // Grade keys act on the call shown, and it says which: still marked.
    await leaveFields()
    await press('j')
    await expect.poll(() => mark.count()).toBe(0)
    const now = Number((await selectedRow().getAttribute('id'))!.replace('call-', ''))
    expect(byId(now).resultStatus).toBe('ANSWERED')
    await page.getByTestId('filter-clear-all').click()
    await expect.poll(total).toBe(`共 ${callsOf(taskA).length} 通`)
  })

  it('says “task not found” for a task id that is not there, in the picker and when it was the last task', async () => {
    const { page } = stack
    await leaveFields()
    // The task list's answer held back until the reviewer has typed in the id field: the picker,
    // once its tasks are there, leaves the keyboard where the reviewer took it (the typing once
    // landed in the search box).
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/__bridge/invoke', async (route) => {
      if (!route.request().postData()?.includes('"jobs:list"')) return route.continue()
      const answer = await route.fetch()
      await released
      await route.fulfill({ response: answer })
    })
    await press('g')
    const field = page.getByLabel('任务 ID')
    await field.fill('999999')
    release()
    await page.locator('.job-row').first().waitFor()
    await page.unroute('**/__bridge/invoke')
    expect(await field.inputValue()).toBe('999999')
    expect(await page.getByLabel('按名称搜索任务').inputValue()).toBe('')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('任务 ID')
    await field.press('Enter')
    // The platform is asked whether the task is there (a round trip through the host, which may
    // still be measuring the call the last test opened on a loaded machine): a longer wait.
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '任务 999999 不存在' }).count(), { timeout: 20_000 }).toBe(1)
    expect(await list().count()).toBe(0)

    // The last task of a saved workspace is gone (deleted on the platform since): the list says so.
    await page.evaluate(async () => {
      const bridge = window.callReviewBridge!
      const saved = (await bridge.getWorkspaceState()) as { ok: true; value: { lastJobId: unknown; tasks?: unknown[] } }
      await bridge.saveWorkspaceState({ ...saved.value, lastJobId: 999999, tasks: [{ robotCallJobId: 999999, filters: {} }, ...(saved.value.tasks ?? [])] })
    })
    await page.reload()
    await expect.poll(() => page.getByTestId('calls-empty').textContent()).toBe('任务 999999 不存在')
    expect(await page.getByText('按 j 打开下一通').count()).toBe(0)
    await openTaskList(page, taskA)
  })

  /** Three calls of the first page, graded: one as the AI did, two otherwise (the first with a note). */
  let graded: { id: number; ai: string; mine: string; note: boolean }[] = []

  it('marks calls with a note in the list', async () => {
    const { page } = stack
    const picked = callsOf(taskA)
      .slice(0, 15)
      .filter((c) => c.resultStatus === 'ANSWERED')
      .slice(0, 3)
    expect(picked).toHaveLength(3)
    const other = (level: string) => INTENT_LEVELS.find((l) => l !== level && l !== 'A')!
    graded = picked.map((c, i) => ({ id: Number(c.callRecordId), ai: c.intentLevel, mine: i === 0 ? c.intentLevel : other(c.intentLevel), note: i === 1 }))
    for (const call of graded) {
      await page.locator(`#call-${call.id}`).click()
      await page.getByTestId('call-detail').waitFor()
      if (call.note) {
        await press('m')
        await page.keyboard.type('客户要求下周回拨')
        await press('Escape')
        await page.locator(`#call-${call.id} [data-testid="note-mark"]`).waitFor()
      }
      await page.locator(`#call-${call.id}`).click()
      await press(call.mine.toLowerCase())
      await expect.poll(() => page.locator(`#call-${call.id}`).textContent()).toContain(`✓ ${call.mine}`)
    }
    expect(await list().locator('[data-testid="note-mark"]').count()).toBe(1)
    expect(await page.locator(`#call-${graded[1]!.id} [data-testid="note-mark"]`).getAttribute('aria-label')).toBe('有备注')
  })

  it('filters by my grade, disagreement with the AI and a note over the fetched calls, and the count says so', async () => {
    const { page } = stack
    const myGrade = page.locator('select[name="myGrade"]')
    const count = page.getByTestId('filter-count')
    const fetchedCount = async () => {
      const match = /^筛自已取回的 ([\d,]+) 通$/.exec((await count.textContent()) ?? '')
      const listed = /^共 ([\d,]+) 通$/.exec((await total()) ?? '')
      return match && listed ? { fetched: Number(match[1]!.replace(/,/g, '')), n: Number(listed[1]!.replace(/,/g, '')) } : null
    }

    await unfold()
    await myGrade.selectOption('ungraded')
    await applyFromKeyword()
    await chip('我的评定：未评定').waitFor()
    // The count line is redrawn once the list is: wait for the count the filter gives, not any.
    await expect.poll(async () => {
      const counted = await fetchedCount()
      return counted ? counted.fetched - counted.n : null
    }).toBe(graded.length)
    const { fetched, n } = (await fetchedCount())!
    expect(fetched).toBeGreaterThanOrEqual(50)
    expect(n).toBe(fetched - graded.length)
    expect(await total()).toBe(`共 ${n} 通`)
    expect(await page.getByTestId('local-note').textContent()).toContain('只查本机已取回的通话')
    for (const call of graded) expect(await page.locator(`#call-${call.id}`).count()).toBe(0)

    const mine = graded[1]!.mine
    await unfold()
    await myGrade.selectOption(mine)
    await applyFromKeyword()
    await expect.poll(rowIds).toEqual(graded.filter((c) => c.mine === mine).map((c) => c.id))

    await unfold()
    await myGrade.selectOption('')
    await page.locator('input[name="disagrees"]').check()
    await applyFromKeyword()
    await chip('与 AI 意向不一致').waitFor()
    await expect.poll(rowIds).toEqual(graded.filter((c) => c.mine !== c.ai).map((c) => c.id))

    await unfold()
    await page.locator('input[name="disagrees"]').uncheck()
    await page.locator('input[name="hasNote"]').check()
    await applyFromKeyword()
    await expect.poll(rowIds).toEqual([graded[1]!.id])
    await expect.poll(fetchedCount).toEqual({ fetched, n: 1 })
    await page.screenshot({ path: join(SHOTS, 'filters-local-zh-CN.png') })
    // Backspace on a chip removes the chip, never the open call's grade.
    const noted = graded[1]!
    await page.locator(`#call-${noted.id}`).click()
    await page.getByTestId('call-detail').waitFor()
    await chip('有备注').focus()
    await press('Backspace')
    await expect.poll(total).toBe(`共 ${callsOf(taskA).length} 通`)
    expect(await page.locator(`#call-${noted.id}`).textContent()).toContain(`✓ ${noted.mine}`)
    expect(await page.getByRole('radiogroup', { name: '人工意向' }).getByRole('radio', { name: new RegExp(`^${noted.mine}`) }).getAttribute('aria-checked')).toBe('true')
  })

  it('sorts the fetched calls by duration and by time', async () => {
    const { page } = stack
    const sort = page.locator('select[name="sort"]')
    await unfold()
    await sort.selectOption('duration-desc')
    await applyFromKeyword()
    await chip('排序：时长（长→短）').waitFor()
    // The chip shows before the list is redrawn in its new order: wait for the order.
    const sortedBy = async <T,>(key: (id: number) => T, order: (a: T, b: T) => number) => {
      const values = (await rowIds()).map(key)
      return values.length > 5 && values.every((v, i) => i === 0 || order(values[i - 1]!, v) <= 0)
    }
    await expect.poll(() => sortedBy((id) => byId(id).chatDuration, (a, b) => b - a)).toBe(true)
    const durations = (await rowIds()).map((id) => byId(id).chatDuration)
    expect(durations).toEqual([...durations].sort((x, y) => y - x))
    expect(durations[0]).toBeGreaterThan(durations.at(-1)!)

    await unfold()
    await sort.selectOption('time-asc')
    await applyFromKeyword()
    await chip('排序：时间（旧→新）').waitFor()
    await expect.poll(() => sortedBy((id) => byId(id).startTime, (a, b) => (a < b ? -1 : a > b ? 1 : 0))).toBe(true)
    const times = (await rowIds()).map((id) => byId(id).startTime)
    expect(times).toEqual([...times].sort())
    await page.getByTestId('filter-clear-all').click()
    await expect.poll(total).toBe(`共 ${callsOf(taskA).length} 通`)
  })

  it('opens the calls of a confusion-matrix cell as a filter, by keyboard', async () => {
    const { page } = stack
    const call = graded[2]!
    await page.getByRole('button', { name: '报告与导出', exact: true }).click()
    const cell = page.locator(`[data-cell="${call.ai}${call.mine}"]`)
    await cell.waitFor()
    const expected = graded.filter((c) => c.ai === call.ai && c.mine === call.mine).map((c) => c.id)
    expect(await cell.textContent()).toContain(String(expected.length))
    await cell.focus()
    await press('Enter')
    await list().waitFor()
    await expect.poll(rowIds).toEqual(expected)
    await page.locator(`[data-chip="intentLevels:${call.ai}"]`).waitFor()
    expect(await page.locator('[data-chip="myGrade"]').textContent()).toContain(`我的评定：${call.mine}`)
    await page.getByTestId('filter-clear-all').click()
    await expect.poll(total).toBe(`共 ${callsOf(taskA).length} 通`)
  })

  it('names the new filters, chips and counts in English', async () => {
    const { page } = stack
    await page.getByLabel('语言').selectOption('en')
    await page.getByRole('heading', { name: 'Call Review Workstation' }).waitFor()
    const form = page.getByTestId('local-filters')
    expect(await form.textContent()).toContain('By my review (fetched calls only)')
    expect(await form.textContent()).toContain('Disagrees with the AI intent')
    await unfold()
    await page.locator('select[name="myGrade"]').selectOption('ungraded')
    await page.locator('input[name="hasNote"]').check()
    await page.locator('select[name="sort"]').selectOption('duration-asc')
    await applyFromKeyword()
    await page.getByRole('button', { name: 'Remove filter: My grade: Ungraded', exact: true }).waitFor()
    await page.getByRole('button', { name: 'Remove filter: Has a note', exact: true }).waitFor()
    await page.getByRole('button', { name: 'Remove filter: Order: Shortest first', exact: true }).waitFor()
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toMatch(/^of [\d,]+ fetched$/)
    expect(await total()).toBe('0 calls')
    expect(await page.getByTestId('local-note').textContent()).toContain('look only at the calls fetched to this computer')
    expect(await page.getByTestId('filter-clear-all').textContent()).toBe('Clear all')
    await page.getByTestId('filter-clear-all').click()
    await leaveFields()
    await press('g')
    await page.locator('.job-row.last-task [data-testid="last-task"]').waitFor()
    expect(await page.locator('.job-row.last-task [data-testid="last-task"]').textContent()).toBe('Last opened')
    await expect.poll(() => page.locator('.job-row.last-task [data-testid="review-progress"]').textContent()).toMatch(/3 (of \d+ )?calls graded/)
    await page.getByLabel('Language').selectOption('zh-CN')
    await page.getByRole('heading', { name: '通话复核工作台' }).waitFor()
  })

  it('highlights the last task in the picker with its review progress; Enter reopens it', async () => {
    const { page } = stack
    const tasks = page.getByRole('listbox', { name: '任务列表' })
    const last = tasks.locator('[aria-selected="true"]')
    await expect.poll(() => last.getAttribute('id')).toBe(`job-${taskA}`)
    expect(await last.getByTestId('last-task').textContent()).toBe('上次打开')
    // Graded of finished calls, once the task's figures are in.
    await page.getByTestId('job-finished').waitFor()
    const finished = Number(await page.getByTestId('job-finished').textContent())
    await expect.poll(async () => (await last.getByTestId('review-progress').textContent())?.trim()).toBe(`已复核 ${graded.length} / ${finished} 通`)
    await page.screenshot({ path: join(SHOTS, 'picker-review-progress-zh-CN.png') })
    expect(await page.getByTestId('job-reviewed').textContent()).toBe(String(graded.length))
    expect(await tasks.locator(`#job-${taskB} [data-testid="review-progress"]`).textContent()).toMatch(/已复核 0/)
    // Dialling progress is named as such, apart from the review.
    expect(await last.locator('.job-progress').textContent()).toMatch(/外呼 \d+ \/ \d+/)
    await press('Enter')
    await expect.poll(() => page.getByTestId('current-task').textContent()).toContain(String(taskA))
  })

  it('comes back after a reload to the task, page and call that were open', async () => {
    const { page } = stack
    await list().getByRole('option').first().waitFor()
    await page.getByRole('button', { name: '下一页', exact: true }).click()
    await expect.poll(() => page.getByTestId('page-label').textContent()).toMatch(/^第 2 \//)
    await leaveFields()
    await press('j')
    await page.getByTestId('call-detail').waitFor()
    const open = await selectedRow().getAttribute('id')
    const pageLabel = await page.getByTestId('page-label').textContent()

    await page.reload()
    await expect.poll(() => page.getByTestId('current-task').textContent()).toContain(String(taskA))
    await expect.poll(() => page.getByTestId('page-label').textContent()).toBe(pageLabel)
    await expect.poll(() => selectedRow().getAttribute('id')).toBe(open)
    await page.getByTestId('call-detail').waitFor()
    // Ready to play, not playing.
    await page.getByRole('button', { name: '播放', exact: true }).waitFor()
  })
})

describe('where was I, after a restart', () => {
  const profileDir = mkdtempSync(join(tmpdir(), 'e2e-where-'))
  let running: Stack | undefined
  afterAll(async () => {
    await running?.close()
    rmSync(profileDir, { recursive: true, force: true })
  })
  reportFailures(() => running)

  it('reopens the task with its filters, the page and the call', async () => {
    running = await startStack({ seed: SEED, profileDir })
    const { page, host, sim } = running
    await page.setViewportSize({ width: 1280, height: 720 })
    const job = sim.dataset.jobs.find((j) => sim.dataset.calls.filter((c) => c.robotCallJobId === j.robotCallJobId && c.resultStatus === 'ANSWERED').length > 60)!
    await page.goto(host.url)
    await openTaskList(page, job.robotCallJobId)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Shift+S')
    await page.keyboard.press('Space') // 已接听
    await page.keyboard.press('/')
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: '移除筛选条件：通话结果：已接听' }).waitFor()
    await page.getByRole('button', { name: '下一页', exact: true }).click()
    await expect.poll(() => page.getByTestId('page-label').textContent()).toMatch(/^第 2 \//)
    const listbox = page.getByRole('listbox', { name: '通话列表' })
    await listbox.getByRole('option').nth(2).click()
    await page.getByTestId('call-detail').waitFor()
    // The call that is open, read after the click: page 2's rows may still be replacing page 1's
    // when the page label turns, so the row's id read before the click can be another call's.
    const open = await listbox.locator('[aria-selected="true"]').getAttribute('id')
    expect(open).toMatch(/^call-/)
    await running.close()
    running = undefined

    running = await startStack({ seed: SEED, profileDir })
    const again = running.page
    await again.setViewportSize({ width: 1280, height: 720 })
    await again.goto(running.host.url)
    await expect.poll(() => again.getByTestId('current-task').textContent()).toContain(String(job.robotCallJobId))
    await again.getByRole('button', { name: '移除筛选条件：通话结果：已接听' }).waitFor()
    await expect.poll(() => again.getByTestId('page-label').textContent()).toMatch(/^第 2 \//)
    await expect.poll(() => again.getByRole('listbox', { name: '通话列表' }).locator('[aria-selected="true"]').getAttribute('id')).toBe(open)
    await again.getByTestId('call-detail').waitFor()
  })
})
