// Errors that cross the IPC boundary: a kind the renderer can act on, and a message in both
// interface languages so every surface (window, command line) says the same thing.
import type { Language } from './enums'

export const ERROR_KINDS = [
  'api-code', // the platform answered with a non-200 code
  'http-status', // an HTTP status other than 2xx with no usable envelope
  'html-page', // an HTML page where JSON was expected (proxy or gateway error page)
  'invalid-json', // the body is not JSON or was cut off
  'invalid-answer', // JSON, but not the shape the platform documents
  'too-large', // the answer exceeded the size limit
  'timeout',
  'connection-refused',
  'network', // DNS failure, reset connection, TLS failure and the like
  'invalid-request', // refused locally before sending
  'not-configured', // no credentials and no demo server
  'no-recording', // the call has no recording of that track
  'broken-recording', // the recording could not be fetched or is not a playable WAV
  'storage', // a local file could not be read or written
  'internal',
] as const
export type ErrorKind = (typeof ERROR_KINDS)[number]

export interface AppErrorPayload {
  kind: ErrorKind
  message: Record<Language, string>
  /** Platform result code, for kind 'api-code'. */
  code?: number
  /** HTTP status, where there was one. */
  status?: number
  /** The platform's requestId, for support tickets. */
  requestId?: string
}

/** An error the renderer received over IPC. */
export class AppError extends Error {
  readonly payload: AppErrorPayload
  constructor(payload: AppErrorPayload) {
    super(payload.message.en)
    this.name = 'AppError'
    this.payload = payload
  }
  get kind(): ErrorKind {
    return this.payload.kind
  }
  localized(language: Language): string {
    return this.payload.message[language]
  }
}

/** What each documented platform code means, in both languages. */
export const API_CODE_MESSAGES: Record<number, Record<Language, string>> = {
  401: { 'zh-CN': '验证失败：appKey、appSecret 或 tenantSign 不正确，或本机时间偏差过大', en: 'Authentication failed: wrong appKey, appSecret or tenantSign, or this computer’s clock is off' },
  403: { 'zh-CN': '没有权限访问该数据', en: 'No permission for this data' },
  404: { 'zh-CN': '未找到请求的数据', en: 'The requested data was not found' },
  412: { 'zh-CN': '请求参数错误', en: 'Invalid request parameters' },
  500: { 'zh-CN': '平台未知错误', en: 'Unknown error on the platform' },
}

export function apiCodeMessage(code: number, resultMsg: string | undefined): Record<Language, string> {
  const known = API_CODE_MESSAGES[code]
  const detail = resultMsg ? `：${resultMsg}` : ''
  const detailEn = resultMsg ? `: ${resultMsg}` : ''
  if (known) {
    return { 'zh-CN': `${known['zh-CN']}（代码 ${code}）${detail}`, en: `${known.en} (code ${code})${detailEn}` }
  }
  return { 'zh-CN': `平台返回错误代码 ${code}${detail}`, en: `The platform answered with code ${code}${detailEn}` }
}
