// The grades as CSV (shared/csv.ts: BOM, CRLF, quoting), with text cells guarded against
// formula injection.
import { csvText } from '../../../../shared/csv'
import { EXPORT_COLUMNS, formatLocalTime, type ExportFormatOptions } from './columns'
import type { ExportRow } from './export-rows'
import { neutralizeFormula } from './formula-guard'

function cellText(value: ExportRow[keyof ExportRow], timeZone: string | undefined): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  if (value instanceof Date) return formatLocalTime(value, timeZone)
  return neutralizeFormula(value)
}

export function toCsv(rows: readonly ExportRow[], options: ExportFormatOptions = {}): string {
  const language = options.language ?? 'zh-CN'
  const header = EXPORT_COLUMNS.map((c) => c.header[language])
  return csvText([header, ...rows.map((row) => EXPORT_COLUMNS.map((c) => cellText(row[c.key], options.timeZone)))])
}
