// Writes an export file whole or not at all, so a failed export never leaves half a file that
// looks complete.
import type { ExportRequest } from '../../../../shared/ipc/contract'
import { writeFileDurable } from '../storage'
import { EXPORT_COLUMNS, TEAM_EXPORT_COLUMNS, type ExportFormatOptions } from './columns'
import { toCsv } from './csv'
import { buildExportRows, type ExportFilter, type ExportSource } from './export-rows'
import { toXlsx } from './xlsx'

/** One file to write: the contract's format, where, and what goes in it. */
export interface ExportJob extends ExportFormatOptions {
  format: ExportRequest['format']
  path: string
  source: ExportSource
  filter?: ExportFilter
}

export async function exportGrades(request: ExportJob): Promise<{ path: string; rowCount: number }> {
  const rows = buildExportRows(request.source, request.language ?? 'zh-CN', request.filter)
  // The team's columns only when grades are shared: a reviewer alone sees the file as before.
  const options = { ...request, columns: request.source.team ? [...EXPORT_COLUMNS, ...TEAM_EXPORT_COLUMNS] : EXPORT_COLUMNS }
  const data = request.format === 'csv' ? toCsv(rows, options) : await toXlsx(rows, options)
  await writeFileDurable(request.path, data)
  return { path: request.path, rowCount: rows.length }
}
