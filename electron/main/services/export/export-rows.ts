// Grades joined with the fields of their calls, one row per graded call, filtered the way the
// reviewer chose (task, the calls of the current list filter, a time range).
import type { CallRecord } from '../../../../shared/api-schemas'
import { RESULT_STATUS_LABELS, RESULT_STATUSES, type Language, type ResultStatus } from '../../../../shared/enums'
import { groupById, tenantIntentText } from '../../../../shared/intent-labels'
import type { Grade, IntentLabelGroup } from '../../../../shared/ipc/contract'
import { compareIds, type Id } from '../../../../shared/ids'
import { FINAL_SOURCE, type TeamFinalSource } from './final-source'

export interface ExportRow {
  robotCallJobId: Id
  jobName: string
  callRecordId: Id
  phone: string
  /** The result status's label in the export's language (unknown values as sent). */
  resultStatus: string
  aiIntentLevel: string
  realIntentLevel: string
  note: string
  reviewer: string
  reviewedAt: Date
  durationSec: number | null
  concerns: string
  /** Team review (empty without a team): the reviewer's team user, the others' grades of the
   *  call, and its final grade with where it came from (who settled it and why, when the lead did). */
  teamUser?: string
  otherGrades?: string
  finalLevel?: string
  finalSource?: string
  settledBy?: string
  settlementNote?: string
}

/** What the team knows of a graded call, for the export's team columns. */
export interface TeamExportFacts {
  teamUser: string
  /** The other reviewers' grades, e.g. [{ name: '李', level: 'A' }]. */
  others: { name: string; level: string | null }[]
  /** The call's final grade as the team result has it (finalOf); none while the call is blind here. */
  finalLevel: string | null
  finalSource: TeamFinalSource | null
  settledBy: string
  settlementNote: string
}

export interface ExportFilter {
  robotCallJobId?: Id
  /** Only these calls (e.g. the rows of the current list filter). */
  callRecordIds?: Iterable<Id>
  /** Graded at or after this time. */
  from?: Date
  /** Graded at or before this time. */
  to?: Date
}

type Lookup<K, V> = ReadonlyMap<K, V> | ((key: K) => V | undefined)

export interface ExportSource {
  grades: readonly Grade[]
  /** The calls as the API or the cache answered them; a missing call leaves its fields empty. */
  calls: Lookup<Id, CallRecord>
  jobNames?: Lookup<Id, string>
  /** The tenant's label groups: a level is exported with the tenant's name ("A 很好") when the
   *  call or its group names it, as the bare letter otherwise. */
  intentGroups?: readonly IntentLabelGroup[]
  /** With a team server: what the team knows of a call (its columns are added to the file). */
  team?: (robotCallJobId: Id, callRecordId: Id) => TeamExportFacts | undefined
}

function lookUp<K, V>(lookup: Lookup<K, V> | undefined, key: K): V | undefined {
  if (!lookup) return undefined
  return typeof lookup === 'function' ? lookup(key) : lookup.get(key)
}

function isResultStatus(value: string): value is ResultStatus {
  return (RESULT_STATUSES as readonly string[]).includes(value)
}

export function resultStatusLabel(status: string | null | undefined, language: Language): string {
  if (!status) return ''
  return isResultStatus(status) ? RESULT_STATUS_LABELS[status][language] : status
}

export function filterGrades(grades: readonly Grade[], filter: ExportFilter = {}): Grade[] {
  const ids = filter.callRecordIds === undefined ? undefined : new Set(filter.callRecordIds)
  const from = filter.from?.getTime()
  const to = filter.to?.getTime()
  return grades.filter((a) => {
    if (filter.robotCallJobId !== undefined && a.robotCallJobId !== filter.robotCallJobId) return false
    if (ids && !ids.has(a.callRecordId)) return false
    const at = Date.parse(a.updatedAt)
    if (from !== undefined && !(at >= from)) return false
    if (to !== undefined && !(at <= to)) return false
    return true
  })
}

function teamCells(facts: TeamExportFacts | undefined, levelText: (level: string | null) => string, separator: string, language: Language) {
  if (!facts) return { teamUser: '', otherGrades: '', finalLevel: '', finalSource: '', settledBy: '', settlementNote: '' }
  return {
    teamUser: facts.teamUser,
    otherGrades: facts.others.map((other) => `${other.name} ${levelText(other.level)}`.trim()).join(separator),
    finalLevel: facts.finalLevel ? levelText(facts.finalLevel) : '',
    finalSource: facts.finalSource ? FINAL_SOURCE[facts.finalSource][language] : '',
    settledBy: facts.settledBy,
    settlementNote: facts.settlementNote,
  }
}

/** Rows by task, then grading time, then call id. */
export function buildExportRows(source: ExportSource, language: Language = 'zh-CN', filter: ExportFilter = {}): ExportRow[] {
  const separator = language === 'zh-CN' ? '、' : '; '
  return filterGrades(source.grades, filter)
    .map((a): ExportRow => {
      const call = lookUp(source.calls, a.callRecordId)
      const group = groupById(source.intentGroups ?? [], call?.intentLevelTagId)
      return {
        robotCallJobId: a.robotCallJobId,
        jobName: lookUp(source.jobNames, a.robotCallJobId) ?? '',
        callRecordId: a.callRecordId,
        phone: call?.calledPhoneNumber ?? '',
        resultStatus: resultStatusLabel(call?.resultStatus, language),
        aiIntentLevel: tenantIntentText(call?.intentLevel, call, group),
        realIntentLevel: tenantIntentText(a.realIntentLevel, call, group),
        note: a.note,
        reviewer: a.reviewer,
        reviewedAt: new Date(a.updatedAt),
        durationSec: call?.chatDuration ?? null,
        concerns: (call?.customerConcern ?? []).join(separator),
        ...(source.team ? teamCells(source.team(a.robotCallJobId, a.callRecordId), (level) => tenantIntentText(level, call, group), separator, language) : {}),
      }
    })
    .sort(
      (x, y) =>
        compareIds(x.robotCallJobId, y.robotCallJobId) ||
        x.reviewedAt.getTime() - y.reviewedAt.getTime() ||
        compareIds(x.callRecordId, y.callRecordId),
    )
}
