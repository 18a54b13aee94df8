// One task's grades on disk: a snapshot plus an append-only journal, per generation.
//
//   snapshot-<g>.json   the whole state when generation g began (atomic temp + rename)
//   journal-<g>.jsonl   each change since, one fsync'd checksummed line per change
//   high-water          the sequence number of the last change acknowledged, fsync'd with it, so
//                       a journal cut short at a line boundary (or emptied) is noticed, not trusted
//
//   <file>.damaged-<time> a damaged file set aside by a recovery; a journal's valid lines are
//                       still replayed when a fallback to an older snapshot needs them
//
// A save appends one small line and fsyncs it, whatever the task's size. Every `compactAfter*`
// the state is folded into snapshot-<g+1> and a new journal starts. A recovery also starts a new
// generation. After either, two good generations are kept (the current one and the newest good
// one before it, the backup in case the newer snapshot is ever damaged) with every journal, live
// or set aside, that replaying from the backup needs; older files are deleted, and of the
// set-aside files that no recovery needs only the newest few are kept. Records carry a rising
// sequence number, so replaying every journal present from any good snapshot is safe wherever a
// crash stopped a compaction or a recovery.
import { existsSync } from 'node:fs'
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Grade, GradeInput } from '../../../../shared/ipc/contract'
import { decodeLine, encodeLine } from './checksum-line'
import { appendDurable, ensureDirDurable, listNames, parseSetAsideName, setAside, syncDir, writeFileDurable } from '../storage'
import { readOnlyDamageMessage, recoveryMessage, type DamagedFile, type DamageKind, type Recovery } from './recovery'
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
/** Set-aside files kept besides those a recovery may still need: enough to look into, not a pile. */
const KEEP_SET_ASIDE = 3
/** Which damage the message is about when one opening finds several: a confirmed loss first. */
const GRAVITY: Record<DamageKind, number> = { truncated: 0, corrupt: 1, torn: 2 }

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

