// Errors that cross the IPC boundary: a kind the renderer can act on, and a message in both
// interface languages so every surface (window, command line) says the same thing.
import type { Bilingual, Language } from './enums'

export const ERROR_KINDS = [
  'api-code', // the platform answered with a non-200 code
  'http-status', // an HTTP status other than 2xx with no usable envelope
  'redirect', // the server answered 3xx: never followed, the signed headers would go with it
  'html-page', // an HTML page where JSON was expected (proxy or gateway error page)
  'invalid-json', // the body is not JSON or was cut off
  'invalid-answer', // JSON, but not the shape the platform documents
  'too-large', // the answer exceeded the size limit
  'timeout',
  'connection-refused',
  'network', // DNS failure, reset connection, TLS failure and the like
  'offline', // the reviewer chose to work offline: the server is not asked
  'not-cached', // offline, and this data is not on this computer
  'invalid-request', // refused locally before sending
  'no-recording', // the call has no recording of that track
  'broken-recording', // the recording could not be fetched or is not a playable WAV
  'storage', // a local file could not be read or written (disk full, no permission)
  'locked', // another program is writing the same grade folder
  'internal', // a fault in the app itself
] as const
export type ErrorKind = (typeof ERROR_KINDS)[number]

export type { Bilingual }

export interface AppErrorPayload {
  kind: ErrorKind
  message: Bilingual
  /** Platform result code, for kind 'api-code'. */
  code?: number
  /** HTTP status, where there was one. */
  status?: number
  /** The platform's requestId, for support tickets. */
  requestId?: string
  /** For kind 'invalid-request': what is wrong with each field, keyed by its name, so a form
   *  says it beside the field. */
  fields?: Record<string, Bilingual>
}

type ErrorDetails = Pick<AppErrorPayload, 'code' | 'status' | 'requestId' | 'fields'>

const UNREACHABLE: ReadonlySet<ErrorKind> = new Set(['connection-refused', 'network', 'timeout'])

/**
 * The app's one error type, in main and in the page alike: a kind the code can act on and a
 * message in both languages that every surface (window, command line) shows as it is.
 */
export class AppError extends Error {
  readonly kind: ErrorKind
  readonly messages: Bilingual
  readonly code?: number
  readonly status?: number
  readonly requestId?: string
  readonly fields?: Record<string, Bilingual>

  constructor(kind: ErrorKind, messages: Bilingual, details: ErrorDetails = {}) {
    super(messages.en)
    this.name = 'AppError'
    this.kind = kind
    this.messages = messages
    this.code = details.code
    this.status = details.status
    this.requestId = details.requestId
    this.fields = details.fields
  }

  static fromPayload(payload: AppErrorPayload): AppError {
    return new AppError(payload.kind, payload.message, payload)
  }

  localized(language: Language): string {
    return this.messages[language]
  }

  toPayload(): AppErrorPayload {
    const payload: AppErrorPayload = { kind: this.kind, message: { ...this.messages } }
    if (this.code !== undefined) payload.code = this.code
    if (this.status !== undefined) payload.status = this.status
    if (this.requestId !== undefined) payload.requestId = this.requestId
    if (this.fields !== undefined) payload.fields = { ...this.fields }
    return payload
  }

  /** The server could not be reached at all (or only a gateway answered for it): use the cache. */
  get unreachable(): boolean {
    if (UNREACHABLE.has(this.kind)) return true
    return (this.kind === 'html-page' || this.kind === 'http-status') && [502, 503, 504].includes(this.status ?? 0)
  }

  /** The platform refused the credentials (code 401): the account is reachable but not usable. */
  get rejectsCredentials(): boolean {
    return (this.kind === 'api-code' && this.code === 401) || (this.kind === 'http-status' && this.status === 401)
  }

  /** Worth another try later: unreachable, slow, throttled or briefly broken. */
  get retryable(): boolean {
    if (this.unreachable || this.status === 429) return true
    if (this.status !== undefined && this.status >= 500) return true
    return this.kind === 'api-code' && this.code === 500
  }
}

/** Any failure judged by the one classifier: only an AppError can be retried or mean unreachable. */
export const isRetryable = (error: unknown): boolean => error instanceof AppError && error.retryable
export const meansUnreachable = (error: unknown): boolean => error instanceof AppError && error.unreachable
export const rejectsCredentials = (error: unknown): boolean => error instanceof AppError && error.rejectsCredentials

/** What each documented platform code means, in both languages. */
export const API_CODE_MESSAGES: Record<number, Bilingual> = {
  401: { 'zh-CN': '验证失败：appKey、appSecret 或 tenantSign 不正确，或本机时间偏差过大', en: 'Authentication failed: wrong appKey, appSecret or tenantSign, or this computer’s clock is off' },
  403: { 'zh-CN': '没有权限访问该数据', en: 'No permission for this data' },
  404: { 'zh-CN': '未找到请求的数据', en: 'The requested data was not found' },
  412: { 'zh-CN': '请求参数错误', en: 'Invalid request parameters' },
  500: { 'zh-CN': '平台未知错误', en: 'Unknown error on the platform' },
}

/** What the server's resultMsg adds to our own words for its code: nothing when it only repeats
 *  them (验证失败：… after our 验证失败：…), else the rest after the shared head. */
function newInServerMessage(known: Bilingual | undefined, resultMsg: string | undefined): string | undefined {
  if (!resultMsg || !known) return resultMsg
  const head = known['zh-CN'].split('：')[0]!
  const rest = resultMsg.startsWith(`${head}：`) ? resultMsg.slice(head.length + 1) : resultMsg
  return known['zh-CN'].includes(rest) ? undefined : rest
}

export function apiCodeMessage(code: number, resultMsg: string | undefined): Bilingual {
  const known = API_CODE_MESSAGES[code]
  const extra = newInServerMessage(known, resultMsg?.trim())
  const detail = extra ? `：${extra}` : ''
  const detailEn = extra ? `: ${extra}` : ''
  if (known) {
    return { 'zh-CN': `${known['zh-CN']}（代码 ${code}）${detail}`, en: `${known.en} (code ${code})${detailEn}` }
  }
  return { 'zh-CN': `平台返回错误代码 ${code}${detail}`, en: `The platform answered with code ${code}${detailEn}` }
}
