// Schemas of the platform's requests and answers (../shared/api/). Requests are strict: the
// client refuses to send what the server would reject (unknown fields, wrong types, out of
// range), except an enumeration value the app does not know, which a newer server may: it is
// sent as it is (bounded in length). Answers are loose: unknown fields a newer server adds are
// kept, and an unknown enumeration value is kept as a string rather than rejected, so a newer
// server never breaks the workstation.
import { z } from 'zod'
import { DIALOG_FLOW_STATUSES, INTENT_LEVELS, JOB_STATUSES, READ_STATUSES, RESULT_STATUSES } from './enums'
import { answerIdSchema, idOrZeroSchema, idSchema } from './ids'

export const MAX_PAGE_SIZE = 100

// Ids beyond 2^53 are kept exact as digits (ids.ts); the client sends them as bare numbers.
const id = idSchema

/** The longest enumeration value (or free-text code such as hangupBy) a request may carry. */
export const MAX_CODE_LENGTH = 64

/**
 * A request field's enumeration value: a known one, or any other non-empty code of bounded
 * length (a value a newer server documents), sent as it is. Never refused for being unknown.
 */
function openCode<T extends readonly [string, ...string[]]>(_known: T) {
  return z.string().min(1).max(MAX_CODE_LENGTH) as unknown as z.ZodType<T[number] | (string & {}), T[number] | (string & {})>
}

// ---------------------------------------------------------------- requests

/** Today's three keyword fields, which replaced the seed's searchWords (shared/keyword-search.ts). */
export const KEYWORD_FIELDS = ['calledPhoneNumber', 'callRecordId', 'customerPersonName'] as const
export type KeywordField = (typeof KEYWORD_FIELDS)[number]

/** The list query's fields; `callListQuerySchema` adds the checks across fields. */
export const callListFieldsSchema = z
  .object({
    robotCallJobId: id,
    customerGroupId: id.optional(),
    dialogFlowId: id.optional(),
    resultStatuses: z.array(openCode(RESULT_STATUSES)).max(50).optional(),
    intentLevels: z.array(openCode(INTENT_LEVELS)).max(50).optional(),
    searchWords: z.string().max(100).optional(),
    pageNum: z.number().int().min(1).max(1_000_000).optional(),
    pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
    // Newer optional filters; sent only when the reviewer enables them.
    // A free string (挂机状态; the docs show REMOTE_HANGUP and list no values).
    hangupBy: z.string().min(1).max(MAX_CODE_LENGTH).optional(),
    // Today's keyword fields (they replaced searchWords in the docs); the search box fills one
    // of them and searchWords alike (shared/keyword-search.ts).
    calledPhoneNumber: z.string().max(100).optional(),
    callRecordId: id.optional(),
    customerPersonName: z.string().max(100).optional(),
    realIntent: z.boolean().optional(),
    customerConcern: z.array(z.string().max(64)).max(50).optional(),
    readStatus: z.enum(READ_STATUSES).optional(),
    chatDurationMin: z.number().int().min(0).optional(),
    chatDurationMax: z.number().int().min(0).optional(),
    lastCallRecord: z.boolean().optional(),
    redialTimes: z.number().int().min(0).max(1000).optional(),
  })
  .strict()

export function durationRangeIsOrdered(q: { chatDurationMin?: number; chatDurationMax?: number }): boolean {
  return q.chatDurationMin === undefined || q.chatDurationMax === undefined || q.chatDurationMin <= q.chatDurationMax
}

export const callListQuerySchema = callListFieldsSchema.refine(durationRangeIsOrdered, {
  message: 'chatDurationMin must not exceed chatDurationMax',
  path: ['chatDurationMin'],
})
export type CallListQuery = z.infer<typeof callListQuerySchema>


export const callDetailQuerySchema = z.object({ callRecordId: id }).strict()
export type CallDetailQuery = z.infer<typeof callDetailQuerySchema>

/** getJobDetail and getJobStats: one task. */
export const jobQuerySchema = z.object({ robotCallJobId: id }).strict()
export type JobQuery = z.infer<typeof jobQuerySchema>

/** getIntentLevelTag: one label group; 0 is the platform's built-in group. */
export const intentLevelTagQuerySchema = z.object({ intentLevelTagId: idOrZeroSchema }).strict()
export type IntentLevelTagQuery = z.infer<typeof intentLevelTagQuerySchema>

export const jobListQuerySchema = z
  .object({
    name: z.string().max(100).optional(),
    status: openCode(JOB_STATUSES).optional(),
    pageNum: z.number().int().min(1).max(1_000_000).optional(),
    pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  })
  .strict()
