// CSV as Excel opens it correctly: UTF-8 with a byte-order mark (else Chinese turns to mojibake),
// CRLF line ends, RFC 4180 quoting, and text cells guarded against formula injection.
import { EXPORT_COLUMNS, formatLocalTime, type ExportFormatOptions } from './columns'
import type { ExportRow } from './export-rows'
import { neutralizeFormula } from './formula-guard'

const BOM = '\uFEFF'
const NEEDS_QUOTES = /[",\r\n]/

export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function cellText(value: ExportRow[keyof ExportRow], timeZone: string | undefined): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  if (value instanceof Date) return formatLocalTime(value, timeZone)
  return neutralizeFormula(value)
}

export function toCsv(rows: readonly ExportRow[], options: ExportFormatOptions = {}): string {
  const language = options.language ?? 'zh-CN'
  const lines = [EXPORT_COLUMNS.map((c) => csvField(c.header[language])).join(',')]
  for (const row of rows) lines.push(EXPORT_COLUMNS.map((c) => csvField(cellText(row[c.key], options.timeZone))).join(','))
  return `${BOM}${lines.join('\r\n')}\r\n`
}
