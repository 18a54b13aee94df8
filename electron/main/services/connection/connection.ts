// Decides where API calls go: the reviewer's account when credentials are stored, otherwise
// the built-in simulated server (demo data), started on first use on a loopback port.
import { createHash } from 'node:crypto'
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

export interface ConnectionManager {
  current(): Promise<Connection>
  /** The account scope the settings name, known without connecting (no demo server started). */
  scope(): Promise<string>
  /** Settings or credentials changed: the next call builds a new client. */
  reset(): void
  test(candidate?: CredentialsInput): Promise<ConnectionTestResult>
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
    async test(candidate) {
      const { timeoutMs, baseUrl } = deps.settings.general()
      const client = candidate
        ? createApiClient({
            baseUrl: candidate.baseUrl ?? baseUrl,
            credentials: candidate,
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
