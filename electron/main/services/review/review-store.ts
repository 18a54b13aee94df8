// The reviewer's grades and read marks for every task, durable before each call resolves.
// Each task lives in its own folder (task-<id>/, see task-log.ts), so a save appends one small
// fsync'd line however many calls or tasks there are. Damage found when a task is opened is
// set aside and reported through `recoveries()`; the store never takes values from the server.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Grade, GradeInput, ReviewState } from '../../../../shared/ipc/contract'
import { listNames, type StoreFactory } from '../storage'
import { readLegacyReview } from './legacy-review'
import { createWriterLock } from './writer-lock'
import type { Recovery } from './recovery'
import { gradesOf, reviewStateOf } from './task-state'
import { openTaskLog, type LegacyReview, type TaskLog } from './task-log'

export type { Recovery } from './recovery'
export type { LegacyReview } from './task-log'

export interface ReviewStoreOptions {
  /** Folder of the store: one sub-folder per task. */
  dir: string
  /** Journal entries after which a task's journal is folded into a new snapshot. */
  compactAfterLines?: number
  /** Journal size in bytes after which the same happens. */
  compactAfterBytes?: number
  /** Clock for recovery times (tests). */
  now?: () => Date
  /** A task's grades from an older store, imported once when its folder is still empty. */
  legacy?: (robotCallJobId: number) => LegacyReview | undefined
  /** The earlier version's key-value stores, read for `legacy` when it is not given. */
  legacyStore?: StoreFactory
  log?: (line: string) => void
  /** Reads only: nothing is written, moved or imported (the command line's export). */
  readOnly?: boolean
  /** Told of each recovery (a task's opening that found damaged files), as it is found. */
  onRecovery?: (recovery: Recovery) => void
}

export interface ReviewStore {
  /** A task's grades and read marks (copies). */
  state(robotCallJobId: number): Promise<ReviewState>
  grades(robotCallJobId: number): Promise<Grade[]>
  /** Resolves once the grade is on disk; the previous value moves into the history. */
  saveGrade(input: GradeInput, reviewer: string, now?: Date): Promise<Grade>
  markRead(robotCallJobId: number, callRecordId: number): Promise<void>
  /** Tasks that have anything stored, ascending. */
  jobIds(): Promise<number[]>
  /** Every task's grades, for export and statistics. */
  allGrades(): Promise<Grade[]>
  /** Opens every stored task now, so damage anywhere is found and reported at start. */
  openAll(): Promise<void>
  /** Recoveries so far (one for each task's opening that found damage), oldest first, for the app to show. */
  recoveries(): Recovery[]
  /** Folds a task's journal into a new snapshot now. */
  compact(robotCallJobId: number): Promise<void>
  close(): Promise<void>
}

const TASK_DIR = /^task-(\d+)$/
const DEFAULT_COMPACT_AFTER_LINES = 1000
const DEFAULT_COMPACT_AFTER_BYTES = 512 * 1024

function checkJobId(jobId: number): void {
  if (!Number.isSafeInteger(jobId) || jobId <= 0) throw new RangeError(`invalid task id: ${jobId}`)
}

function copyRecovery(recovery: Recovery): Recovery {
  return { ...recovery, files: recovery.files.map((f) => ({ ...f })), message: { ...recovery.message } }
}

export function taskDirName(robotCallJobId: number): string {
  return `task-${robotCallJobId}`
}

export function createReviewStore(given: ReviewStoreOptions | string): ReviewStore {
  const options: ReviewStoreOptions = typeof given === 'string' ? { dir: given } : given
  const legacyStore = options.legacyStore
  const legacy = options.legacy ?? (legacyStore ? (jobId: number) => readLegacyReview(legacyStore, jobId) : undefined)
  const tasks = new Map<number, Promise<TaskLog>>()
  const recovered: Recovery[] = []
  const now = options.now ?? (() => new Date())
  // A reader takes no lock: the command line's export may run beside the app.
  const lock = options.readOnly ? null : createWriterLock(options.dir)

  function taskLog(jobId: number): Promise<TaskLog> {
    checkJobId(jobId)
    let opening = tasks.get(jobId)
    if (!opening) {
      // Opening a task on disk may write (a recovery, an import): only the folder's one writer does.
      // Reading a task that has nothing on disk writes nothing, so it takes no lock either.
      const taskDir = join(options.dir, taskDirName(jobId))
      opening = (lock && existsSync(taskDir) ? lock.acquire() : Promise.resolve()).then(() => openTaskLog({
        dir: taskDir,
        jobId,
        compactAfterLines: options.compactAfterLines ?? DEFAULT_COMPACT_AFTER_LINES,
        compactAfterBytes: options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES,
        now,
        legacy,
        readOnly: options.readOnly,
        log: options.log,
      }))
      tasks.set(jobId, opening)
      opening.then(
        (log) => {
          for (const recovery of log.recoveries) {
            recovered.push(recovery)
            options.onRecovery?.(copyRecovery(recovery))
          }
        },
        // A task that failed to open (e.g. a permission problem) is tried again next time.
        () => tasks.delete(jobId),
      )
    }
    return opening
  }

  async function jobIds(): Promise<number[]> {
    const names = await listNames(options.dir)
    const ids = new Set<number>()
    for (const name of names) {
      const id = Number(TASK_DIR.exec(name)?.[1])
      if (Number.isSafeInteger(id) && id > 0) ids.add(id)
    }
    // Tasks graded in this session whose folder listing raced with this call.
    for (const id of tasks.keys()) ids.add(id)
    return [...ids].sort((a, b) => a - b)
  }

  return {
    async state(jobId) {
      return reviewStateOf((await taskLog(jobId)).state)
    },
    async grades(jobId) {
      return gradesOf((await taskLog(jobId)).state)
    },
    async saveGrade(input, reviewer, at = new Date()) {
      const log = await taskLog(input.robotCallJobId)
      await lock?.acquire()
      return log.saveGrade(input, reviewer, at)
    },
    async markRead(jobId, callRecordId) {
      const log = await taskLog(jobId)
      await lock?.acquire()
      await log.markRead(callRecordId)
    },
    jobIds,
    async allGrades() {
      const all: Grade[] = []
      for (const id of await jobIds()) all.push(...gradesOf((await taskLog(id)).state))
      return all
    },
    async openAll() {
      for (const id of await jobIds()) await taskLog(id)
    },
    recoveries() {
      return recovered.map(copyRecovery)
    },
    async compact(jobId) {
      const log = await taskLog(jobId)
      await lock?.acquire()
      await log.compact()
    },
    async close() {
      const open = [...tasks.values()]
      tasks.clear()
      for (const opening of open) {
        const log = await opening.catch(() => undefined)
        await log?.close()
      }
      await lock?.release()
    },
  }
}
