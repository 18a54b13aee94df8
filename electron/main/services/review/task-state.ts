// A task's review state and the records that change it. The journal stores each change as a
// record; replaying them in order rebuilds the state, history included.
import { z } from 'zod'
import { INTENT_LEVELS } from '../../../../shared/enums'
import { gradeSchema, type Grade, type ReviewState } from '../../../../shared/ipc/contract'
import { idSchema, type Id } from '../../../../shared/ids'

// Big ids are written as their digits (ids.ts): exact, and read back by any JSON reader.
const callId = idSchema

export const gradeRecordSchema = z
  .object({
    /** Sequence number, unique and rising across all of a task's files. */
    s: z.number().int().positive(),
    k: z.literal('g'),
    c: callId,
    l: z.enum(INTENT_LEVELS).nullable(),
    n: z.string(),
    r: z.string(),
    t: z.string(),
  })
  .strict()

export const readRecordSchema = z.object({ s: z.number().int().positive(), k: z.literal('r'), c: callId }).strict()

export const logRecordSchema = z.discriminatedUnion('k', [gradeRecordSchema, readRecordSchema])
export type GradeRecord = z.infer<typeof gradeRecordSchema>
export type LogRecord = z.infer<typeof logRecordSchema>

export const snapshotSchema = z
  .object({
    v: z.literal(1),
    jobId: idSchema,
    gen: z.number().int().min(0),
    /** The last record folded into this snapshot. */
    seq: z.number().int().min(0),
    /** The grades (named as files written since the first version name them). */
    annotations: z.array(gradeSchema),
    readIds: z.array(idSchema),
  })
  .strict()
export type Snapshot = z.infer<typeof snapshotSchema>

export interface TaskState {
  readonly jobId: Id
  grades: Map<Id, Grade>
  /** Insertion order is the order calls were first opened. */
  readIds: Set<Id>
  seq: number
}

export function emptyState(jobId: Id): TaskState {
  return { jobId, grades: new Map(), readIds: new Set(), seq: 0 }
}

export function stateFromSnapshot(snapshot: Snapshot): TaskState {
  return {
    jobId: snapshot.jobId,
    grades: new Map(snapshot.annotations.map((a) => [a.callRecordId, a])),
    readIds: new Set(snapshot.readIds),
    seq: snapshot.seq,
  }
}

export function snapshotOf(state: TaskState, gen: number): Snapshot {
  return {
    v: 1,
    jobId: state.jobId,
    gen,
    seq: state.seq,
    annotations: [...state.grades.values()],
    readIds: [...state.readIds],
  }
}

/** The grade a grade record produces: the previous value moves into the history. */
export function gradeResult(jobId: Id, previous: Grade | undefined, record: GradeRecord): Grade {
  const history = previous
    ? [
        ...previous.history,
        {
          realIntentLevel: previous.realIntentLevel,
          note: previous.note,
          reviewer: previous.reviewer,
          updatedAt: previous.updatedAt,
        },
      ]
    : []
  return {
    robotCallJobId: jobId,
    callRecordId: record.c,
    realIntentLevel: record.l,
    note: record.n,
    reviewer: record.r,
    updatedAt: record.t,
    history,
  }
}

/** Applies one record in place. Grade objects are replaced, never mutated. */
export function applyRecord(state: TaskState, record: LogRecord): void {
  if (record.k === 'g') state.grades.set(record.c, gradeResult(state.jobId, state.grades.get(record.c), record))
  else state.readIds.add(record.c)
  state.seq = Math.max(state.seq, record.s)
}

/** A copy the caller may change without touching the store's state. */
export function copyGrade(a: Grade): Grade {
  return { ...a, history: a.history.map((h) => ({ ...h })) }
}

export function gradesOf(state: TaskState): Grade[] {
  return [...state.grades.values()].map(copyGrade)
}

/** A copy the caller may change without touching the store's state. */
export function reviewStateOf(state: TaskState): ReviewState {
  return { grades: gradesOf(state), readIds: [...state.readIds] }
}
