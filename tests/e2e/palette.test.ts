// Shortcuts for Settings, the report, the download and the filters, and the command palette
// (Ctrl+K), by keyboard: the palette lists every action that can be done where the reviewer is,
// with its keys, from the same table as the keyboard help; typing filters it in either language,
// ↑/↓ choose, Enter runs, Esc closes.
import { describe, expect, it } from 'vitest'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 15 })

const press = (key: string) => stack.page.keyboard.press(key)
const palette = () => stack.page.getByRole('dialog', { name: '命令面板' })
const options = () => palette().getByRole('listbox').getByRole('option')
const total = () => stack.page.getByTestId('calls-total').textContent()

/** Each option's label and keys as the palette shows them. */
async function listed(): Promise<{ text: string; keys: string[] }[]> {
  return options().evaluateAll((rows) =>
    rows.map((row) => ({ text: row.firstElementChild?.firstChild?.textContent?.trim() ?? '', keys: [...row.querySelectorAll('kbd')].map((k) => k.textContent ?? '') })),
  )
}

describe('the command palette and the view shortcuts', () => {
  it('opens with Ctrl+K anywhere, lists what can be done there with its keys, and closes with Esc', async () => {
    const { page, host } = stack
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.goto(host.url)
    await page.getByRole('listbox', { name: '任务列表' }).getByRole('option').first().waitFor()
    // In the task picker only Settings can be done (the review's keys need a task).
    await press('Control+k')
    await palette().waitFor()
    expect(await listed()).toEqual([{ text: '打开 / 关闭设置', keys: ['Ctrl+,'] }])
    await press('Escape')
    await palette().waitFor({ state: 'detached' })
  })

  it('in the workspace lists every action with the keys the help dialog gives, from one table', async () => {
    const { page, sim } = stack
    await openTaskList(page, sim.dataset.jobs[0]!.robotCallJobId)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await press('j')
    await press('Control+k')
    const input = palette().getByRole('combobox')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox')
    const inPalette = await listed()
    expect(inPalette).toContainEqual({ text: '报告与导出 / 返回复核', keys: ['Shift+R'] })
    expect(inPalette).toContainEqual({ text: '下载供离线使用（整个任务；勾选“仅当前筛选”时为当前筛选）', keys: ['Shift+O'] })
    expect(inPalette).toContainEqual({ text: '下一通（打开并加载录音）', keys: ['j', '↓'] })
    expect(inPalette).toContainEqual({ text: '评定意向 C', keys: ['c', '3'] })
    expect(inPalette).toContainEqual({ text: '撤销上一次评级或备注修改，可连续撤销多步（在文本框中则撤销文字）', keys: ['u', 'Ctrl+Z'] })
    // Shift and a grade key grades and stays (the flow's keys), next to the view keys Shift+R/O/S/X.
    expect(inPalette).toContainEqual({ text: '评级并留在这通电话：意向 C', keys: ['Shift+C', 'Shift+3'] })
    expect(inPalette).toContainEqual({ text: '进入 / 离开时间校正模式（, . ; 只在此模式中生效；Esc 也可离开）', keys: ['Shift+T'] })
    // The first option is chosen, and the combobox says so.
    expect(await options().first().getAttribute('aria-selected')).toBe('true')
    expect(await input.getAttribute('aria-activedescendant')).toBe(await options().first().getAttribute('id'))
    await press('ArrowDown')
    expect(await options().nth(1).getAttribute('aria-selected')).toBe('true')
    expect(await input.getAttribute('aria-activedescendant')).toBe(await options().nth(1).getAttribute('id'))
    await press('Escape')

    // The keyboard help lists the same actions with the same keys.
    await press('?')
    const help = page.getByRole('dialog', { name: '键盘快捷键' })
    const rows = await help.locator('tr[data-action]').evaluateAll((trs) =>
      trs.map((tr) => ({ text: tr.querySelector('td')?.textContent?.trim() ?? '', keys: [...tr.querySelectorAll('kbd')].map((k) => k.textContent ?? '') })),
    )
    for (const option of inPalette) expect(rows).toContainEqual(option)
    expect(rows).toContainEqual({ text: '命令面板：列出并执行所有操作', keys: ['Ctrl+K'] })
    await press('Escape')
    await help.waitFor({ state: 'detached' })
  })

  it('filters by typing in Chinese or English and runs the chosen action with Enter', async () => {
    const { page } = stack
    const selected = page.getByRole('listbox', { name: '通话列表' }).locator('[aria-selected="true"]')
    const before = await selected.getAttribute('id')
    // English words find the action the Chinese interface names.
    await press('Control+k')
    await page.keyboard.type('next call')
    await expect.poll(async () => (await listed())[0]?.text).toBe('下一通（打开并加载录音）')
    await press('Enter')
    await palette().waitFor({ state: 'detached' })
    await expect.poll(() => selected.getAttribute('id')).not.toBe(before)
    // And Chinese, with a grade the keys give too: the open call is graded (and, as after the key,
    // the next ungraded call opens).
    const graded = await selected.getAttribute('id')
    await press('Control+k')
    await page.keyboard.type('评定意向 b')
    await expect.poll(listed).toEqual([{ text: '评定意向 B', keys: ['b', '2'] }])
    await press('Enter')
    await expect.poll(() => page.locator(`#${graded}`).textContent()).toContain('✓ B')
    // A click runs an option too, and keeps the keyboard in the palette until then; a grade that
    // stays on the call (Shift+C) leaves it open with its grade.
    await press('Control+k')
    await page.keyboard.type('留在 shift+c')
    await expect.poll(listed).toEqual([{ text: '评级并留在这通电话：意向 C', keys: ['Shift+C', 'Shift+3'] }])
    await options().first().hover()
    await page.mouse.down()
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox')
    await page.mouse.up()
    await expect.poll(() => page.getByRole('radiogroup', { name: '人工意向' }).getByRole('radio', { name: /^C/ }).getAttribute('aria-checked')).toBe('true')
    await palette().waitFor({ state: 'detached' })
    // Nothing matches: said so, and Enter does nothing.
    await press('Control+k')
    await page.keyboard.type('zzzz')
    await palette().getByText('没有匹配的操作').waitFor()
    await press('Enter')
    expect(await palette().count()).toBe(1)
    await press('Escape')
  })

  it('opens the report with Shift+R and Settings with Ctrl+, and comes back with the same keys', async () => {
    const { page } = stack
    await press('Shift+R')
    await page.getByRole('region', { name: '复核报告' }).waitFor()
    await press('Shift+R')
    await page.getByRole('listbox', { name: '通话列表' }).waitFor()
    await press('Control+,')
    await page.getByRole('region', { name: '设置' }).waitFor()
    // From the palette too, also in Settings.
    await press('Control+k')
    await page.keyboard.type('设置')
    await press('Enter')
    await page.getByRole('listbox', { name: '通话列表' }).waitFor()
    expect(await page.getByRole('region', { name: '设置' }).count()).toBe(0)
  })

  it('goes to the filters with Shift+S, applies a ticked box with Enter, and clears every filter with Shift+X', async () => {
    const { page, sim } = stack
    const all = await total()
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await press('Shift+S')
    // The first box of the filters: the first result status, 已接听.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('ANSWERED')
    await press('Space')
    await press('Enter')
    const answered = sim.dataset.calls.filter((c) => c.robotCallJobId === sim.dataset.jobs[0]!.robotCallJobId && c.resultStatus === 'ANSWERED').length
    await expect.poll(total).toBe(`共 ${answered} 通`)
    await press('Escape')
    await press('Shift+X')
    await expect.poll(total).toBe(all)
  })

  it('starts the download for offline with Shift+O', async () => {
    const { page } = stack
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    expect(await page.getByTestId('download-status').count()).toBe(0)
    await press('Shift+O')
    await expect.poll(() => page.getByTestId('download-status').textContent(), { timeout: 20_000 }).toMatch(/通话 \d+\/\d+/)
  })

  it('speaks English when the interface does, and still finds Chinese words', async () => {
    const { page } = stack
    await page.getByLabel('语言').selectOption('en')
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await press('Control+k')
    const dialog = page.getByRole('dialog', { name: 'Command palette' })
    await dialog.waitFor()
    await page.keyboard.type('报告')
    await expect.poll(() => dialog.getByRole('option').first().textContent()).toContain('Report & export / back to reviewing')
    await press('Escape')
    await page.getByLabel('Language').selectOption('zh-CN')
  })
})