export type JobListQuery = z.infer<typeof jobListQuerySchema>

// ---------------------------------------------------------------- answers

/** A known enumeration value, or whatever string a newer server sends. */
function openEnum<T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), z.string()]) as unknown as z.ZodType<T[number] | (string & {})>
}

const text = z.string().nullable().optional()
const count = z.number().nullable().optional()
const answerId = answerIdSchema.nullable().optional()

export const utteranceSchema = z.looseObject({
  callDetailId: answerIdSchema,
  type: openEnum(['ROBOT', 'PERSON'] as const),
  text: z.string().nullable().transform((t) => t ?? ''),
})
export type Utterance = z.infer<typeof utteranceSchema>

export const callRecordSchema = z.looseObject({
  callRecordId: answerIdSchema,
  tenantId: answerId,
  robotCallJobId: answerId,
  dialogFlowId: answerId,
  robotCallTaskId: answerId,
  customerPersonId: answerId,
  calledPhoneNumber: text,
  phoneNumberId: answerId,
  resultStatus: openEnum(RESULT_STATUSES).nullable().optional(),
  intentLevel: openEnum(INTENT_LEVELS).nullable().optional(),
  realIntentLevel: openEnum(INTENT_LEVELS).nullable().optional(),
  // The tenant's own names of the two levels, from the label group intentLevelTagId
  // (intentLevelTag/getIntentLevelTag). A name may come without its level: never read it as one.
  intentLevelName: text,
  realIntentLevelName: text,
  intentLevelTagId: answerId,
  customerConcern: z.array(z.string()).nullable().optional(),
  fullAudioUrl: text,
  customerAudioUrl: text,
  analysisBasis: text,
  startTime: text,
  chatDuration: count,
  chatRound: count,
  readStatus: openEnum(READ_STATUSES).nullable().optional(),
  /** 挂机状态: a free string (REMOTE_HANGUP in the docs). */
  hangupBy: text,
  /** 自动重拨次数: redials made before this call. */
  redialTimes: count,
  callDetailList: z.array(utteranceSchema).nullable().optional(),
})
export type CallRecord = z.infer<typeof callRecordSchema>

export const customerPersonSchema = z.looseObject({
  customerPersonId: answerId,
  creationTime: text,
  tenantId: answerId,
  customerGroupId: answerId,
  name: text,
  phoneNumber: text,
  wechatNumber: text,
  source: text,
  gender: openEnum(['MALE', 'FEMALE', 'UNKNOWN'] as const).nullable().optional(),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
  lastFollowTime: text,
  lastChatDuration: count,
  lastStartTime: text,
  lastIntentLevel: text,
  lastDialStatus: text,
  assignTime: text,
  customerGroupName: text,
})
export type CustomerPerson = z.infer<typeof customerPersonSchema>

export const callDetailSchema = callRecordSchema.extend({
  endTime: text,
  customerPerson: customerPersonSchema.nullable().optional(),
  attributes: z.array(z.unknown()).nullable().optional(),
})
export type CallDetail = z.infer<typeof callDetailSchema>

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    number: z.number().int(),
    pageSize: z.number().int(),
    totalElements: z.number().int().min(0),
    pages: z.number().int().min(0),
    content: z.array(item),
  })
}
export interface Page<T> {
  number: number
  pageSize: number
  totalElements: number
  pages: number
  content: T[]
  [key: string]: unknown
}

export const callPageSchema = pageSchema(callRecordSchema)
export type CallPage = z.infer<typeof callPageSchema>

export const jobSchema = z.looseObject({
  robotCallJobId: answerIdSchema,
  name: z.string().nullable().transform((n) => n ?? ''),
  status: openEnum(JOB_STATUSES).nullable().optional(),
  completedTask: count,
  taskCallTotal: count,
  creationTime: text,
  createTime: text,
  createdByUserName: text,
  organizationName: text,
})
export type Job = z.infer<typeof jobSchema>

export const jobPageSchema = pageSchema(jobSchema)
export type JobPage = z.infer<typeof jobPageSchema>

/** job/getJobDetail: the task under `robotCallJob`, its figures beside it. */
export const jobDetailSchema = z.looseObject({
  robotCallJob: jobSchema.extend({
    dialogFlowId: answerId,
    dialogFlowName: text,
    mode: text,
    phoneType: text,
    description: text,
    startTime: text,
    updateTime: text,
  }),
  completedTask: count,
  taskCallTotal: count,
  transferPhoneNumber: z.array(z.string()).nullable().optional(),
  jobPhoneNumberList: z.array(z.unknown()).nullable().optional(),
})
export type JobDetail = z.infer<typeof jobDetailSchema>

