// Decides where API calls go: the reviewer's account when credentials are stored, otherwise
// the built-in simulated server (demo data), started on first use on a loopback port.
import { createHash } from 'node:crypto'
import { AppError } from '../../../../shared/errors'
import { createApiClient, type ApiClient, type FetchLike } from '../api'
import type { Credentials } from '../api'
import type { SettingsService } from '../settings'
import type { CredentialsInput, ConnectionTestResult } from '../../../../shared/ipc/contract'

export interface DemoServer {
  url: string
  credentials: Credentials
  close(): Promise<void>
}

export interface Connection {
  mode: 'demo' | 'account'
  client: ApiClient
  /**
   * Names the account the data belongs to, so local data (cache, grades, timings) of one
   * account or of the demo never mixes with another's: the same task id means another task.
   */
  scope: string
}

export function accountScope(baseUrl: string, credentials: Credentials): string {
  const origin = new URL(baseUrl).origin
  return 'acct-' + createHash('sha256').update(`${origin}|${credentials.tenantSign}|${credentials.appKey}`).digest('hex').slice(0, 12)
}

function noCredentialsFor(address: string): AppError {
  const fields = {
    appKey: { 'zh-CN': '测试这个地址需要填写', en: 'needed to test this address' },
    appSecret: { 'zh-CN': '测试这个地址需要填写', en: 'needed to test this address' },
    tenantSign: { 'zh-CN': '测试这个地址需要填写', en: 'needed to test this address' },
  }
  return new AppError(
    'invalid-request',
    {
      'zh-CN': `没有保存 ${address} 的凭据：请填写 appKey、appSecret 和 tenantSign 后再测试`,
      en: `No credentials are saved for ${address}: fill in appKey, appSecret and tenantSign to test it`,
    },
    { fields },
  )
}

export interface ConnectionManager {
  current(): Promise<Connection>
  /** The account scope the settings name, known without connecting (no demo server started). */
  scope(): Promise<string>
  /** Settings or credentials changed: the next call builds a new client. */
  reset(): void
  /** Tries the candidate credentials, or those saved for `typedAddress`, or the connection in use. */
  test(candidate?: CredentialsInput, typedAddress?: string): Promise<ConnectionTestResult>
  close(): Promise<void>
}

export interface ConnectionDeps {
  settings: SettingsService
  startDemoServer: () => Promise<DemoServer>
  log?: (line: string) => void
  now?: () => number
  /** How requests are sent (the network, through the proxy the settings or environment name). */
  fetch?: FetchLike
}

export function createConnectionManager(deps: ConnectionDeps): ConnectionManager {
  let cached: Promise<Connection> | undefined
  let cachedScope: Promise<string> | undefined
  let demo: Promise<DemoServer> | undefined
  const now = deps.now ?? Date.now

  function demoServer(): Promise<DemoServer> {
    demo ??= deps.startDemoServer().catch((error: unknown) => {
      demo = undefined
      throw error
    })
    return demo
  }

  async function build(): Promise<Connection> {
    const { baseUrl, timeoutMs } = deps.settings.general()
    const credentials = await deps.settings.loadCredentials()
    if (credentials) {
      return {
        mode: 'account',
        client: createApiClient({ baseUrl, credentials, timeoutMs, log: deps.log, fetch: deps.fetch }),
        scope: accountScope(baseUrl, credentials),
      }
    }
    const server = await demoServer()
    return {
      mode: 'demo',
      client: createApiClient({ baseUrl: server.url, credentials: server.credentials, timeoutMs, log: deps.log, fetch: deps.fetch }),
      scope: 'demo',
    }
  }

  return {
    current() {
      cached ??= build().catch((error: unknown) => {
        cached = undefined
        throw error
      })
      return cached
    },
    scope() {
      cachedScope ??= (async () => {
        const credentials = await deps.settings.loadCredentials()
        return credentials ? accountScope(deps.settings.general().baseUrl, credentials) : 'demo'
      })().catch((error: unknown) => {
        cachedScope = undefined
        throw error
      })
      return cachedScope
    },
    reset() {
      cached = undefined
      cachedScope = undefined
    },
    async test(candidate, typedAddress) {
      const { timeoutMs, baseUrl } = deps.settings.general()
      // What the form shows is what is tested: the typed address, with the credentials typed or
      // else those saved for that very address.
      const address = candidate?.baseUrl ?? typedAddress
      const credentials = candidate ?? (address === undefined ? null : await deps.settings.loadCredentials(address))
      if (address !== undefined && !credentials) throw noCredentialsFor(address)
      const client = credentials
        ? createApiClient({
            baseUrl: address ?? baseUrl,
            credentials,
            timeoutMs,
            // A test should answer quickly and say exactly what failed: no retries.
            retry: { attempts: 1, baseDelayMs: 0 },
            fetch: deps.fetch,
          })
        : (await this.current()).client
      const started = now()
      const page = await client.listJobs({ pageNum: 1, pageSize: 1 })
      return { baseUrl: client.baseUrl, latencyMs: now() - started, jobCount: page.totalElements }
    },
    async close() {
      const server = demo
      demo = undefined
      cached = undefined
      cachedScope = undefined
      if (server) await (await server).close()
    },
  }
}
