// The manager's report: agreement between the robot's intent and the reviewer's grades, and
// the export of the grades as files Excel opens.
import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { openTaskList, useStack } from './harness'

const stack = useStack({ seed: 9, settings: { advanceAfterGrade: false } })

describe('report and export', () => {
  const graded: { id: number; ai: string; grade: string }[] = []

  it('grades three calls, two the same as the AI and one differently', async () => {
    const { page, host, sim } = stack
    await page.goto(host.url)
    await openTaskList(page, sim.dataset.jobs[0]!.robotCallJobId)
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('j')
      const row = page.getByRole('listbox', { name: '通话列表' }).locator('[aria-selected="true"]')
      await expect.poll(async () => Number((await row.getAttribute('id'))?.replace('call-', ''))).toBeGreaterThan(0)
      const id = Number((await row.getAttribute('id'))!.replace('call-', ''))
      await page.getByTestId('call-detail').waitFor()
      const ai = sim.dataset.calls.find((c) => c.callRecordId === id)!.intentLevel
      const grade = i < 2 ? ai : ai === 'F' ? 'A' : 'F'
      await page.keyboard.press(grade.toLowerCase())
      await expect.poll(() => row.textContent()).toContain(`✓ ${grade}`)
      graded.push({ id, ai, grade })
    }
  })

  it('shows agreement, kappa and the confusion matrix', async () => {
    const { page } = stack
    await page.getByRole('button', { name: '报告与导出' }).click()
    await expect.poll(() => page.getByTestId('report-pairs').textContent()).toContain('已评定 3 通')
    expect(await page.getByTestId('agreement-rate').textContent()).toBe('66.7%')
    const matrix = page.getByTestId('confusion-matrix')
    const levels = ['A', 'B', 'C', 'D', 'E', 'F']
    const expected = levels.map(() => levels.map(() => 0))
    for (const g of graded) expected[levels.indexOf(g.ai)]![levels.indexOf(g.grade)]! += 1
    const shown = await matrix.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => Number(td.textContent))),
    )
    expect(shown).toEqual(expected)
  })

  it('exports the grades as CSV (BOM, Chinese header) and as a real XLSX workbook', async () => {
    const { page } = stack
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()])
    const csv = readFileSync((await csvDownload.path())!)
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = csv.toString('utf8').slice(1).trim().split('\r\n')
    expect(lines[0]).toContain('通话ID')
    expect(lines).toHaveLength(4)
    for (const g of graded) expect(lines.some((line) => line.includes(String(g.id)))).toBe(true)
    await expect.poll(() => page.getByTestId('exported').textContent()).toContain('3')

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()])
    expect(xlsxDownload.suggestedFilename()).toMatch(/\.xlsx$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile((await xlsxDownload.path())!)
    const sheet = workbook.worksheets[0]!
    expect(sheet.rowCount).toBe(4)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
  })
})