/** A value of the task's label group (code 0 is level A, 1 is B, … 5 is F). */
export const intentLevelTagDetailSchema = z.looseObject({
  code: z.number().int().nullable().optional(),
  intentLevelTagDetailId: answerId,
  intentLevelTagId: answerId,
  name: text,
})

/** Counts keyed by an enumeration value (intent level, result status, bucket). */
const countMap = z.record(z.string(), z.number().nullable()).nullable().optional()
const dailySeries = z.array(z.looseObject({ date: text, val: count })).nullable().optional()

/** job/getJobStats. The documented table lists intentLevelTagDetailList at the top; the example
 *  has it inside callJobStatsBrokenLine: both are read. `customerConcern` is typed Map in the
 *  table and is a list in the example: both are read. */
export const jobStatsSchema = z.looseObject({
  taskProgress: count,
  answeredRate: count,
  completedTask: count,
  taskCallTotal: count,
  answeredTask: count,
  chatDurationTotal: count,
  intentLevel: countMap,
  customerConcern: z.union([z.array(z.string()), z.record(z.string(), z.unknown())]).nullable().optional(),
  dialResult: countMap,
  chatRound: countMap,
  chatDuration: countMap,
  callJobStatsBrokenLine: z
    .looseObject({
      taskCallCompletedList: dailySeries,
      answeredTaskList: dailySeries,
      answeredTaskRateList: dailySeries,
      chatDurationTotalList: dailySeries,
      averageDurationList: dailySeries,
      intentLevelTagDetailList: z.array(intentLevelTagDetailSchema).nullable().optional(),
    })
    .nullable()
    .optional(),
  intentLevelTagDetailList: z.array(intentLevelTagDetailSchema).nullable().optional(),
})
export type JobStats = z.infer<typeof jobStatsSchema>

/** intentLevelTag/getUsedIntentLevelTagList: the label groups in use. */
export const intentLevelTagSchema = z.looseObject({ intentLevelTagId: answerIdSchema, name: text })
export const intentLevelTagListSchema = z.array(intentLevelTagSchema)
export type IntentLevelTag = z.infer<typeof intentLevelTagSchema>

/** intentLevelTag/getIntentLevelTag: one group's names, `code` being the level (0 = A … 5 = F). */
export const intentLevelTagDetailsSchema = intentLevelTagSchema.extend({
  details: z.array(z.looseObject({ code: z.number().int().nullable().optional(), name: text })).nullable().optional(),
})
export type IntentLevelTagDetails = z.infer<typeof intentLevelTagDetailsSchema>

/** dialogFlow/getDialogFlowList: the tenant's robot scripts (话术), unpaged. */
export const dialogFlowSchema = z.looseObject({
  dialogFlowId: answerIdSchema,
  name: z.string().nullable().transform((n) => n ?? ''),
  industry: text,
  subIndustry: text,
  /** The label group the flow's calls are graded with. */
  intentLevelTagId: answerId,
  status: openEnum(DIALOG_FLOW_STATUSES).nullable().optional(),
  createTime: text,
})
export const dialogFlowListSchema = z.array(dialogFlowSchema)
export type DialogFlow = z.infer<typeof dialogFlowSchema>

/** Every answer of the platform comes in this envelope; `code` 200 is success. */
export const envelopeSchema = z.looseObject({
  code: z.number().int(),
  data: z.unknown().optional(),
  requestId: z.string().nullable().optional(),
  resultMsg: z.string().nullable().optional(),
  errorStackTrace: z.unknown().optional(),
})
export type Envelope = z.infer<typeof envelopeSchema>

export const API_PATHS = {
  callList: '/apiOpen/v1/callRecord/getCallRecordInfoList',
  callDetail: '/apiOpen/v1/callRecord/callDetail',
  jobList: '/apiOpen/v1/job/getJobs',
  jobDetail: '/apiOpen/v1/job/getJobDetail',
  jobStats: '/apiOpen/v1/job/getJobStats',
  usedIntentLevelTags: '/apiOpen/v1/intentLevelTag/getUsedIntentLevelTagList',
  intentLevelTag: '/apiOpen/v1/intentLevelTag/getIntentLevelTag',
  dialogFlowList: '/apiOpen/v1/dialogFlow/getDialogFlowList',
} as const

/** Result codes the platform documents. */
export const API_CODES = {
  OK: 200,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_PARAMETER: 412,
  UNKNOWN: 500,
} as const
