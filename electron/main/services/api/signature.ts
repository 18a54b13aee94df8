// Request signing as the platform documents it (../shared/api/README.md, "Authentication").
import { createHash } from 'node:crypto'

export interface Credentials {
  appKey: string
  appSecret: string
  tenantSign: string
}

export const API_VERSION = 'v1'

/** Lower-case hex SHA-256 of tenantSign followed by the canonical parameter string. */
export function computeSignature(credentials: Credentials, timestamp: string, version = API_VERSION): string {
  const { appKey, appSecret, tenantSign } = credentials
  const canonical = `appKey=${appKey}&appSecret=${appSecret}&tenantSign=${tenantSign}&version=${version}&timestamp=${timestamp}`
  return createHash('sha256').update(tenantSign + canonical, 'utf8').digest('hex')
}

/** The six authentication headers every request carries. */
export function signedHeaders(credentials: Credentials, nowMs: number): Record<string, string> {
  const timestamp = String(Math.trunc(nowMs))
  return {
    appKey: credentials.appKey,
    appSecret: credentials.appSecret,
    tenantSign: credentials.tenantSign,
    version: API_VERSION,
    timestamp,
    signature: computeSignature(credentials, timestamp),
  }
}
