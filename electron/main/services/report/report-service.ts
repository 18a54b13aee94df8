// Reports on the reviewer's grades: which grades a scope covers (task, current filter, dates),
// the export file of them, and how well the robot's intent grading agrees with them.
import { randomUUID } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Agreement, Grade, ExportFile, ExportRequest, IntentLabelGroup, ReportScope, TeamExportRequest } from '../../../../shared/ipc/contract'
import { agreementPairs } from '../agreement'
import { computeAgreement } from '../agreement'
import type { CallCache } from '../cache'
import { maskPhone } from '../../../../shared/phone-mask'
import { exportGrades, exportTeamResult, filterGrades, type ExportFilter, type ExportSource, type TeamResult } from '../export'
import type { ReviewStore } from '../review'
import { compareIds, type Id } from '../../../../shared/ids'

const MIME = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

export interface ReportDeps {
  review: Pick<ReviewStore, 'grades' | 'allGrades'>
  cache: Pick<CallCache, 'record' | 'matchingIds' | 'load'>
  jobName?: (robotCallJobId: Id) => string | undefined
  /** The tenant's intent label groups known on this computer (the export names the levels by them). */
  intentGroups?: () => readonly IntentLabelGroup[]
  /** Exports show phone numbers as 138****5678 (the reviewer's setting). */
  maskPhoneNumbers?: () => boolean
}

/** Local days as the reviewer sees them: from the start of `from` to the end of `to`. */
function dayRange(scope: ReportScope): Pick<ExportFilter, 'from' | 'to'> {
  return {
    from: scope.from ? new Date(`${scope.from}T00:00:00`) : undefined,
    to: scope.to ? new Date(`${scope.to}T23:59:59.999`) : undefined,
  }
}

export type ReportService = ReturnType<typeof createReportService>

export function createReportService(deps: ReportDeps) {
  /** The graded calls of the scope. */
  async function graded(scope: ReportScope): Promise<Grade[]> {
    await deps.cache.load(scope.robotCallJobId)
    const filter: ExportFilter = {
      robotCallJobId: scope.robotCallJobId,
      // Every graded call was opened from a fetched page, so the cache knows whether it matches.
      callRecordIds: scope.filters ? deps.cache.matchingIds({ ...scope.filters, robotCallJobId: scope.robotCallJobId }) : undefined,
      ...dayRange(scope),
    }
    const all = await deps.review.grades(scope.robotCallJobId)
    return filterGrades(all.filter((a) => a.realIntentLevel !== null), filter)
  }

  const callOf = (jobId: Id) => (id: Id) => deps.cache.record(jobId, id)

  /** Every graded call of the account, task by task (the export offered before signing out). */
  async function gradedEverywhere(request: ExportRequest): Promise<Grade[]> {
    const jobs = [...new Set((await deps.review.allGrades()).map((grade) => grade.robotCallJobId))].sort(compareIds)
    const all: Grade[] = []
    for (const robotCallJobId of jobs) all.push(...(await graded({ robotCallJobId, from: request.from, to: request.to })))
    return all
  }

  /** A task's call as the cache has it, its phone number masked when the reviewer asks so. */
  function callLookup(jobOf: (id: Id) => Id) {
    const mask = deps.maskPhoneNumbers?.() ?? false
    return (id: Id) => {
      const call = deps.cache.record(jobOf(id), id)
      return call && mask && call.calledPhoneNumber ? { ...call, calledPhoneNumber: maskPhone(call.calledPhoneNumber) } : call
    }
  }

  /** Writes the export file to `path` (whole or not at all); resolves to its number of rows. */
  async function exportTo(request: ExportRequest, path: string, team?: ExportSource['team']): Promise<number> {
    const { robotCallJobId } = request
    const grades = robotCallJobId === undefined ? await gradedEverywhere(request) : await graded({ ...request, robotCallJobId })
    const jobOf = new Map(grades.map((grade) => [grade.callRecordId, grade.robotCallJobId]))
    const { rowCount } = await exportGrades({
      format: request.format,
      path,
      language: request.language,
      source: { grades, calls: callLookup((id) => jobOf.get(id) ?? 0), jobNames: (id) => deps.jobName?.(id), intentGroups: deps.intentGroups?.(), team },
    })
    return rowCount
  }

  /** Writes a file through `write` into a temporary path and hands back its bytes, named. */
  async function fileOf(format: ExportRequest['format'], fileName: string, write: (path: string) => Promise<number>): Promise<ExportFile> {
    const path = join(tmpdir(), `call-review-export-${randomUUID()}.${format}`)
    try {
      const rowCount = await write(path)
      const stamp = new Date().toISOString().slice(0, 10)
      return { fileName: `${fileName}-${stamp}.${format}`, mimeType: MIME[format], base64: (await readFile(path)).toString('base64'), rowCount }
    } finally {
      await rm(path, { force: true })
    }
  }

  return {
    /** How many calls of the scope the reviewer has graded (the status bar's progress in a filter). */
    gradedCount: async (scope: ReportScope) => (await graded(scope)).length,
    async agreement(scope: ReportScope): Promise<Agreement> {
      const grades = await graded(scope)
      return computeAgreement(agreementPairs(grades, callOf(scope.robotCallJobId)))
    },
    exportTo,
    /** `team`: what the team knows of each call, when grades are shared (adds the team's columns). */
    async exportFile(request: ExportRequest, team?: ExportSource['team']): Promise<ExportFile> {
      const name = `复核结果-${request.robotCallJobId === undefined ? '全部任务' : `任务${request.robotCallJobId}`}`
      return fileOf(request.format, name, (path) => exportTo(request, path, team))
    },
    /** The lead's file of a team task: the calls' fields from the cache beside the team's grades. */
    async exportTeamFile(request: TeamExportRequest, result: TeamResult): Promise<ExportFile> {
      await deps.cache.load(request.robotCallJobId)
      const source = { calls: callLookup(() => request.robotCallJobId), jobName: deps.jobName?.(request.robotCallJobId), intentGroups: deps.intentGroups?.() }
      return fileOf(request.format, `团队复核结果-任务${request.robotCallJobId}`, (path) =>
        exportTeamResult({ result, source, format: request.format, path, language: request.language }),
      )
    },
  }
}
