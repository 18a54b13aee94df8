// Reads and checks request parameters the way the platform does: unknown fields and nulls are
// ignored (a Java server), anything else wrong is a 412 with a Chinese message naming it.
import type { CallDetailQuery, CallListQuery, IntentLevelTagQuery, JobListQuery, JobQuery } from '../../shared/api-schemas'
import { MAX_CODE_LENGTH, MAX_PAGE_SIZE } from '../../shared/api-schemas'
import { INTENT_LEVELS, JOB_STATUSES, READ_STATUSES, RESULT_STATUSES } from '../../shared/enums'
import { compareIds, toId, type Id } from '../../shared/ids'
import type { ApiRevision } from './types'

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string }

class ParameterError extends Error {}

const fail = (detail: string): never => {
  throw new ParameterError(`参数错误：${detail}`)
}

function checked<T>(read: () => T): Checked<T> {
  try {
    return { ok: true, value: read() }
  } catch (error) {
    if (error instanceof ParameterError) return { ok: false, message: error.message }
    throw error
  }
}

const absent = (value: unknown) => value === undefined || value === null || value === ''

/** An integer given as a JSON number or a decimal string (Jackson accepts both). */
function integer(name: string, value: unknown, min: number, description: string): number | undefined {
  if (absent(value)) return undefined
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) return fail(`${name} ${description}`)
  return n
}

/** An id: a Java long, so one beyond 2^53 is kept exact (as its digits, shared/ids.ts), never refused. */
function id(name: string, value: unknown, min: 0 | 1 = 1): Id | undefined {
  if (absent(value)) return undefined
  const parsed = toId(typeof value === 'string' ? value.trim() : value)
  if (parsed === undefined || compareIds(parsed, min) < 0) return fail(`${name} ${min > 0 ? '必须是正整数' : '必须是非负整数'}`)
  return parsed
}

function text(name: string, value: unknown, maxLength: number): string | undefined {
  if (absent(value)) return undefined
  if (typeof value !== 'string') return fail(`${name} 必须是字符串`)
  if (value.length > maxLength) return fail(`${name} 不能超过${maxLength}个字符`)
  return value
}

function bool(name: string, value: unknown): boolean | undefined {
  if (absent(value)) return undefined
  if (typeof value !== 'boolean') return fail(`${name} 必须是 true 或 false`)
  return value
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], what: string): T | undefined {
  if (absent(value)) return undefined
  if (typeof value !== 'string' || !allowed.includes(value as T)) return fail(`${name} 不是有效的${what}：${String(value)}`)
  return value as T
}

function list<T extends string>(name: string, value: unknown, allowed: readonly T[] | undefined, what: string): T[] | undefined {
  if (absent(value)) return undefined
  if (!Array.isArray(value)) return fail(`${name} 必须是数组`)
  const unknown = value.filter((v) => typeof v !== 'string' || (allowed !== undefined && !allowed.includes(v as T)))
  if (unknown.length > 0) return fail(`${name} 含有未知的${what}：${unknown.map(String).join(',')}`)
  return value.length > 0 ? (value as T[]) : undefined
}

function paging(pageNum: unknown, pageSize: unknown): { pageNum?: number; pageSize?: number } {
  const size = integer('pageSize', pageSize, Number.MIN_SAFE_INTEGER, '必须是整数')
  if (size !== undefined && size > MAX_PAGE_SIZE) fail(`pageSize 最大不能超过${MAX_PAGE_SIZE}`)
  if (size !== undefined && size < 1) fail(`pageSize 必须在1到${MAX_PAGE_SIZE}之间`)
  return { pageNum: integer('pageNum', pageNum, 1, '必须是大于等于1的整数'), pageSize: size }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

/** The list request's fields the seed revision documents (seed-callRecord-api.md). */
const SEED_LIST_FIELDS: ReadonlySet<string> = new Set([
  'customerGroupId', 'robotCallJobId', 'dialogFlowId', 'resultStatuses', 'intentLevels', 'searchWords', 'pageNum', 'pageSize',
])
/** Today's docs (callRecord.md since 2019-07-09) dropped searchWords and added the others. */
const DROPPED_SINCE_SEED: ReadonlySet<string> = new Set(['searchWords'])

/** The body's fields a server of the revision reads; any other it ignores, as it ignores unknown fields. */
function fieldsOf(body: Record<string, unknown>, revision: ApiRevision): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(([name]) => (revision === 'seed' ? SEED_LIST_FIELDS.has(name) : !DROPPED_SINCE_SEED.has(name))),
  )
}

