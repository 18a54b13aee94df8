// Where the workspace's data comes from: the API when it can be reached (everything fetched
// is cached on the way), the cache when it cannot or when the reviewer works offline.
import type { CallDetail, CallListQuery, CallPage, JobListQuery, JobPage } from '../../../../shared/api-schemas'
import type { CallListAnswer, DialogFlows, IntentLabelGroup, IntentLabels, JobFigures } from '../../../../shared/ipc/contract'
import { AppError } from '../../../../shared/errors'
import type { Id } from '../../../../shared/ids'
import { labelGroupOf } from '../../../../shared/intent-labels'
import type { RecordingUrls } from '../audio'
import type { CallCache } from '../cache'
import type { ConnectionManager } from '../connection'
import { meansUnreachable, rejectsCredentials } from '../../../../shared/errors'
import { keywordIgnored } from '../../../../shared/keyword-search'
import type { Connectivity } from '../connection'
import type { KeyValueStore } from '../storage'
import { saveDialogFlows, savedDialogFlows, savedIntentLabels, savedJobFigures, saveIntentLabels, saveJobFigures } from './tenant-data'

const REMEMBERED_DETAILS = 500

export interface DataSource {
  listJobs(query: JobListQuery): Promise<JobPage>
  /** A page of calls from the server, or from the cache when it cannot be reached; says which. */
  listCalls(query: CallListQuery): Promise<CallListAnswer>
  /** A page of calls from the server only (cached on the way): what a download asks for. */
  fetchCalls(query: CallListQuery): Promise<CallPage>
  detail(callRecordId: Id): Promise<CallDetail>
  /** A call's detail from the server only (cached on the way). */
  fetchDetail(callRecordId: Id): Promise<CallDetail>
  /** This session's (or the cache's) detail, fetched only when unknown. */
  knownDetail(callRecordId: Id): Promise<CallDetail>
  recordingUrls(callRecordId: Id): Promise<RecordingUrls>
  /** A task's figures (getJobDetail and getJobStats, cached on the way); the cache's when the
   *  server cannot be reached. Either part is null when the server would not give it. */
  jobFigures(robotCallJobId: Id): Promise<JobFigures>
  /** The tenant's intent label groups: the server's (cached), else the cache's, else none. */
  intentLabels(): Promise<IntentLabels>
  /** The tenant's dialogue flows: the server's (cached), else the cache's, else none. */
  dialogFlows(): Promise<DialogFlows>
  /** Tries the API once, so coming back online is noticed. */
  probe(): Promise<void>
  forget(): void
}

/** The cache of the account the connection is for. */
export interface ScopedCache {
  cache: CallCache
  jobsStore: KeyValueStore
  /** The tenant's label groups, flows and task figures (tenant-data.ts). */
  tenantStore: KeyValueStore
}

export interface DataSourceDeps {
  connection: ConnectionManager
  cacheOf: () => Promise<ScopedCache>
  connectivity: Connectivity
  workOffline: () => boolean
}

/** The task list saved when it was last fetched whole. */
export function savedJobs(jobsStore: KeyValueStore): JobPage | undefined {
  const saved = jobsStore.get('jobs') as { page?: JobPage } | undefined
  return saved?.page?.content ? saved.page : undefined
}

export function savedJobName(jobsStore: KeyValueStore, robotCallJobId: Id): string | undefined {
  return savedJobs(jobsStore)?.content.find((job) => job.robotCallJobId === robotCallJobId)?.name
}

function offlineByChoice(): AppError {
  return new AppError('offline', {
    'zh-CN': '已选择离线工作：不连接服务器',
    en: 'Working offline by choice: the server is not contacted',
  })
}

function offlineWithoutData(): AppError {
  return new AppError('not-cached', {
    'zh-CN': '正在离线工作，本机没有这部分数据的缓存',
    en: 'Working offline, and this data is not cached on this computer',
  })
}

