// The contract's handlers, composed from the services. Electron's IPC and the browser test
// bridge both serve exactly this object.
import type { CacheUsageAnswer, Handlers } from '../../../shared/ipc/contract'
import type { AudioService } from './audio/audio-service'
import type { ConnectionManager } from './connection'
import type { DataSource, ScopedCache } from './data-source'
import type { NoticeBoard } from './review/notices'
import type { ReviewStore } from './review/review-store'
import type { WorkspaceStateService } from './review/workspace-state'
import type { SettingsService } from './settings/settings-service'
import type { StatusMonitor } from './status-monitor'
import type { OfflineDownloader } from './offline'
import { createReportService } from './report/report-service'
import type { TimingService } from './timing/timing-service'

/** Services whose local data belongs to one account (or the demo). */
export interface ScopedServices extends ScopedCache {
  review: ReviewStore
  notices: NoticeBoard
  workspace: WorkspaceStateService
  timing: TimingService
  downloads: OfflineDownloader
}

export interface HandlerDeps {
  settings: SettingsService
  connection: ConnectionManager
  /** The services of the account currently connected. */
  scoped: () => Promise<ScopedServices>
  audio: AudioService
  data: DataSource
  status: StatusMonitor
  cacheUsage: () => Promise<CacheUsageAnswer>
  clearAudioCache: () => Promise<CacheUsageAnswer>
}

export function createAppHandlers(deps: HandlerDeps): Handlers {
  const { settings, connection, scoped, audio, data, status } = deps

  function afterConnectionChange<T>(result: T): T {
    connection.reset()
    data.forget()
    status.changed()
    return result
  }

  /** Another account is about to be connected: its data source must not feed this account's downloads. */
  async function stopDownloads() {
    const { downloads } = await scoped()
    for (const download of downloads.list()) if (download.state === 'running') downloads.cancel(download.robotCallJobId)
  }

  async function report() {
    const { review, cache, jobsStore } = await scoped()
    const saved = jobsStore.get('jobs') as { page?: { content?: { robotCallJobId: number; name: string }[] } } | undefined
    const names = new Map((saved?.page?.content ?? []).map((job) => [job.robotCallJobId, job.name]))
    return createReportService({ review, cache, jobName: (id) => names.get(id) })
  }

  return {
    // A query only: trying the server is probeConnection's (and main's own re-probe timer's).
    getAppStatus: () => status.current(),
    probeConnection: () => status.probe(),
    getSettings: () => settings.getPublic(),
    updateSettings: async (patch) => {
      if (patch.baseUrl !== undefined) await stopDownloads()
      return afterConnectionChange(await settings.update(patch))
    },
    saveCredentials: async (input) => {
      await stopDownloads()
      return afterConnectionChange(await settings.saveCredentials(input))
    },
    clearCredentials: async () => {
      await stopDownloads()
      return afterConnectionChange(await settings.clearCredentials())
    },
    testConnection: (input) => connection.test(input?.candidate),
    listJobs: (query) => data.listJobs(query),
    listCalls: (query) => data.listCalls(query),
    getCallDetail: (query) => data.detail(query.callRecordId),
    getWorkspaceState: async () => (await scoped()).workspace.get(),
    saveWorkspaceState: async (state) => (await scoped()).workspace.save(state),
    getReviewState: async ({ robotCallJobId }) => (await scoped()).review.state(robotCallJobId),
    saveAnnotation: async (input) => (await scoped()).review.annotate(input, settings.general().reviewerName),
    markRead: async ({ robotCallJobId, callRecordId }) => {
      await (await scoped()).review.markRead(robotCallJobId, callRecordId)
      return { ok: true as const }
    },
    prepareAudio: ({ callRecordId, track }) => audio.prepare(callRecordId, track),
    getCacheUsage: () => deps.cacheUsage(),
    clearAudioCache: () => deps.clearAudioCache(),
    startDownload: async (request) => (await scoped()).downloads.start(request),
    getDownloadStatus: async ({ robotCallJobId }) => (await scoped()).downloads.status(robotCallJobId),
    cancelDownload: async ({ robotCallJobId }) => (await scoped()).downloads.cancel(robotCallJobId),
    retryDownloadFailures: async ({ robotCallJobId }) => (await scoped()).downloads.retryFailures(robotCallJobId),
    exportAnnotations: async (request) => (await report()).exportFile(request),
    getAgreement: async (scope) => (await report()).agreement(scope),
    getNotices: async () => (await scoped()).notices.list(),
    getFilterProgress: async ({ robotCallJobId, filters }) => ({ graded: await (await report()).gradedCount({ robotCallJobId, filters }) }),
    getTurnTimings: async ({ callRecordId }) => (await scoped()).timing.timings(callRecordId),
    correctTurnStart: async ({ callRecordId, callDetailId, start }) =>
      (await scoped()).timing.correct(callRecordId, callDetailId, start),
  }
}
