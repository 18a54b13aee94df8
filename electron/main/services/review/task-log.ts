// One task's grades on disk: a snapshot plus an append-only journal, per generation.
//
//   snapshot-<g>.json   the whole state when generation g began (atomic temp + rename)
//   journal-<g>.jsonl   each change since, one fsync'd checksummed line per change
//   high-water          the sequence number of the last change acknowledged, fsync'd with it, so
//                       a journal cut short at a line boundary (or emptied) is noticed, not trusted
//
// A save appends one small line and fsyncs it, whatever the task's size. Every `compactAfter*`
// the state is folded into snapshot-<g+1> and a new journal starts; generation g is kept as a
// backup in case the newer snapshot is ever damaged, older ones are deleted. Records carry a
// rising sequence number, so replaying every journal present from any good snapshot is safe
// wherever a crash stopped a compaction.
import { existsSync } from 'node:fs'
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { Grade, GradeInput } from '../../../../shared/ipc/contract'
import { decodeLine, encodeLine } from './checksum-line'
import { appendDurable, ensureDirDurable, listNames, setAside, syncDir, writeFileDurable } from '../storage'
import { readOnlyDamageMessage, recoveryMessage, type DamageKind, type Recovery } from './recovery'
import {
  applyRecord,
  copyGrade,
  emptyState,
  logRecordSchema,
  snapshotOf,
  snapshotSchema,
  stateFromSnapshot,
  type LogRecord,
  type Snapshot,
  type TaskState,
} from './task-state'

const SNAPSHOT_NAME = /^snapshot-(\d+)\.json$/
const JOURNAL_NAME = /^journal-(\d+)\.jsonl$/
const TEMP_NAME = /\.tmp$/
const HIGH_WATER = 'high-water'
/** Fixed width, so it is always rewritten in place with one small write. */
const HIGH_WATER_WIDTH = 20

export interface LegacyReview {
  grades: Grade[]
  readIds: number[]
}

export interface TaskLogOptions {
  dir: string
  jobId: number
  compactAfterLines: number
  compactAfterBytes: number
  now: () => Date
  /** The task's grades from an older store, imported once when the folder holds nothing yet. */
  legacy?: (jobId: number) => LegacyReview | undefined
  /** Reads only: no file is written, moved or removed (damage is reported, not repaired). */
  readOnly?: boolean
  log?: (line: string) => void
}

export interface TaskLog {
  /** The current state; treat as read-only. */
  readonly state: TaskState
  readonly recoveries: readonly Recovery[]
  saveGrade(input: GradeInput, reviewer: string, at: Date): Promise<Grade>
  markRead(callRecordId: number): Promise<void>
  /** Folds the journal into a new snapshot now (the store also does so on its own). */
  compact(): Promise<void>
  close(): Promise<void>
}

interface FileRef {
  name: string
  gen: number
}

interface Damage {
  name: string
  kind: DamageKind
  dropped: number
}

function filesOf(names: readonly string[], pattern: RegExp): FileRef[] {
  const refs: FileRef[] = []
  for (const name of names) {
    const match = pattern.exec(name)
    if (match?.[1] !== undefined) refs.push({ name, gen: Number(match[1]) })
  }
  return refs
}

/** The file's text, or undefined when it vanished since the folder was listed. */
async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function parseSnapshot(text: string, jobId: number): Snapshot | undefined {
  if (!text.endsWith('\n')) return undefined
  const parsed = snapshotSchema.safeParse(decodeLine(text.slice(0, -1)))
  return parsed.success && parsed.data.jobId === jobId ? parsed.data : undefined
}

function parseJournal(text: string): { records: LogRecord[]; bad: number; torn: boolean } {
  const lines = text.split('\n')
  // Every line is written with its newline: anything after the last one is an unfinished write.
  const tail = lines.pop() ?? ''
  const records: LogRecord[] = []
  let bad = 0
  for (const line of lines) {
    const parsed = logRecordSchema.safeParse(decodeLine(line))
    if (parsed.success) records.push(parsed.data)
    else bad++
  }
  return { records, bad, torn: tail !== '' }
}