export function createDataSource(deps: DataSourceDeps): DataSource {
  const { connection, connectivity } = deps
  const remembered = new Map<Id, CallDetail>()
  // Bumped when the credentials change: an answer to a request made with the previous ones says
  // nothing of the new ones (a demo answer landing late must not turn "refused" into "connected").
  let generation = 0

  /** What a failed request says of the connection: unreachable, or reachable but refusing the credentials. */
  function noteFailure(error: unknown, startedIn: number): void {
    if (startedIn !== generation) return
    if (meansUnreachable(error)) connectivity.failed()
    else if (rejectsCredentials(error)) connectivity.rejected()
  }

  /** The server only; what it answers is noted for the connection state. */
  async function fromServer<T>(fetchOnline: (cache: ScopedCache) => Promise<T>): Promise<T> {
    const startedIn = generation
    const scoped = await deps.cacheOf()
    if (deps.workOffline()) {
      connectivity.failed()
      throw offlineByChoice()
    }
    try {
      const result = await fetchOnline(scoped)
      if (startedIn === generation) connectivity.succeeded()
      return result
    } catch (error) {
      noteFailure(error, startedIn)
      throw error
    }
  }

  /** Online first; on an unreachable server (or offline by choice) the cached answer, if any. */
  async function online<T>(fetchOnline: (cache: ScopedCache) => Promise<T>, fromCache: (cache: ScopedCache) => T | null | Promise<T | null>): Promise<T> {
    try {
      return await fromServer(fetchOnline)
    } catch (error) {
      const byChoice = deps.workOffline()
      if (!byChoice && !meansUnreachable(error)) throw error
      const cached = await fromCache(await deps.cacheOf())
      if (cached === null) throw byChoice ? offlineWithoutData() : error
      return cached
    }
  }

  /**
   * For what only adds names: the server's answer, cached on the way; on any failure of the server
   * the cached answer; without one, `none`. The list and the call report the server's failures.
   */
  async function serverOrCache<T>(fetchOnline: (cache: ScopedCache) => Promise<T>, fromCache: (cache: ScopedCache) => T | undefined, none: T): Promise<T> {
    try {
      return await fromServer(fetchOnline)
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      return fromCache(await deps.cacheOf()) ?? none
    }
  }

  async function fetchIntentLabels({ tenantStore }: ScopedCache): Promise<IntentLabels> {
    const { client } = await connection.current()
    const used = await client.listUsedIntentLevelTags()
    const groups = await Promise.all(
      used.map(async (tag): Promise<IntentLabelGroup | null> => {
        try {
          return labelGroupOf(await client.getIntentLevelTag({ intentLevelTagId: tag.intentLevelTagId }))
        } catch (error) {
          // One group the server will not give leaves its calls on their own names.
          if (meansUnreachable(error) || !(error instanceof AppError)) throw error
          return null
        }
      }),
    )
    const labels: IntentLabels = { groups: groups.filter((group) => group !== null), source: 'server', fetchedAt: Date.now() }
    saveIntentLabels(tenantStore, labels)
    return labels
  }

  async function fetchJobFigures({ tenantStore }: ScopedCache, robotCallJobId: Id): Promise<JobFigures> {
    const { client } = await connection.current()
    const [detail, stats] = await Promise.allSettled([client.getJobDetail({ robotCallJobId }), client.getJobStats({ robotCallJobId })])
    const failures = [detail, stats].flatMap((part) => (part.status === 'rejected' ? [part.reason as unknown] : []))
    // Unreachable is for the cache to answer; an endpoint the server lacks leaves its part empty.
    const unreachable = failures.find((failure) => meansUnreachable(failure) || !(failure instanceof AppError))
    if (unreachable !== undefined || failures.length === 2) throw unreachable ?? failures[0]
    const figures: JobFigures = {
      robotCallJobId,
      detail: detail.status === 'fulfilled' ? detail.value : null,
      stats: stats.status === 'fulfilled' ? stats.value : null,
      source: 'server',
      fetchedAt: Date.now(),
    }
    saveJobFigures(tenantStore, figures)
    return figures
  }

  const serverDetail = async ({ cache }: ScopedCache, callRecordId: Id) => {
    const fresh = await (await connection.current()).client.getCallDetail({ callRecordId })
    cache.putDetail(fresh)
    return fresh
  }
  const serverCalls = async ({ cache }: ScopedCache, query: CallListQuery) => {
    const page = await (await connection.current()).client.listCalls(query)
    cache.putRecords(query.robotCallJobId, page.content, { customerGroupId: query.customerGroupId })
    return page
  }

  /**
   * The server's page as the list shows it. A server that reads neither the keyword's documented
   * field nor searchWords answers as if there were no keyword: when calls on the page plainly do
   * not match it, they are not shown as search results, and the answer says why. (Its records are
   * cached all the same: they are real calls of the task.)
   */
  const serverListAnswer = async (scoped: ScopedCache, query: CallListQuery): Promise<CallListAnswer> => {
    const page = await serverCalls(scoped, query)
    const fetchedAt = Date.now()
    // List rows carry no customer name: a name search is judged by the names cached details gave.
    const searchIgnored = keywordIgnored(page.content, query, (row) => scoped.cache.customerName(query.robotCallJobId, row.callRecordId))
    if (!searchIgnored) return { page, source: 'server', fetchedAt }
    return { page: { ...page, totalElements: 0, pages: 0, content: [] }, source: 'server', fetchedAt, searchIgnored }
  }

  function rememberDetail(detail: CallDetail): CallDetail {
    remembered.delete(detail.callRecordId)
    remembered.set(detail.callRecordId, detail)
    // Forget the oldest beyond the limit (a Map iterates in insertion order).
    if (remembered.size > REMEMBERED_DETAILS) remembered.delete(remembered.keys().next().value as Id)
    return detail
  }

  async function detail(callRecordId: Id): Promise<CallDetail> {
    const found = await online(
      (scoped) => serverDetail(scoped, callRecordId),
      ({ cache }) => cache.detail(callRecordId)?.detail ?? null,
    )
    return rememberDetail(found)
  }

  async function knownDetail(callRecordId: Id): Promise<CallDetail> {
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
          const saved = savedJobs(jobsStore)
          if (!saved) return null
          const name = query.name?.trim()
          const content = saved.content.filter((job) => (!name || job.name.includes(name)) && (!query.status || job.status === query.status))
          return { ...saved, number: 1, totalElements: content.length, pages: 1, content }
        },
      ),
    listCalls: (query) =>
      online<CallListAnswer>(
        (scoped) => serverListAnswer(scoped, query),
        async ({ cache }) => {
          await cache.load(query.robotCallJobId)
          const cached = cache.query(query)
          return cached ? { page: cached.page, source: 'cache', fetchedAt: cached.fetchedAt } : null
        },
      ),
    fetchCalls: (query) => fromServer((scoped) => serverCalls(scoped, query)),
    detail,
    async fetchDetail(callRecordId) {
      return rememberDetail(await fromServer((scoped) => serverDetail(scoped, callRecordId)))
    },
    knownDetail,
    async recordingUrls(callRecordId) {
      const found = await knownDetail(callRecordId)
      return { full: found.fullAudioUrl, customer: found.customerAudioUrl }
    },
    jobFigures: (robotCallJobId) =>
      online(
        (scoped) => fetchJobFigures(scoped, robotCallJobId),
        ({ tenantStore }) => savedJobFigures(tenantStore, robotCallJobId) ?? null,
      ),
    intentLabels: () =>
      serverOrCache(fetchIntentLabels, ({ tenantStore }) => savedIntentLabels(tenantStore), { groups: [], source: 'none', fetchedAt: null }),
    dialogFlows: () =>
      serverOrCache(
        async ({ tenantStore }) => {
          const flows: DialogFlows = { flows: await (await connection.current()).client.listDialogFlows(), source: 'server', fetchedAt: Date.now() }
          saveDialogFlows(tenantStore, flows)
          return flows
        },
        ({ tenantStore }) => savedDialogFlows(tenantStore),
        { flows: [], source: 'none', fetchedAt: null },
      ),
    async probe() {
      const startedIn = generation
      try {
        await (await connection.current()).client.listJobs({ pageNum: 1, pageSize: 1 })
        if (startedIn === generation) connectivity.succeeded()
      } catch (error) {
        noteFailure(error, startedIn)
      }
    },
    forget: () => {
      generation += 1
      remembered.clear()
      connectivity.forgetRejection()
    },
  }
}
