// Where the workspace's data comes from: the API when it can be reached (everything fetched
// is cached on the way), the cache when it cannot or when the reviewer works offline.
import type { CallDetail, CallListQuery, CallPage, JobListQuery, JobPage } from '../../../shared/api-schemas'
import { ApiError } from './api/errors'
import type { RecordingUrls } from './audio/audio-service'
import type { CallCache } from './cache/call-cache'
import type { ConnectionManager } from './connection'
import { meansUnreachable, type Connectivity } from './connectivity'
import type { KeyValueStore } from './settings/ports'

const REMEMBERED_DETAILS = 500

export interface DataSource {
  listJobs(query: JobListQuery): Promise<JobPage>
  /** A page of calls; answered from the cache it carries `cachedAt` (ms) with its age. */
  listCalls(query: CallListQuery): Promise<CallPage>
  detail(callRecordId: number): Promise<CallDetail>
  /** This session's (or the cache's) detail, fetched only when unknown. */
  knownDetail(callRecordId: number): Promise<CallDetail>
  recordingUrls(callRecordId: number): Promise<RecordingUrls>
  /** Tries the API once, so coming back online is noticed. */
  probe(): Promise<void>
  forget(): void
}

/** The cache of the account the connection is for. */
export interface ScopedCache {
  cache: CallCache
  jobsStore: KeyValueStore
}

export interface DataSourceDeps {
  connection: ConnectionManager
  cacheOf: () => Promise<ScopedCache>
  connectivity: Connectivity
  workOffline: () => boolean
}

function offlineWithoutData(): ApiError {
  return new ApiError('connection-refused', {
    'zh-CN': '无法连接服务器，且本机没有这部分数据的缓存',
    en: 'The server cannot be reached and this data is not cached on this computer',
  })
}

export function createDataSource(deps: DataSourceDeps): DataSource {
  const { connection, connectivity } = deps
  const remembered = new Map<number, CallDetail>()

  /** Online first; on an unreachable server (or offline by choice) the cached answer, if any. */
  async function online<T>(fetchOnline: (cache: ScopedCache) => Promise<T>, fromCache: (cache: ScopedCache) => T | null | Promise<T | null>): Promise<T> {
    const scoped = await deps.cacheOf()
    if (deps.workOffline()) {
      connectivity.failed()
      const cached = await fromCache(scoped)
      if (cached === null) throw offlineWithoutData()
      return cached
    }
    try {
      const result = await fetchOnline(scoped)
      connectivity.succeeded()
      return result
    } catch (error) {
      if (!meansUnreachable(error)) throw error
      connectivity.failed()
      const cached = await fromCache(scoped)
      if (cached === null) throw error
      return cached
    }
  }

  function rememberDetail(detail: CallDetail): CallDetail {
    remembered.delete(detail.callRecordId)
    remembered.set(detail.callRecordId, detail)
    // Forget the oldest beyond the limit (a Map iterates in insertion order).
    if (remembered.size > REMEMBERED_DETAILS) remembered.delete(remembered.keys().next().value as number)
    return detail
  }

  async function detail(callRecordId: number): Promise<CallDetail> {
    const found = await online(
      async ({ cache }) => {
        const fresh = await (await connection.current()).client.getCallDetail({ callRecordId })
        cache.putDetail(fresh)
        return fresh
      },
      ({ cache }) => cache.detail(callRecordId)?.detail ?? null,
    )
    return rememberDetail(found)
  }

  async function knownDetail(callRecordId: number): Promise<CallDetail> {
    const known = remembered.get(callRecordId) ?? (await deps.cacheOf()).cache.detail(callRecordId)?.detail
    return known ? rememberDetail(known) : detail(callRecordId)
  }

  return {
    listJobs: (query) =>
      online(
        async ({ jobsStore }) => {
          const page = await (await connection.current()).client.listJobs(query)
          if (!query.name && !query.status) jobsStore.set('jobs', { page, at: Date.now() })
          return page
        },
        ({ jobsStore }) => {
          const saved = jobsStore.get('jobs') as { page: JobPage } | undefined
          if (!saved?.page?.content) return null
          const name = query.name?.trim()
          const content = saved.page.content.filter((job) => (!name || job.name.includes(name)) && (!query.status || job.status === query.status))
          return { ...saved.page, number: 1, totalElements: content.length, pages: 1, content }
        },
      ),
    listCalls: (query) =>
      online(
        async ({ cache }) => {
          const page = await (await connection.current()).client.listCalls(query)
          cache.putRecords(query.robotCallJobId, page.content, { customerGroupId: query.customerGroupId })
          return page
        },
        async ({ cache }) => {
          await cache.load(query.robotCallJobId)
          const cached = cache.query(query)
          return cached ? { ...cached.page, cachedAt: cached.fetchedAt } : null
        },
      ),
    detail,
    knownDetail,
    async recordingUrls(callRecordId) {
      const found = await knownDetail(callRecordId)
      return { full: found.fullAudioUrl, customer: found.customerAudioUrl }
    },
    async probe() {
      try {
        await (await connection.current()).client.listJobs({ pageNum: 1, pageSize: 1 })
        connectivity.succeeded()
      } catch (error) {
        if (meansUnreachable(error)) connectivity.failed()
      }
    },
    forget: () => remembered.clear(),
  }
}
