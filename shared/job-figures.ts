// A task's figures as the task picker shows them, read from getJobDetail and getJobStats. The
// documented examples are illustrative, not consistent (completedTask 0 beside 342 answered
// calls; completedTask above taskCallTotal), so no figure is derived from another: each is
// shown as the platform gives it, and "no finished calls" needs every figure to say so.
import type { Job } from './api-schemas'
import { INTENT_LEVELS } from './enums'
import { AppError } from './errors'
import { labelGroupOfStats } from './intent-labels'
import type { IntentLabelGroup, JobFigures } from './ipc/contract'
import type { Id } from './ids'

export interface JobFigureSummary {
  dialogFlowId: Id | null
  flowName: string | null
  /** Call records the task has finished: the results getJobStats counts (dialResult). */
  finishedCalls: number | null
  answeredCalls: number | null
  /** Percent, as the platform gives it. */
  answeredRate: number | null
  completedTask: number | null
  taskCallTotal: number | null
  /** AI intent levels of the task's calls, A to F, then any level the app does not know. */
  intents: { level: string; count: number }[]
  /** The task's label group, as getJobStats names it. */
  labelGroup: IntentLabelGroup | null
}

const numberOr = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null)

function sum(map: Record<string, number | null> | null | undefined): number | null {
  if (!map) return null
  const values = Object.values(map)
  return values.length ? values.reduce<number>((total, n) => total + (n ?? 0), 0) : null
}

export function summariseJobFigures(figures: Pick<JobFigures, 'detail' | 'stats'>): JobFigureSummary {
  const { detail, stats } = figures
  const job = detail?.robotCallJob
  const intentMap = stats?.intentLevel ?? {}
  const known = INTENT_LEVELS.filter((level) => level in intentMap)
  const others = Object.keys(intentMap).filter((level) => !(INTENT_LEVELS as readonly string[]).includes(level))
  return {
    // An id beyond 2^53 comes as its digits (ids.ts).
    dialogFlowId: job?.dialogFlowId ?? null,
    flowName: job?.dialogFlowName?.trim() || null,
    finishedCalls: sum(stats?.dialResult),
    answeredCalls: numberOr(stats?.answeredTask),
    answeredRate: numberOr(stats?.answeredRate),
    completedTask: numberOr(stats?.completedTask) ?? numberOr(detail?.completedTask),
    taskCallTotal: numberOr(detail?.taskCallTotal) ?? numberOr(stats?.taskCallTotal),
    intents: [...known, ...others].map((level) => ({ level, count: intentMap[level] ?? 0 })),
    labelGroup: labelGroupOfStats(stats),
  }
}

/**
 * Whether the task has no finished call to review. From the statistics when known: no call
 * counted by result and none answered. Otherwise from the task list's completedTask, when it
 * says 0. An unknown figure never closes a task.
 */
export function hasNoFinishedCalls(job: Pick<Job, 'completedTask'>, summary?: JobFigureSummary | null): boolean {
  if (summary && (summary.finishedCalls !== null || summary.answeredCalls !== null)) {
    return (summary.finishedCalls ?? 0) === 0 && (summary.answeredCalls ?? 0) === 0
  }
  const completed = summary?.completedTask ?? job.completedTask
  return completed === 0
}

/** Counts shown as bars: each level's share of the largest. */
export function intentShares(intents: readonly { level: string; count: number }[]): { level: string; count: number; share: number }[] {
  const most = Math.max(1, ...intents.map((i) => i.count))
  return intents.map((i) => ({ ...i, share: i.count / most }))
}

/** Whether a failure of the task's figures (getJobDetail and getJobStats both) says the task does
 *  not exist: the platform's code 404. An endpoint missing (HTTP 404) or an unreachable server says
 *  nothing of the task. */
export function meansTaskNotFound(error: unknown): boolean {
  return error instanceof AppError && error.kind === 'api-code' && error.code === 404
}
