// One HTTP exchange with a deadline and a size cap, failures mapped to AppError.
import type { AppError } from '../../../../shared/errors'
import { connectionRefusedError, networkError, redirectError, timeoutError, tooLargeError } from './errors'

export interface HttpRequest {
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  timeoutMs: number
  maxBytes: number
}

export interface HttpAnswer {
  status: number
  contentType: string
  body: string
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

const NETWORK_CODES: Record<string, string> = {
  ENOTFOUND: 'DNS 查询失败 / host not found',
  EAI_AGAIN: 'DNS 暂时不可用 / DNS unavailable',
  ECONNRESET: '连接被重置 / connection reset',
  EPIPE: '连接中断 / broken pipe',
  ETIMEDOUT: '连接超时 / connect timeout',
  EHOSTUNREACH: '主机不可达 / host unreachable',
  ENETUNREACH: '网络不可达 / network unreachable',
  UND_ERR_SOCKET: '连接被关闭 / socket closed',
  UND_ERR_CONNECT_TIMEOUT: '连接超时 / connect timeout',
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** A network failure's code (of the error or its causes) and what it means, for a message. */
export function networkFailure(error: unknown): { code: string | undefined; reason: string } {
  const code = errorCode(error)
  if (code && NETWORK_CODES[code]) return { code, reason: NETWORK_CODES[code] }
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return { code, reason: `TLS ${code}` }
  return { code, reason: code ?? 'unknown' }
}

function mapNetworkFailure(error: unknown, origin: string): AppError {
  const { code, reason } = networkFailure(error)
  if (code === 'ECONNREFUSED') return connectionRefusedError(origin)
  return networkError(origin, reason)
}

async function readCapped(response: Response, maxBytes: number, abort: () => void): Promise<string> {
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    abort()
    throw tooLargeError(maxBytes)
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      abort()
      throw tooLargeError(maxBytes)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Runs one network exchange under a deadline covering the whole of it (body included), and
 * maps its failure to an AppError: timeout, a known network fault, or the AppError it threw.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  origin: string,
  run: (controller: AbortController) => Promise<T>,
  cleanUp: () => Promise<unknown> = async () => {},
): Promise<T> {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  try {
    return await run(controller)
  } catch (error) {
    await cleanUp()
    if (timedOut) throw timeoutError(timeoutMs)
    if ((error as { name?: string }).name === 'AppError') throw error
    throw mapNetworkFailure(error, origin)
  } finally {
    clearTimeout(timer)
  }
}

export function exchange(request: HttpRequest, fetchImpl: FetchLike = fetch): Promise<HttpAnswer> {
  return withDeadline(request.timeoutMs, new URL(request.url).origin, async (controller) => {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      // Never followed: the signed headers (appKey, tenantSign, signature) would go wherever it points.
      // 'manual' rather than 'error', so the reviewer is told where it pointed, once, not retried.
      redirect: 'manual',
    })
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel()
      throw redirectError(response.status, response.headers.get('location'), request.url)
    }
    const body = await readCapped(response, request.maxBytes, () => controller.abort())
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body }
  })
}