export async function openTaskLog(options: TaskLogOptions): Promise<TaskLog> {
  const { dir, jobId } = options
  const log = options.log ?? (() => {})
  const recoveries: Recovery[] = []
  let state: TaskState = emptyState(jobId)
  let gen = 0
  let journal: FileHandle | undefined
  let journalLines = 0
  let journalBytes = 0
  // Set when a write failed part way: the journal may end in a torn line, so the next change
  // starts a new generation rather than append behind it.
  let needsNewGeneration = false
  let highWater: FileHandle | undefined

  async function load(): Promise<void> {
    const names = await listNames(dir)
    // Leftovers of a replace that never reached its rename; the file they were for is intact.
    if (!options.readOnly) for (const name of names) if (TEMP_NAME.test(name)) await unlink(join(dir, name)).catch(() => {})
    const snapshots = filesOf(names, SNAPSHOT_NAME).sort((a, b) => b.gen - a.gen)
    const journals = filesOf(names, JOURNAL_NAME).sort((a, b) => a.gen - b.gen)
    const damaged: Damage[] = []

    let base: Snapshot | undefined
    for (const ref of snapshots) {
      const text = await readText(join(dir, ref.name))
      if (text === undefined) continue
      const snapshot = parseSnapshot(text, jobId)
      if (!snapshot) damaged.push({ name: ref.name, kind: 'corrupt', dropped: 1 })
      else base ??= snapshot
    }

    const records: LogRecord[] = []
    const currentGen = Math.max(0, ...snapshots.map((s) => s.gen), ...journals.map((j) => j.gen))
    for (const ref of journals) {
      const text = await readText(join(dir, ref.name))
      if (text === undefined) continue
      const parsed = parseJournal(text)
      records.push(...parsed.records)
      if (parsed.bad > 0 || parsed.torn) {
        damaged.push({ name: ref.name, kind: parsed.bad > 0 ? 'corrupt' : 'torn', dropped: parsed.bad + (parsed.torn ? 1 : 0) })
      } else if (ref.gen === currentGen) {
        journalLines = parsed.records.length
        journalBytes = Buffer.byteLength(text)
      }
    }

    state = base ? stateFromSnapshot(base) : emptyState(jobId)
    records.sort((a, b) => a.s - b.s)
    for (const record of records) if (record.s > state.seq) applyRecord(state, record)
    gen = currentGen

    // Changes acknowledged after the last one found: the journal was cut short (or emptied).
    const acknowledged = await readHighWater()
    if (acknowledged > state.seq) {
      const journalName = `journal-${currentGen}.jsonl`
      damaged.push({ name: journalName, kind: 'truncated', dropped: acknowledged - state.seq })
      // Their numbers are burnt: a later change never reuses one.
      state.seq = acknowledged
    }

    if (snapshots.length === 0 && journals.length === 0 && damaged.length === 0) {
      await importLegacy()
      return
    }
    if (damaged.length > 0) await recover(damaged)
  }

  async function readHighWater(): Promise<number> {
    const text = await readText(join(dir, HIGH_WATER))
    const value = Number(text?.trim())
    return Number.isSafeInteger(value) && value > 0 ? value : 0
  }

  /** Records `seq` as acknowledged, durably, before the save it belongs to is answered. */
  async function writeHighWater(seq: number): Promise<void> {
    if (!highWater) {
      const path = join(dir, HIGH_WATER)
      highWater = await open(path, 'r+').catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error
        const created = await open(path, 'w+')
        await syncDir(dir)
        return created
      })
    }
    const bytes = Buffer.from(`${String(seq).padStart(HIGH_WATER_WIDTH, '0')}\n`)
    await highWater.write(bytes, 0, bytes.length, 0)
    await highWater.datasync()
  }

  async function importLegacy(): Promise<void> {
    const legacy = options.legacy?.(jobId)
    if (!legacy || (legacy.grades.length === 0 && legacy.readIds.length === 0)) return
    state = stateFromSnapshot({ v: 1, jobId, gen: 1, seq: 0, annotations: legacy.grades, readIds: legacy.readIds })
    if (options.readOnly) return
    await ensureDirDurable(dir)
    await writeSnapshot(1)
    gen = 1
    log(`review task ${jobId}: imported ${legacy.grades.length} grades from the previous store`)
  }

  // The recovered state goes into a new generation first, and only then are the damaged files
  // moved aside: a crash in between leaves both the good state and the damaged file in place.
  async function recover(damaged: readonly Damage[]): Promise<void> {
    if (options.readOnly) return reportOnly(damaged)
    await writeSnapshot(gen + 1)
    gen += 1
    journalLines = 0
    journalBytes = 0
    for (const damage of damaged) {
      const at = options.now()
      const file = join(dir, damage.name)
      // A journal emptied away entirely leaves nothing to keep.
      const setAsideAs = existsSync(file) ? setAside(file, at) : file
      const recoveredCount = state.grades.size
      recoveries.push({
        robotCallJobId: jobId,
        file,
        setAsideAs,
        kind: damage.kind,
        recoveredCount,
        droppedEntries: damage.dropped,
        at: at.toISOString(),
        message: recoveryMessage(jobId, damage.kind, recoveredCount, setAsideAs),
      })
      log(`review task ${jobId}: ${damage.name} was damaged (${damage.kind}); set aside as ${setAsideAs}`)
    }
  }

  function reportOnly(damaged: readonly Damage[]): void {
    for (const damage of damaged) {
      const file = join(dir, damage.name)
      const recoveredCount = state.grades.size
      recoveries.push({
        robotCallJobId: jobId,
        file,
        setAsideAs: file,
        kind: damage.kind,
        recoveredCount,
        droppedEntries: damage.dropped,
        at: options.now().toISOString(),
        message: readOnlyDamageMessage(jobId, recoveredCount, file),
      })
    }
  }

  function writeSnapshot(snapshotGen: number): Promise<void> {
    return writeFileDurable(join(dir, `snapshot-${snapshotGen}.json`), encodeLine(snapshotOf(state, snapshotGen)))
  }

  async function openJournal(): Promise<FileHandle> {
    if (journal) return journal
    await ensureDirDurable(dir)
    const handle = await open(join(dir, `journal-${gen}.jsonl`), 'a')
    if (journalLines === 0) await syncDir(dir)
    journal = handle
    return handle
  }

  async function compact(): Promise<void> {
    if (options.readOnly) return
    await ensureDirDurable(dir)
    await writeSnapshot(gen + 1)
    const previous = journal
    journal = undefined
    gen += 1
    journalLines = 0
    journalBytes = 0
    needsNewGeneration = false
    await previous?.close().catch(() => {})
    // Generation gen-1 stays as the backup; anything older is folded into both snapshots.
    const names = await listNames(dir)
    for (const ref of [...filesOf(names, SNAPSHOT_NAME), ...filesOf(names, JOURNAL_NAME)]) {
      if (ref.gen < gen - 1) await unlink(join(dir, ref.name)).catch(() => {})
    }
  }

  async function append(record: LogRecord): Promise<void> {
    if (options.readOnly) throw new Error(`review task ${jobId} is open read-only`)
    // A line the reader would refuse must never be acknowledged.
    const line = encodeLine(logRecordSchema.parse(record))
    if (needsNewGeneration) await compact()
    try {
      await appendDurable(await openJournal(), line)
    } catch (error) {
      // The outcome on disk is unknown: burn the number so a line that did land is never
      // replayed (the next snapshot covers it), and leave this journal behind.
      state.seq = Math.max(state.seq, record.s)
      needsNewGeneration = true
      await journal?.close().catch(() => {})
      journal = undefined
      throw error
    }
    applyRecord(state, record)
    // The line is durable; the high-water mark only lets a later load notice a cut journal.
    await writeHighWater(record.s).catch((error: unknown) => log(`review task ${jobId}: high-water mark not written: ${String(error)}`))
    journalLines += 1
    journalBytes += Buffer.byteLength(line)
    if (journalLines >= options.compactAfterLines || journalBytes >= options.compactAfterBytes) {
      // After the caller has its answer; a failed compaction only means a longer journal.
      void enqueue(compact).catch((error: unknown) => log(`review task ${jobId}: compaction failed: ${String(error)}`))
    }
  }

  // One change at a time per task: each sees the one before, and lines never interleave.
  let tail: Promise<unknown> = Promise.resolve()
  function enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = tail.then(work)
    tail = result.catch(() => {})
    return result
  }

  await load()

  return {
    get state() {
      return state
    },
    recoveries,
    saveGrade(input, reviewer, at) {
      return enqueue(async () => {
        await append({
          s: state.seq + 1,
          k: 'g',
          c: input.callRecordId,
          l: input.realIntentLevel,
          n: input.note,
          r: reviewer,
          t: at.toISOString(),
        })
        const grade = state.grades.get(input.callRecordId)
        if (!grade) throw new Error('grade was not applied')
        return copyGrade(grade)
      })
    },
    markRead(callRecordId) {
      return enqueue(async () => {
        if (state.readIds.has(callRecordId)) return
        await append({ s: state.seq + 1, k: 'r', c: callRecordId })
      })
    },
    compact: () => enqueue(compact),
    close: () =>
      enqueue(async () => {
        await journal?.close()
        journal = undefined
        await highWater?.close()
        highWater = undefined
      }),
  }
}
