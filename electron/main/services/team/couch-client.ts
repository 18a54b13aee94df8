// The team server, through nano (the Apache CouchDB project's client for its HTTP API): one
// origin, one database, the user's password sent only there (nano sends it as Basic auth to the
// URL it was made with and refuses redirects). Every request has a deadline; failures come back
// as AppError in the reviewer's words.
import nano from 'nano'
import { AppError } from '../../../../shared/errors'
import { withDeadline } from '../api'

export interface TeamServer {
  /** The server's address, e.g. https://couch.example.com or http://127.0.0.1:5984. */
  url: string
  /** The team's database. */
  db: string
  user: string
  password: string
}

export interface ChangeRow {
  id: string
  seq: string | number
  deleted?: boolean
  doc?: unknown
}

export interface WriteResult {
  id: string
  rev?: string
  /** 'conflict' when the document changed on the server since the revision given. */
  error?: string
  reason?: string
}

export interface CouchClient {
  readonly origin: string
  changes(since: string | number, limit: number): Promise<{ results: ChangeRow[]; lastSeq: string | number }>
  bulkDocs(docs: readonly object[]): Promise<WriteResult[]>
  /** The document, or null when there is none (or it was deleted). */
  get(id: string): Promise<unknown>
  /** Who the server takes this user for: their name and roles (a lead has the role 'lead'). */
  session(): Promise<{ name: string | null; roles: string[] }>
}

export const DEFAULT_TEAM_TIMEOUT_MS = 15_000

/** The server's refusal in plain words; the request's own words where the server gave some. */
export function teamServerError(statusCode: number | undefined, reason: string | undefined, origin: string): AppError {
  if (statusCode === 401) {
    return new AppError('http-status', {
      'zh-CN': `团队服务器 ${origin} 拒绝了用户名或密码`,
      en: `The team server ${origin} refused the user name or password`,
    }, { status: 401 })
  }
  if (statusCode === 403) {
    return new AppError('http-status', {
      'zh-CN': `团队服务器不允许这次写入${reason ? `：${reason}` : ''}`,
      en: `The team server does not allow this change${reason ? `: ${reason}` : ''}`,
    }, { status: 403 })
  }
  if (statusCode === 404) {
    return new AppError('http-status', {
      'zh-CN': `团队服务器 ${origin} 上没有这个团队数据库，请组长先运行 npm run team:setup`,
      en: `The team database does not exist on ${origin}; the lead runs npm run team:setup first`,
    }, { status: 404 })
  }
  return new AppError('http-status', {
    'zh-CN': `团队服务器出错（HTTP ${statusCode ?? '?'}）${reason ? `：${reason}` : ''}`,
    en: `The team server answered with an error (HTTP ${statusCode ?? '?'})${reason ? `: ${reason}` : ''}`,
  }, { status: statusCode })
}

export function createCouchClient(server: TeamServer, timeoutMs = DEFAULT_TEAM_TIMEOUT_MS): CouchClient {
  const address = new URL(server.url)
  const origin = address.origin
  const basic = Buffer.from(`${server.user}:${server.password}`).toString('base64')
  const couch = nano({ url: origin, headers: { Authorization: `Basic ${basic}` } })

  async function request<T>(options: { db?: string; method?: string; path?: string; body?: unknown; qs?: Record<string, unknown> }): Promise<T> {
    return withDeadline(timeoutMs, origin, async (controller) => {
      try {
        return (await couch.request({ db: server.db, ...options, signal: controller.signal } as never)) as T
      } catch (error) {
        const failure = error as { scope?: string; statusCode?: number; reason?: string; message?: string }
        // An HTTP answer nano raises carries its status; a failed connection only says so in words.
        if (failure.scope === 'couch' && typeof failure.statusCode === 'number') throw teamServerError(failure.statusCode, failure.reason, origin)
        const code = /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+)\b/.exec(failure.message ?? '')?.[1]
        throw Object.assign(new Error(failure.message), { code })
      }
    })
  }

  return {
    origin,
    async changes(since, limit) {
      const answer = await request<{ results: ChangeRow[]; last_seq: string | number }>({ path: '_changes', qs: { since, limit, include_docs: true } })
      return { results: answer.results, lastSeq: answer.last_seq }
    },
    async bulkDocs(docs) {
      return request<WriteResult[]>({ method: 'POST', path: '_bulk_docs', body: { docs } })
    },
    async session() {
      const answer = await request<{ userCtx?: { name?: string | null; roles?: string[] } }>({ db: '_session' })
      return { name: answer.userCtx?.name ?? null, roles: answer.userCtx?.roles ?? [] }
    },
    async get(id) {
      try {
        return await request<unknown>({ path: encodeURIComponent(id) })
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return null
        throw error
      }
    },
  }
}
