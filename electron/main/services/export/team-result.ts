// The lead's file of a team task: one row per call the team shares, every reviewer's grade, note
// and time side by side, and the final grade with where it came from (the lead's settlement, the
// grade both gave, the one reviewer's grade) — what the team hands on when the task is done.
import type { CallRecord } from '../../../../shared/api-schemas'
import type { Bilingual, IntentLevel, Language } from '../../../../shared/enums'
import { groupById, tenantIntentText } from '../../../../shared/intent-labels'
import type { IntentLabelGroup } from '../../../../shared/ipc/contract'
import type { Id } from '../../../../shared/ids'
import { writeFileDurable } from '../storage'
import type { ExportColumn, ExportRecord } from './columns'
import { toCsv } from './csv'
import { resultStatusLabel } from './export-rows'
import { FINAL_SOURCE, type TeamFinalSource } from './final-source'
import { toXlsx } from './xlsx'

export type { TeamFinalSource }

export interface TeamResultGrade {
  reviewer: string
  reviewerName: string
  realIntentLevel: IntentLevel | null
  note: string
  updatedAt: string
}

export interface TeamResultCall {
  callRecordId: Id
  /** The reviewers the plan gives the call. */
  reviewers: readonly string[]
  sampled: boolean
  grades: readonly TeamResultGrade[]
  disagreement: boolean
  final: { level: IntentLevel | null; source: TeamFinalSource }
  settlement: { finalLevel: IntentLevel; note: string; settledBy: string; settledAt: string } | null
}

/** A team task as the lead sees it whole: no grade hidden, blind or not. */
export interface TeamResult {
  robotCallJobId: Id
  /** Every reviewer of the task, the plan's first, with the name they grade under. */
  reviewers: readonly { user: string; name: string }[]
  calls: readonly TeamResultCall[]
}

export interface TeamResultSource {
  calls: (callRecordId: Id) => CallRecord | undefined
  jobName?: string
  intentGroups?: readonly IntentLabelGroup[]
}

const YES_NO: Record<'yes' | 'no', Bilingual> = { yes: { 'zh-CN': '是', en: 'yes' }, no: { 'zh-CN': '否', en: 'no' } }

const head = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, en })

/** A reviewer's heading: the name they grade under, with their team user when it differs. */
function reviewerLabel(reviewer: { user: string; name: string }): string {
  return reviewer.name && reviewer.name !== reviewer.user ? `${reviewer.name} (${reviewer.user})` : reviewer.user
}

/** The columns: the call, who grades it, each reviewer's grade, note and time, the final grade. */
export function teamResultColumns(result: TeamResult): ExportColumn<ExportRecord>[] {
  const perReviewer = result.reviewers.flatMap((reviewer, i): ExportColumn<ExportRecord>[] => {
    const who = reviewerLabel(reviewer)
    return [
      { key: `grade${i}`, header: head(`${who} 评级`, `${who}: grade`), width: 12 },
      { key: `note${i}`, header: head(`${who} 备注`, `${who}: note`), width: 30, wrap: true },
      { key: `at${i}`, header: head(`${who} 评级时间`, `${who}: graded at`), width: 20, time: true },
    ]
  })
  return [
    { key: 'robotCallJobId', header: head('任务ID', 'Task ID'), width: 10, identifier: true },
    { key: 'jobName', header: head('任务名称', 'Task name'), width: 24 },
    { key: 'callRecordId', header: head('通话ID', 'Call ID'), width: 12, identifier: true },
    { key: 'phone', header: head('电话号码', 'Phone'), width: 16, identifier: true },
    { key: 'resultStatus', header: head('通话状态', 'Result'), width: 14 },
    { key: 'durationSec', header: head('通话时长(秒)', 'Duration (s)'), width: 12 },
    { key: 'aiIntentLevel', header: head('AI意向等级', 'AI intent'), width: 11 },
    { key: 'assigned', header: head('分配给', 'Assigned to'), width: 16 },
    { key: 'sampled', header: head('双评抽样', 'Double-review sample'), width: 10 },
    ...perReviewer,
    { key: 'disagreement', header: head('分歧', 'Disagreement'), width: 8 },
    { key: 'finalLevel', header: head('最终评级', 'Final grade'), width: 12 },
    { key: 'finalSource', header: head('最终评级来源', 'Final grade from'), width: 16 },
    { key: 'settledBy', header: head('裁定人', 'Settled by'), width: 12 },
    { key: 'settledAt', header: head('裁定时间', 'Settled at'), width: 20, time: true },
    { key: 'settlementNote', header: head('裁定说明', 'Settlement note'), width: 30, wrap: true },
  ]
}

/** One row per call, in the order the result lists them. */
export function teamResultRows(result: TeamResult, source: TeamResultSource, language: Language = 'zh-CN'): ExportRecord[] {
  const separator = language === 'zh-CN' ? '、' : '; '
  const nameOf = new Map(result.reviewers.map((r) => [r.user, reviewerLabel(r)]))
  return result.calls.map((team) => {
    const call = source.calls(team.callRecordId)
    const group = groupById(source.intentGroups ?? [], call?.intentLevelTagId)
    const level = (value: string | null | undefined) => tenantIntentText(value, call, group)
    const row: ExportRecord = {
      robotCallJobId: String(result.robotCallJobId),
      jobName: source.jobName ?? '',
      callRecordId: String(team.callRecordId),
      phone: call?.calledPhoneNumber ?? '',
      resultStatus: resultStatusLabel(call?.resultStatus, language),
      durationSec: call?.chatDuration ?? null,
      aiIntentLevel: level(call?.intentLevel),
      assigned: team.reviewers.map((user) => nameOf.get(user) ?? user).join(separator),
      sampled: team.sampled ? YES_NO.yes[language] : '',
      disagreement: team.sampled && team.grades.length >= 2 ? YES_NO[team.disagreement ? 'yes' : 'no'][language] : '',
      finalLevel: level(team.final.level),
      finalSource: FINAL_SOURCE[team.final.source][language],
      settledBy: team.settlement ? (nameOf.get(team.settlement.settledBy) ?? team.settlement.settledBy) : '',
      settledAt: team.settlement ? new Date(team.settlement.settledAt) : null,
      settlementNote: team.settlement?.note ?? '',
    }
    result.reviewers.forEach((reviewer, i) => {
      const grade = team.grades.find((g) => g.reviewer === reviewer.user)
      row[`grade${i}`] = level(grade?.realIntentLevel)
      row[`note${i}`] = grade?.note ?? ''
      row[`at${i}`] = grade ? new Date(grade.updatedAt) : null
    })
    return row
  })
}

const SHEET_NAME = head('团队复核结果', 'Team result')

/** Writes the lead's file whole or not at all; resolves to its number of rows. */
export async function exportTeamResult(job: {
  result: TeamResult
  source: TeamResultSource
  format: 'csv' | 'xlsx'
  path: string
  language: Language
  timeZone?: string
}): Promise<number> {
  const rows = teamResultRows(job.result, job.source, job.language)
  const options = { columns: teamResultColumns(job.result), language: job.language, timeZone: job.timeZone, sheetName: SHEET_NAME }
  const data = job.format === 'csv' ? toCsv(rows, options) : await toXlsx(rows, options)
  await writeFileDurable(job.path, data)
  return rows.length
}
