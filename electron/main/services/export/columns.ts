// The export's columns, shared by CSV and XLSX: header in each language, width in characters,
// and whether the column holds identifiers, which stay text in a spreadsheet.
import type { Bilingual, Language } from '../../../../shared/enums'
import type { ExportRow } from './export-rows'

/** A cell as the files write it: text, a number, a time (in the reviewer's zone), or empty. */
export type ExportCell = string | number | Date | null | undefined

/** A row of any export: its cells by column key. */
export type ExportRecord = { [key: string]: ExportCell }

export interface ExportColumn<R = ExportRow> {
  key: keyof R & string
  header: Bilingual
  width: number
  /** Phone numbers and ids: text in the file even when all digits, never numbers to a
   *  spreadsheet (no 1.38E+10, no lost leading 0 or +, no rounded long ids). */
  identifier?: true
  /** Long text (notes): wrapped in the workbook's cells. */
  wrap?: true
  /** Times: a date and time format in the workbook. */
  time?: true
}

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { key: 'robotCallJobId', header: { 'zh-CN': '任务ID', en: 'Task ID' }, width: 10, identifier: true },
  { key: 'jobName', header: { 'zh-CN': '任务名称', en: 'Task name' }, width: 24 },
  { key: 'callRecordId', header: { 'zh-CN': '通话ID', en: 'Call ID' }, width: 12, identifier: true },
  { key: 'phone', header: { 'zh-CN': '电话号码', en: 'Phone' }, width: 16, identifier: true },
  { key: 'resultStatus', header: { 'zh-CN': '通话状态', en: 'Result' }, width: 14 },
  { key: 'aiIntentLevel', header: { 'zh-CN': 'AI意向等级', en: 'AI intent' }, width: 11 },
  { key: 'realIntentLevel', header: { 'zh-CN': '复核意向等级', en: 'Reviewer grade' }, width: 13 },
  { key: 'note', header: { 'zh-CN': '复核备注', en: 'Note' }, width: 40, wrap: true },
  { key: 'reviewer', header: { 'zh-CN': '复核人', en: 'Reviewer' }, width: 12 },
  { key: 'reviewedAt', header: { 'zh-CN': '复核时间', en: 'Reviewed at' }, width: 20, time: true },
  { key: 'durationSec', header: { 'zh-CN': '通话时长(秒)', en: 'Duration (s)' }, width: 12 },
  { key: 'concerns', header: { 'zh-CN': '客户关注点', en: 'Customer concerns' }, width: 30 },
]

/** Added after the others when grades are shared with a team. */
export const TEAM_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { key: 'teamUser', header: { 'zh-CN': '团队用户', en: 'Team user' }, width: 12 },
  { key: 'otherGrades', header: { 'zh-CN': '其他复核员评级', en: 'Other reviewers' }, width: 24 },
  { key: 'finalLevel', header: { 'zh-CN': '最终评级', en: 'Final grade' }, width: 12 },
  { key: 'finalSource', header: { 'zh-CN': '最终评级来源', en: 'Final grade from' }, width: 16 },
  { key: 'settledBy', header: { 'zh-CN': '裁定人', en: 'Settled by' }, width: 12 },
  { key: 'settlementNote', header: { 'zh-CN': '裁定说明', en: 'Settlement note' }, width: 30 },
]

export interface ExportFormatOptions<R = ExportRow> {
  /** The file's columns; the usual ones when not given. */
  columns?: readonly ExportColumn<R>[]
  language?: Language
  /** IANA zone the times are written in; the computer's own when not given. */
  timeZone?: string
}

interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

/** One formatter per time zone: making one costs more than formatting a date with it. */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? ''
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(key, formatter)
  }
  return formatter
}

/** The date and time a reviewer's clock showed at `date` in `timeZone`. */
export function wallClock(date: Date, timeZone?: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(date)
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') }
}

const two = (n: number) => String(n).padStart(2, '0')

/** `YYYY-MM-DD HH:mm:ss` in the zone: what Excel and people read as a local time. */
export function formatLocalTime(date: Date, timeZone?: string): string {
  const c = wallClock(date, timeZone)
  return `${c.year}-${two(c.month)}-${two(c.day)} ${two(c.hour)}:${two(c.minute)}:${two(c.second)}`
}
