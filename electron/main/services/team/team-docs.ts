// What the team's CouchDB database holds, one document kind per writer so that two reviewers
// never write the same document (a conflict then means one reviewer on two desktops, or two
// leads settling one call: shown, never resolved by last-writer-wins):
//   grade:<task>:<call>:<reviewer>   a reviewer's grade of a call, written only by that reviewer
//   plan:<task>                      the lead's plan: reviewers, sample, the split recorded
//   settle:<task>:<call>             the lead's final grade of a disagreement, with a note
// Ids are decimal text: a platform id above 2^53 stays exact. Only what the team needs leaves
// the desktop: no recordings, no phone numbers, no customer fields.
import { z } from 'zod'
import { INTENT_LEVELS } from '../../../../shared/enums'
import { toId, type Id } from '../../../../shared/ids'

const idText = z.string().regex(/^\d{1,30}$/)
const level = z.enum(INTENT_LEVELS).nullable()
const userName = z.string().min(1).max(200)

export const teamGradeDocSchema = z.object({
  _id: z.string(),
  _rev: z.string().optional(),
  type: z.literal('grade'),
  robotCallJobId: idText,
  callRecordId: idText,
  reviewer: userName,
  /** The name the reviewer goes by in the team (their display name), for the lead's views. */
  reviewerName: z.string().max(40),
  realIntentLevel: level,
  note: z.string().max(2000),
  updatedAt: z.string(),
  history: z.array(z.object({ realIntentLevel: level, note: z.string(), updatedAt: z.string() })).max(500),
})
export type TeamGradeDoc = z.infer<typeof teamGradeDocSchema>

export const teamPlanDocSchema = z.object({
  _id: z.string(),
  _rev: z.string().optional(),
  type: z.literal('plan'),
  robotCallJobId: idText,
  reviewers: z.array(userName).min(1).max(50),
  samplePercent: z.number().min(0).max(100),
  seed: z.string().max(100),
  /** The split of the calls known when the plan was made: call id → its reviewers. */
  assigned: z.record(idText, z.array(userName).min(1).max(2)),
  /** Call ids of `assigned` in the double-review sample. */
  sampled: z.array(idText),
  createdBy: userName,
  createdAt: z.string(),
})
export type TeamPlanDoc = z.infer<typeof teamPlanDocSchema>

export const teamSettlementDocSchema = z.object({
  _id: z.string(),
  _rev: z.string().optional(),
  type: z.literal('settlement'),
  robotCallJobId: idText,
  callRecordId: idText,
  finalLevel: z.enum(INTENT_LEVELS),
  note: z.string().max(2000),
  settledBy: userName,
  settledAt: z.string(),
  history: z.array(z.object({ finalLevel: z.enum(INTENT_LEVELS), note: z.string(), settledBy: userName, settledAt: z.string() })).max(500),
})
export type TeamSettlementDoc = z.infer<typeof teamSettlementDocSchema>

export const teamDocSchema = z.discriminatedUnion('type', [teamGradeDocSchema, teamPlanDocSchema, teamSettlementDocSchema])
export type TeamDoc = z.infer<typeof teamDocSchema>

export const gradeDocId = (robotCallJobId: Id, callRecordId: Id, reviewer: string) => `grade:${robotCallJobId}:${callRecordId}:${reviewer}`
export const planDocId = (robotCallJobId: Id) => `plan:${robotCallJobId}`
export const settlementDocId = (robotCallJobId: Id, callRecordId: Id) => `settle:${robotCallJobId}:${callRecordId}`

/** The id a document must have for its content, so no document can pose as another's. */
export function expectedDocId(doc: TeamDoc): string {
  if (doc.type === 'grade') return gradeDocId(doc.robotCallJobId, doc.callRecordId, doc.reviewer)
  if (doc.type === 'plan') return planDocId(doc.robotCallJobId)
  return settlementDocId(doc.robotCallJobId, doc.callRecordId)
}

/** A document from the server, or undefined for anything else (design documents, damage, forgery). */
export function readTeamDoc(value: unknown): TeamDoc | undefined {
  const parsed = teamDocSchema.safeParse(value)
  if (!parsed.success || parsed.data._id !== expectedDocId(parsed.data)) return undefined
  return parsed.data
}

export function idOf(text: string): Id {
  const id = toId(text)
  if (id === undefined) throw new RangeError(`not an id: ${text}`)
  return id
}
