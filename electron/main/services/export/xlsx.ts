// A real Excel workbook: bold header row frozen in place, column widths, times as Excel dates
// (in the reviewer's zone), numbers as numbers, identifiers as text cells in the text format,
// and other text guarded against formula injection.
import type ExcelJS from 'exceljs'
import type { Bilingual } from '../../../../shared/enums'
import { EXPORT_COLUMNS, wallClock, type ExportCell, type ExportColumn, type ExportFormatOptions } from './columns'
import type { ExportRow } from './export-rows'
import { isNumberLike, neutralizeFormula } from '../../../../shared/formula-guard'

const SHEET_NAME = { 'zh-CN': '复核结果', en: 'Reviews' } as const

/** Excel's built-in text format: an identifier stays text when the reviewer edits the cell. */
const TEXT_FORMAT = '@'

function cellValue<R>(column: ExportColumn<R>, value: ExportCell, timeZone: string | undefined): string | number | Date | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) {
    // Excel has no time zones: store the wall-clock time, which exceljs writes from UTC fields.
    const c = wallClock(value, timeZone)
    return new Date(Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second))
  }
  // An identifier is a string cell, text as it stands: no visible quote (the CSV needs its ="…"
  // form instead). Only digits and signs go unguarded, which nothing can run, even copied into a CSV.
  const text = column.identifier ? String(value) : value
  if (typeof text === 'number') return text
  if (text === '') return null
  if (column.identifier && isNumberLike(text)) return text
  // Excel breaks lines in a cell with LF alone (XML would turn a raw CR into LF on reading anyway).
  return neutralizeFormula(text).replace(/\r\n?/g, '\n')
}

// Loaded on the first export, not at start: the largest library main carries, needed only here.
const loadExcel = async () => (await import('exceljs')).default

type Rows<R> = readonly R[]
type Options<R> = ExportFormatOptions<R> & { columns: readonly ExportColumn<R>[] }

export async function buildWorkbook(rows: readonly ExportRow[], options?: ExportFormatOptions): Promise<ExcelJS.Workbook>
export async function buildWorkbook<R extends { [K in keyof R]: ExportCell }>(rows: Rows<R>, options: Options<R> & { sheetName?: Bilingual }): Promise<ExcelJS.Workbook>
export async function buildWorkbook(rows: readonly ExportRow[], options: ExportFormatOptions & { sheetName?: Bilingual } = {}): Promise<ExcelJS.Workbook> {
  const language = options.language ?? 'zh-CN'
  const workbook = new (await loadExcel()).Workbook()
  workbook.creator = 'call-review-workstation'
  const sheet = workbook.addWorksheet((options.sheetName ?? SHEET_NAME)[language], { views: [{ state: 'frozen', ySplit: 1 }] })
  const columns = options.columns ?? EXPORT_COLUMNS
  sheet.columns = columns.map((c) => ({ header: c.header[language], key: c.key, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) {
    sheet.addRow(columns.map((c) => cellValue(c, row[c.key], options.timeZone)))
  }
  // Each column formatted as it declares: identifiers as text, times as times, notes wrapped.
  columns.forEach((c, index) => {
    const column = sheet.getColumn(index + 1)
    if (c.identifier) column.numFmt = TEXT_FORMAT
    if (c.time) column.numFmt = 'yyyy-mm-dd hh:mm:ss'
    if (c.wrap) column.alignment = { wrapText: true, vertical: 'top' }
  })
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } }
  return workbook
}

export async function toXlsx(rows: readonly ExportRow[], options?: ExportFormatOptions): Promise<Buffer>
export async function toXlsx<R extends { [K in keyof R]: ExportCell }>(rows: Rows<R>, options: Options<R> & { sheetName?: Bilingual }): Promise<Buffer>
export async function toXlsx(rows: readonly ExportRow[], options: ExportFormatOptions & { sheetName?: Bilingual } = {}): Promise<Buffer> {
  return Buffer.from(await (await buildWorkbook(rows, options)).xlsx.writeBuffer())
}