interface SetAsideRef extends FileRef {
  journal: boolean
  stamp: string
  n: number
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

/** The snapshots and journals set aside by earlier recoveries, newest first. */
function setAsideFilesOf(names: readonly string[]): SetAsideRef[] {
  const refs: SetAsideRef[] = []
  for (const name of names) {
    const parsed = parseSetAsideName(name)
    if (!parsed) continue
    const [ref] = [...filesOf([parsed.original], JOURNAL_NAME), ...filesOf([parsed.original], SNAPSHOT_NAME)]
    if (ref) refs.push({ name, gen: ref.gen, journal: JOURNAL_NAME.test(parsed.original), stamp: parsed.stamp, n: parsed.n })
  }
  // By generation first: it only rises, while the clock in the name may be set back.
  return refs.sort((a, b) => b.gen - a.gen || (a.stamp < b.stamp ? 1 : a.stamp > b.stamp ? -1 : 0) || b.n - a.n)
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
  // Generations whose snapshot was read whole or written here: the backup is one of them.
  const goodSnapshots = new Set<number>()
  // Set aside by this opening: its notice names them, so they stay while it runs.
  const setAsideHere = new Set<string>()

  async function load(): Promise<void> {
    const names = await listNames(dir)
    // Leftovers of a replace that never reached its rename; the file they were for is intact.
    if (!options.readOnly) for (const name of names) if (TEMP_NAME.test(name)) await unlink(join(dir, name)).catch(() => {})
    const snapshots = filesOf(names, SNAPSHOT_NAME).sort((a, b) => b.gen - a.gen)
    const journals = filesOf(names, JOURNAL_NAME).sort((a, b) => a.gen - b.gen)
    const setAsides = setAsideFilesOf(names)
    const damaged = new Map<string, Damage>()
    const damage = (name: string, kind: DamageKind, dropped: number) => {
      const known = damaged.get(name)
      const graver = known && GRAVITY[known.kind] < GRAVITY[kind] ? known.kind : kind
      damaged.set(name, { name, kind: graver, dropped: (known?.dropped ?? 0) + dropped })
    }

    let base: Snapshot | undefined
    for (const ref of snapshots) {
      const text = await readText(join(dir, ref.name))
      if (text === undefined) continue
      const snapshot = parseSnapshot(text, jobId)
      if (!snapshot) damage(ref.name, 'corrupt', 1)
      else {
        goodSnapshots.add(ref.gen)
        base ??= snapshot
      }
    }

    const records: LogRecord[] = []
    // Set-aside files count too, so that no generation number is ever used twice.
    const currentGen = Math.max(0, ...snapshots.map((s) => s.gen), ...journals.map((j) => j.gen), ...setAsides.map((f) => f.gen))
    for (const ref of journals) {
      const text = await readText(join(dir, ref.name))
      if (text === undefined) continue
      const parsed = parseJournal(text)
      records.push(...parsed.records)
      if (parsed.bad > 0 || parsed.torn) damage(ref.name, parsed.bad > 0 ? 'corrupt' : 'torn', parsed.bad + (parsed.torn ? 1 : 0))
      else if (ref.gen === currentGen) {
        journalLines = parsed.records.length
        journalBytes = Buffer.byteLength(text)
      }
    }
    // Every snapshot of a later generation holds a set-aside journal's lines: they are needed only
    // when the base is older than that, i.e. the snapshots a recovery wrote were damaged in turn.
    for (const ref of setAsides) {
      if (!ref.journal || (base && ref.gen < base.gen)) continue
      const text = await readText(join(dir, ref.name))
      if (text !== undefined) records.push(...parseJournal(text).records)
    }

    state = base ? stateFromSnapshot(base) : emptyState(jobId)
    const baseSeq = state.seq
    const acknowledged = await readHighWater()
    let found = 0
    records.sort((a, b) => a.s - b.s)
    for (const record of records) {
      if (record.s <= state.seq) continue
      applyRecord(state, record)
      if (acknowledged !== null && record.s <= acknowledged) found++
    }
    gen = currentGen

    // Every number up to the high-water mark is a change confirmed as saved: those neither in the
    // base snapshot nor on any line read are lost. (A number burnt by a failed write counts too,
    // should a fallback reach back past the snapshot that followed it.)
    const lost = acknowledged === null ? null : Math.max(0, acknowledged - baseSeq - found)
    if (acknowledged !== null && acknowledged > state.seq) {
      // Changes confirmed after the last one found: the journal was cut short (or emptied).
      damage(`journal-${currentGen}.jsonl`, 'truncated', acknowledged - state.seq)
      // Their numbers are burnt: a later change never reuses one.
      state.seq = acknowledged
    } else if (lost && damaged.size === 0) {
      // Confirmed changes missing between good lines: the journal was tampered with all the same.
      damage(`journal-${currentGen}.jsonl`, 'truncated', lost)
    }

    if (snapshots.length === 0 && journals.length === 0 && setAsides.length === 0 && damaged.size === 0) {
      await importLegacy()
      return
    }
    if (damaged.size > 0) await recover([...damaged.values()], lost)
    // Also what a stop in the middle of a compaction or a recovery left, or an earlier version.
    else if (!options.readOnly) await prune()
  }

  /** The last change acknowledged; null when no mark was kept (an earlier version's folder). */
  async function readHighWater(): Promise<number | null> {
    const text = await readText(join(dir, HIGH_WATER))
    const value = Number(text?.trim())
    return Number.isSafeInteger(value) && value > 0 ? value : null
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
    goodSnapshots.add(1)
    log(`review task ${jobId}: imported ${legacy.grades.length} grades from the previous store`)
  }

  // The recovered state goes into a new generation first, and only then are the damaged files
  // moved aside and old files pruned: a crash in between leaves the good state and every file it
  // was made from in place. One opening is told once, however many files it found damaged.
  async function recover(damages: Damage[], lost: number | null): Promise<void> {
    damages.sort((a, b) => GRAVITY[a.kind] - GRAVITY[b.kind] || a.name.localeCompare(b.name))
    const recoveredCount = state.grades.size
    const at = options.now()
    const tell = (files: DamagedFile[], message: Recovery['message']) => {
      const [gravest] = files
      if (!gravest) return
      recoveries.push({
        robotCallJobId: jobId,
        file: gravest.file,
        setAsideAs: gravest.setAsideAs,
        kind: gravest.kind,
        files,
        recoveredCount,
        droppedEntries: damages.reduce((sum, d) => sum + d.dropped, 0),
        lostChanges: lost,
        at: at.toISOString(),
        message,
      })
    }
    if (options.readOnly) {
      const files = damages.map((d) => ({ file: join(dir, d.name), setAsideAs: join(dir, d.name), kind: d.kind }))
      tell(files, readOnlyDamageMessage(jobId, recoveredCount, files.map((f) => f.file), lost))
      return
    }
    await writeSnapshot(gen + 1)
    gen += 1
    goodSnapshots.add(gen)
    journalLines = 0
    journalBytes = 0
    const files: DamagedFile[] = []
    const keptAs: string[] = []
    for (const damage of damages) {
      const file = join(dir, damage.name)
      // A journal deleted outright leaves nothing to keep.
      const setAsideAs = existsSync(file) ? setAside(file, at) : undefined
      if (setAsideAs) {
        setAsideHere.add(basename(setAsideAs))
        keptAs.push(setAsideAs)
      }
      files.push({ file, setAsideAs: setAsideAs ?? file, kind: damage.kind })
      log(`review task ${jobId}: ${damage.name} was damaged (${damage.kind}); ${setAsideAs ? `set aside as ${setAsideAs}` : 'nothing left to set aside'}`)
    }
    tell(files, recoveryMessage({ jobId, kind: files[0]?.kind ?? 'corrupt', recoveredCount, lostChanges: lost, keptAs }))
    await prune()
  }

  /**
   * Deletes what no recovery can need any more: the generations before the backup (the second
   * newest good snapshot; 0, the empty start, when there is none) and the set-aside files beyond
   * the newest few, keeping every set-aside journal a replay from the backup needs.
   * Never fails the change that started it: a file left over is only one file more.
   */
  async function prune(): Promise<void> {
    try {
      const backup = [...goodSnapshots].sort((a, b) => b - a)[1] ?? 0
      const names = await listNames(dir)
      const doomed = [...filesOf(names, SNAPSHOT_NAME), ...filesOf(names, JOURNAL_NAME)].filter((ref) => ref.gen < backup).map((ref) => ref.name)
      setAsideFilesOf(names).forEach((ref, newest) => {
        const needed = ref.journal && ref.gen >= backup
        if (!needed && newest >= KEEP_SET_ASIDE && !setAsideHere.has(ref.name)) doomed.push(ref.name)
      })
      // No folder flush: a deletion a power cut undoes leaves an old file every load skips.
      for (const name of doomed) await unlink(join(dir, name)).catch(() => {})
      for (const g of goodSnapshots) if (g < backup) goodSnapshots.delete(g)
    } catch (error) {
      log(`review task ${jobId}: old files not pruned: ${String(error)}`)
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
    goodSnapshots.add(gen)
    journalLines = 0
    journalBytes = 0
    needsNewGeneration = false
    await previous?.close().catch(() => {})
    await prune()
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
