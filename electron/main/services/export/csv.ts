// The grades as CSV (shared/csv.ts: BOM, CRLF, quoting), with text cells guarded against
// formula injection and identifiers kept text (formula-guard.ts).
import { csvText } from '../../../../shared/csv'
import { EXPORT_COLUMNS, formatLocalTime, type ExportCell, type ExportColumn, type ExportFormatOptions } from './columns'
import type { ExportRow } from './export-rows'
import { csvIdentifier, neutralizeFormula } from '../../../../shared/formula-guard'

function cellText<R>(column: ExportColumn<R>, value: ExportCell, timeZone: string | undefined): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return formatLocalTime(value, timeZone)
  if (column.identifier) return csvIdentifier(String(value))
  // A number is written as JavaScript spells it (-5, 61): a number to the spreadsheet, as meant.
  if (typeof value === 'number') return String(value)
  return neutralizeFormula(value)
}

export function toCsv(rows: readonly ExportRow[], options?: ExportFormatOptions): string
export function toCsv<R extends { [K in keyof R]: ExportCell }>(rows: readonly R[], options: ExportFormatOptions<R> & { columns: readonly ExportColumn<R>[] }): string
export function toCsv(rows: readonly ExportRow[], options: ExportFormatOptions = {}): string {
  const language = options.language ?? 'zh-CN'
  const columns = options.columns ?? EXPORT_COLUMNS
  const header = columns.map((c) => c.header[language])
  return csvText([header, ...rows.map((row) => columns.map((c) => cellText(c, row[c.key], options.timeZone)))])
}
