// The client's typed failures. Each carries a message in both interface languages and never
// any credential: secrets are scrubbed from every text that might echo them.
import type { Language } from '../../../../shared/enums'
import { apiCodeMessage, type AppErrorPayload, type ErrorKind } from '../../../../shared/errors'

type Messages = Record<Language, string>

export class ApiError extends Error {
  readonly kind: ErrorKind
  readonly messages: Messages
  readonly code?: number
  readonly status?: number
  readonly requestId?: string

  constructor(kind: ErrorKind, messages: Messages, extra: { code?: number; status?: number; requestId?: string } = {}) {
    super(messages.en)
    this.name = 'ApiError'
    this.kind = kind
    this.messages = messages
    this.code = extra.code
    this.status = extra.status
    this.requestId = extra.requestId
  }

  /** Worth another try: the network failed or the server had a transient fault. */
  get retryable(): boolean {
    if (this.kind === 'network' || this.kind === 'connection-refused') return true
    if (this.status !== undefined && this.status >= 500) return true
    return this.kind === 'api-code' && this.code === 500
  }

  toPayload(): AppErrorPayload {
    const payload: AppErrorPayload = { kind: this.kind, message: { ...this.messages } }
    if (this.code !== undefined) payload.code = this.code
    if (this.status !== undefined) payload.status = this.status
    if (this.requestId !== undefined) payload.requestId = this.requestId
    return payload
  }
}

export function apiCodeError(code: number, resultMsg: string | undefined, status: number, requestId?: string): ApiError {
  const messages = apiCodeMessage(code, resultMsg)
  // A failed HTTP status says something too (a proxy answering for the platform, say).
  if (status < 200 || status >= 300) {
    messages['zh-CN'] += `（HTTP ${status}）`
    messages.en += ` (HTTP ${status})`
  }
  return new ApiError('api-code', messages, { code, status, requestId })
}

export function httpStatusError(status: number): ApiError {
  return new ApiError(
    'http-status',
    { 'zh-CN': `服务器返回 HTTP ${status}，没有可用的数据`, en: `The server answered HTTP ${status} with no usable data` },
    { status },
  )
}

export function htmlPageError(status: number, title: string | undefined): ApiError {
  const t = title ? `（${title}）` : ''
  const tEn = title ? ` (${title})` : ''
  return new ApiError(
    'html-page',
    {
      'zh-CN': `服务器返回了网页而不是数据，可能是网关或代理出错（HTTP ${status}）${t}。请检查接口地址。`,
      en: `The server sent a web page instead of data, probably a gateway or proxy error (HTTP ${status})${tEn}. Check the API address.`,
    },
    { status },
  )
}

export function invalidJsonError(status: number, truncated: boolean): ApiError {
  return new ApiError(
    'invalid-json',
    truncated
      ? { 'zh-CN': '服务器返回的数据不完整（JSON 被截断）', en: 'The server’s answer was cut off (truncated JSON)' }
      : { 'zh-CN': '服务器返回的数据不是有效的 JSON', en: 'The server’s answer is not valid JSON' },
    { status },
  )
}

export function invalidAnswerError(detail: Messages, requestId?: string): ApiError {
  return new ApiError(
    'invalid-answer',
    { 'zh-CN': `服务器返回的数据格式不符合接口文档：${detail['zh-CN']}`, en: `The server’s answer does not match the API: ${detail.en}` },
    { requestId },
  )
}

export function tooLargeError(limitBytes: number): ApiError {
  const mb = Math.round(limitBytes / 1024 / 1024)
  return new ApiError('too-large', {
    'zh-CN': `服务器返回的数据过大（超过 ${mb} MB），已停止接收`,
    en: `The server’s answer is too large (over ${mb} MB); stopped receiving it`,
  })
}

export function timeoutError(timeoutMs: number): ApiError {
  const s = Math.round(timeoutMs / 100) / 10
  return new ApiError('timeout', {
    'zh-CN': `请求超时：服务器 ${s} 秒内没有响应`,
    en: `Timed out: the server did not answer within ${s} s`,
  })
}

export function connectionRefusedError(origin: string): ApiError {
  return new ApiError('connection-refused', {
    'zh-CN': `无法连接到 ${origin}：连接被拒绝，服务器可能未运行`,
    en: `Cannot connect to ${origin}: connection refused, the server may be down`,
  })
}

export function networkError(origin: string, reason: string): ApiError {
  return new ApiError('network', {
    'zh-CN': `连接 ${origin} 时网络出错（${reason}）`,
    en: `Network error while contacting ${origin} (${reason})`,
  })
}

export function invalidRequestError(detail: Messages): ApiError {
  return new ApiError('invalid-request', {
    'zh-CN': `请求参数无效：${detail['zh-CN']}`,
    en: `Invalid request: ${detail.en}`,
  })
}

export function notConfiguredError(): ApiError {
  return new ApiError('not-configured', {
    'zh-CN': '尚未配置接口凭据，请在设置中填写 appKey、appSecret 和 tenantSign',
    en: 'No API credentials yet: enter appKey, appSecret and tenantSign in Settings',
  })
}

/** Any failure as a payload for the renderer; unexpected ones are reported without internals. */
export function toErrorPayload(error: unknown): AppErrorPayload {
  if (error instanceof ApiError) return error.toPayload()
  return {
    kind: 'internal',
    message: { 'zh-CN': '程序内部错误，请重试；若仍失败请联系支持', en: 'Internal error; try again, and contact support if it persists' },
  }
}

/** Replaces every occurrence of each secret (3+ characters) in a text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***')
  }
  return out
}