/** The list endpoint's JSON body (already parsed), as a server of the revision reads it. */
export function readCallListQuery(body: unknown, revision: ApiRevision = 'today'): Checked<CallListQuery> {
  return checked(() => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('请求体必须是 JSON 对象')
    const b = fieldsOf(body as Record<string, unknown>, revision)
    const robotCallJobId = id('robotCallJobId', b['robotCallJobId']) ?? fail('robotCallJobId 不能为空')
    const query: CallListQuery = {
      robotCallJobId,
      customerGroupId: id('customerGroupId', b['customerGroupId']),
      dialogFlowId: id('dialogFlowId', b['dialogFlowId']),
      resultStatuses: list('resultStatuses', b['resultStatuses'], RESULT_STATUSES, '通话结果'),
      intentLevels: list('intentLevels', b['intentLevels'], INTENT_LEVELS, '意向等级'),
      searchWords: text('searchWords', b['searchWords'], 100),
      ...paging(b['pageNum'], b['pageSize']),
      // A free string in the docs: any value is a filter (equality), none is refused.
      hangupBy: text('hangupBy', b['hangupBy'], MAX_CODE_LENGTH),
      calledPhoneNumber: text('calledPhoneNumber', b['calledPhoneNumber'], 100),
      callRecordId: id('callRecordId', b['callRecordId']),
      customerPersonName: text('customerPersonName', b['customerPersonName'], 100),
      realIntent: bool('realIntent', b['realIntent']),
      customerConcern: list('customerConcern', b['customerConcern'], undefined, '客户关注点'),
      readStatus: oneOf('readStatus', b['readStatus'], READ_STATUSES, '阅读状态'),
      chatDurationMin: integer('chatDurationMin', b['chatDurationMin'], 0, '必须是非负整数'),
      chatDurationMax: integer('chatDurationMax', b['chatDurationMax'], 0, '必须是非负整数'),
      lastCallRecord: bool('lastCallRecord', b['lastCallRecord']),
      redialTimes: integer('redialTimes', b['redialTimes'], 0, '必须是非负整数'),
    }
    if (query.chatDurationMin !== undefined && query.chatDurationMax !== undefined && query.chatDurationMin > query.chatDurationMax) {
      fail('chatDurationMin 不能大于 chatDurationMax')
    }
    return withoutUndefined(query)
  })
}

export function readCallDetailQuery(params: URLSearchParams): Checked<CallDetailQuery> {
  return checked(() => ({ callRecordId: id('callRecordId', params.get('callRecordId')) ?? fail('callRecordId 不能为空') }))
}

export function readJobListQuery(params: URLSearchParams): Checked<JobListQuery> {
  return checked(() =>
    withoutUndefined({
      name: text('name', params.get('name'), 100),
      status: oneOf('status', params.get('status'), JOB_STATUSES, '任务状态'),
      ...paging(params.get('pageNum'), params.get('pageSize')),
    }),
  )
}

/** getJobDetail and getJobStats: `robotCallJobId`. */
export function readJobQuery(params: URLSearchParams): Checked<JobQuery> {
  return checked(() => ({ robotCallJobId: id('robotCallJobId', params.get('robotCallJobId')) ?? fail('robotCallJobId 不能为空') }))
}

/** getIntentLevelTag: `intentLevelTagId`, 0 being the built-in group. */
export function readIntentLevelTagQuery(params: URLSearchParams): Checked<IntentLevelTagQuery> {
  return checked(() => ({
    intentLevelTagId: id('intentLevelTagId', params.get('intentLevelTagId'), 0) ?? fail('intentLevelTagId 不能为空'),
  }))
}
