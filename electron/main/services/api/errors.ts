// The client's failures, as the app's one error type (AppError, shared/errors.ts). Each carries
// a message in both interface languages and never any credential: secrets are scrubbed from
// every text that might echo them.
import { AppError, apiCodeMessage, type AppErrorPayload, type Bilingual } from '../../../../shared/errors'

export function apiCodeError(code: number, resultMsg: string | undefined, status: number, requestId?: string): AppError {
  const messages = apiCodeMessage(code, resultMsg)
  // A failed HTTP status says something too (a proxy answering for the platform, say).
  if (status < 200 || status >= 300) {
    messages['zh-CN'] += `（HTTP ${status}）`
    messages.en += ` (HTTP ${status})`
  }
  return new AppError('api-code', messages, { code, status, requestId })
}

export function httpStatusError(status: number): AppError {
  return new AppError(
    'http-status',
    { 'zh-CN': `服务器返回 HTTP ${status}，没有可用的数据`, en: `The server answered HTTP ${status} with no usable data` },
    { status },
  )
}

/** Where a redirect pointed, said without its query (it may carry someone's token) and kept short. */
function redirectTarget(location: string | null, requestUrl: string): Bilingual {
  if (!location) return { 'zh-CN': '（未给出地址）', en: '(no address given)' }
  let target: URL
  try {
    target = new URL(location, requestUrl)
  } catch {
    return { 'zh-CN': '（无效的地址）', en: '(an invalid address)' }
  }
  const where = `${target.protocol}//${target.host}${target.pathname}${target.search ? '?…' : ''}`
  const short = where.length > 200 ? `${where.slice(0, 200)}…` : where
  return { 'zh-CN': short, en: short }
}

export function redirectError(status: number, location: string | null, requestUrl: string): AppError {
  const where = redirectTarget(location, requestUrl)
  return new AppError(
    'redirect',
    {
      'zh-CN': `服务器把请求重定向到 ${where['zh-CN']}（HTTP ${status}）。为保护凭据不会跟随；请检查接口地址。`,
      en: `The server redirected the request to ${where.en} (HTTP ${status}). It is not followed, so the credentials go nowhere else; check the API address.`,
    },
    { status },
  )
}

export function htmlPageError(status: number, title: string | undefined): AppError {
  const t = title ? `（${title}）` : ''
  const tEn = title ? ` (${title})` : ''
  return new AppError(
    'html-page',
    {
      'zh-CN': `服务器返回了网页而不是数据，可能是网关或代理出错（HTTP ${status}）${t}。请检查接口地址。`,
      en: `The server sent a web page instead of data, probably a gateway or proxy error (HTTP ${status})${tEn}. Check the API address.`,
    },
    { status },
  )
}

export function invalidJsonError(status: number, truncated: boolean): AppError {
  return new AppError(
    'invalid-json',
    truncated
      ? { 'zh-CN': '服务器返回的数据不完整（JSON 被截断）', en: 'The server’s answer was cut off (truncated JSON)' }
      : { 'zh-CN': '服务器返回的数据不是有效的 JSON', en: 'The server’s answer is not valid JSON' },
    { status },
  )
}

export function invalidAnswerError(detail: Bilingual, requestId?: string): AppError {
  return new AppError(
    'invalid-answer',
    { 'zh-CN': `服务器返回的数据格式不符合接口文档：${detail['zh-CN']}`, en: `The server’s answer does not match the API: ${detail.en}` },
    { requestId },
  )
}

export function tooLargeError(limitBytes: number): AppError {
  const mb = Math.round(limitBytes / 1024 / 1024)
  return new AppError('too-large', {
    'zh-CN': `服务器返回的数据过大（超过 ${mb} MB），已停止接收`,
    en: `The server’s answer is too large (over ${mb} MB); stopped receiving it`,
  })
}

export function timeoutError(timeoutMs: number): AppError {
  const s = Math.round(timeoutMs / 100) / 10
  return new AppError('timeout', {
    'zh-CN': `请求超时：服务器 ${s} 秒内没有响应`,
    en: `Timed out: the server did not answer within ${s} s`,
  })
}

export function connectionRefusedError(origin: string): AppError {
  return new AppError('connection-refused', {
    'zh-CN': `无法连接到 ${origin}：连接被拒绝，服务器可能未运行`,
    en: `Cannot connect to ${origin}: connection refused, the server may be down`,
  })
}

export function networkError(origin: string, reason: string): AppError {
  // No code to name what failed: say what to check rather than "(unknown)".
  if (reason === 'unknown') {
    return new AppError('network', {
      'zh-CN': `无法连接到 ${origin}：请检查地址、网络连接和代理设置`,
      en: `Cannot reach ${origin}: check the address, the network connection and the proxy settings`,
    })
  }
  return new AppError('network', {
    'zh-CN': `连接 ${origin} 时网络出错（${reason}）`,
    en: `Network error while contacting ${origin} (${reason})`,
  })
}

/** A request through a proxy that failed there: the proxy named (its user and password as ***),
 *  so the reviewer checks the proxy, not the platform. */
export function proxyError(
  kind: 'connection-refused' | 'network' | 'invalid-request',
  proxy: string,
  target: string,
  reason: Bilingual,
  status?: number,
): AppError {
  return new AppError(
    kind,
    {
      'zh-CN': `经代理服务器 ${proxy} 连接 ${target} 失败：${reason['zh-CN']}`,
      en: `Could not reach ${target} through the proxy ${proxy}: ${reason.en}`,
    },
    status === undefined ? {} : { status },
  )
}

export function invalidRequestError(detail: Bilingual, fields?: Record<string, Bilingual>): AppError {
  return new AppError(
    'invalid-request',
    { 'zh-CN': `请求参数无效：${detail['zh-CN']}`, en: `Invalid request: ${detail.en}` },
    fields ? { fields } : {},
  )
}

/** A local file that could not be read or written, said plainly (disk full, no permission). */
function storageFailure(error: unknown): AppError | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code
  const reasons: Record<string, Bilingual> = {
    ENOSPC: { 'zh-CN': '磁盘空间已满', en: 'the disk is full' },
    EDQUOT: { 'zh-CN': '超出磁盘配额', en: 'the disk quota is used up' },
    EACCES: { 'zh-CN': '没有访问权限', en: 'permission denied' },
    EPERM: { 'zh-CN': '没有访问权限', en: 'permission denied' },
    EROFS: { 'zh-CN': '磁盘为只读', en: 'the disk is read-only' },
    EIO: { 'zh-CN': '磁盘读写出错', en: 'a disk input/output error' },
    EMFILE: { 'zh-CN': '打开的文件过多', en: 'too many open files' },
  }
  const reason = code ? reasons[code] : undefined
  if (!reason) return undefined
  return new AppError('storage', {
    'zh-CN': `无法读写本机数据：${reason['zh-CN']}。已保存的内容没有改变；请处理后重试。`,
    en: `Local data could not be read or written: ${reason.en}. Nothing saved before was changed; fix this and try again.`,
  })
}

/** Any failure as an AppError: storage faults said plainly, unexpected ones without internals. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  return storageFailure(error) ?? new AppError('internal', {
    'zh-CN': '程序内部错误，请重试；若仍失败请联系支持',
    en: 'Internal error; try again, and contact support if it persists',
  })
}

/** Any failure as a payload for the renderer. */
export function toErrorPayload(error: unknown): AppErrorPayload {
  return toAppError(error).toPayload()
}

/** Replaces every occurrence of each secret (3+ characters) in a text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***')
  }
  return out
}
