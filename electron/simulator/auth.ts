// Checks a request's authentication headers as the platform documents them (shared/api/README.md).
// The 2019 docs send six headers; the vendor's current demo sends appKey, version, timestamp and
// signature only, and a client may leave out `version` (the docs' header list never named it). The
// signature covers appKey, appSecret, tenantSign and version whether or not they are sent: it is
// checked against the account's own values and v1. A credential that is sent must be the account's.
import type { IncomingHttpHeaders } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { API_VERSION, computeSignature } from '../main/services/api'
import type { SimCredentials } from './types'

/** How far the caller's clock may be from ours. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000

const REQUIRED_HEADERS = ['appKey', 'timestamp', 'signature'] as const

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The resultMsg of a 401 answer, or undefined when the request is authentic. Never echoes a secret. */
export function authenticationFailure(headers: IncomingHttpHeaders, credentials: SimCredentials, nowMs: number): string | undefined {
  for (const name of REQUIRED_HEADERS) {
    if (!header(headers, name)) return `验证失败：缺少请求头 ${name}`
  }
  const appKey = header(headers, 'appKey') as string
  const appSecret = header(headers, 'appSecret')
  const tenantSign = header(headers, 'tenantSign')
  const wrong = (sent: string | undefined, own: string) => sent !== undefined && !sameText(sent, own)
  if (!sameText(appKey, credentials.appKey) || wrong(appSecret, credentials.appSecret) || wrong(tenantSign, credentials.tenantSign)) {
    return '验证失败：appKey、appSecret 或 tenantSign 不正确'
  }
  const version = header(headers, 'version')
  if (version !== undefined && version !== API_VERSION) return `验证失败：不支持的接口版本，应为 ${API_VERSION}`
  const timestamp = header(headers, 'timestamp') as string
  if (!/^\d{1,16}$/.test(timestamp)) return '验证失败：timestamp 应为毫秒时间戳'
  const expected = computeSignature(credentials, timestamp)
  if (!sameText(header(headers, 'signature') as string, expected)) return '验证失败：签名不正确'
  if (Math.abs(nowMs - Number(timestamp)) > MAX_CLOCK_SKEW_MS) return '验证失败：请求时间戳与服务器时间相差超过5分钟，请校准系统时间'
  return undefined
}
