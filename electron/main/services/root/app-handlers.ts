// The contract's handlers, composed from the services. Electron's IPC and the browser test
// bridge both serve exactly this object.
import type { CacheUsageAnswer, Handlers, Notice, SignOutRequest, SignOutResult } from '../../../../shared/ipc/contract'
import type { AudioService } from '../audio'
import type { ConnectionManager, StatusMonitor } from '../connection'
import type { DataSource, ScopedCache } from '../data'
import type { LocalList } from '../local-list'
import type { NoticeBoard, ReviewStore, WorkspaceStateService } from '../review'
import type { SettingsService } from '../settings'
import type { StoreFactory } from '../storage'
import type { OfflineDownloader } from '../offline'
import type { ReportService } from '../report'
import type { TranscriptSearch } from '../search'
import type { TeamService } from '../team'
import type { TimingService } from '../timing'

/** Services whose local data belongs to one account (or the demo). */
export interface ScopedServices extends ScopedCache {
  /** Opens one of this account's own stores. */
  open: StoreFactory
  review: ReviewStore
  notices: NoticeBoard
  workspace: WorkspaceStateService
  localList: LocalList
  timing: TimingService
  downloads: OfflineDownloader
  report: ReportService
  search: TranscriptSearch
  team: TeamService
}

export interface HandlerDeps {
  settings: SettingsService
  connection: ConnectionManager
  /** The services of the account currently connected. */
  scoped: () => Promise<ScopedServices>
  audio: AudioService
  data: DataSource
  status: StatusMonitor
  /** The team server or user changed: every account's team service starts again. */
  resetTeams: () => void
  /** Damaged key-value store files set aside so far, as notices. */
  storeNotices: () => Notice[]
  cacheUsage: () => Promise<CacheUsageAnswer>
  clearAudioCache: () => Promise<CacheUsageAnswer>
  /** Forgets the credentials and, when asked, removes the account's data from this computer. */
  signOut: (request: SignOutRequest) => Promise<SignOutResult>
}

export function createAppHandlers(deps: HandlerDeps): Handlers {
  const { settings, connection, scoped, audio, data, status } = deps

  function afterConnectionChange<T>(result: T): T {
    connection.reset()
    data.forget()
    status.changed()
    return result
  }

  /** Another team server or user: each account's team starts again from its folder, and syncs. */
  async function afterTeamChange<T>(result: T): Promise<T> {
    deps.resetTeams()
    // At once: the reviewer has just asked for it, and waits to see it work.
    void (await scoped()).team.sync().catch(() => {})
    return result
  }

  /** Another account is about to be connected: its data source must not feed this account's downloads. */
  async function stopDownloads() {
    const { downloads } = await scoped()
    for (const download of downloads.list()) if (download.state === 'running') downloads.cancel(download.robotCallJobId)
  }

  return {
    // A query only: trying the server is probeConnection's (and main's own re-probe timer's).
    getAppStatus: () => status.current(),
    probeConnection: () => status.probe(),
    getSettings: () => settings.getPublic(),
    updateSettings: async (patch) => {
      const before = settings.connectionKey()
      if (patch.baseUrl !== undefined && patch.baseUrl !== settings.general().baseUrl) await stopDownloads()
      const result = await settings.update(patch)
      // Only a change of where and how requests go starts the connection again: the language or
      // the track remembered must not make "credentials refused" forget what the server said.
      if (settings.connectionKey() !== before) return afterConnectionChange(result)
      status.changed()
      return result
    },
    saveCredentials: async (input) => {
      await stopDownloads()
      return afterConnectionChange(await settings.saveCredentials(input))
    },
    signOut: async (request) => {
      await stopDownloads()
      return afterConnectionChange(await deps.signOut(request))
    },
    testConnection: (input) => connection.test(input?.candidate, input?.baseUrl),
    listJobs: (query) => data.listJobs(query),
    getJobFigures: ({ robotCallJobId }) => data.jobFigures(robotCallJobId),
    getIntentLabels: () => data.intentLabels(),
    listDialogFlows: () => data.dialogFlows(),
    listCalls: (query) => data.listCalls(query),
    getCallDetail: (query) => data.detail(query.callRecordId),
    getWorkspaceState: async () => (await scoped()).workspace.get(),
    saveWorkspaceState: async (state) => (await scoped()).workspace.save(state),
    getReviewState: async ({ robotCallJobId }) => (await scoped()).review.state(robotCallJobId),
    saveGrade: async (input) => {
      const services = await scoped()
      const grade = await services.review.saveGrade(input, settings.general().reviewerName)
      // Acknowledged once on disk; the team hears of it when the server can be reached.
      services.team.syncSoon()
      return grade
    },
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
    exportGrades: async (request) => {
      const { report, team } = await scoped()
      return report.exportFile(request, await team.exportFacts())
    },
    exportTeamResult: async (request) => {
      const { report, team } = await scoped()
      return report.exportTeamFile(request, await team.result(request.robotCallJobId))
    },
    getAgreement: async (scope) => (await scoped()).report.agreement(scope),
    getNotices: async () => [...deps.storeNotices(), ...(await (await scoped()).notices.list())],
    getFilterProgress: async ({ robotCallJobId, filters }) => ({ graded: await (await scoped()).report.gradedCount({ robotCallJobId, filters }) }),
    searchTranscripts: async (request) => (await scoped()).search.search(request),
    saveTeamServer: async (input) => afterTeamChange(await settings.saveTeamServer(input)),
    clearTeamServer: async () => afterTeamChange(await settings.clearTeamServer()),
    getTeamStatus: async () => (await scoped()).team.status(),
    syncTeam: async () => (await scoped()).team.sync(),
    getTeamTask: async ({ robotCallJobId }) => (await scoped()).team.task(robotCallJobId),
    planTeamTask: async (request) => (await scoped()).team.plan(request),
    settleTeamCall: async (request) => (await scoped()).team.settle(request),
    listTeamConflicts: async () => (await scoped()).team.conflicts(),
    resolveTeamConflict: async ({ docId, keep }) => (await scoped()).team.resolve(docId, keep),
    queryFetchedCalls: async (query) => {
      const { localList, team } = await scoped()
      return localList.query(query, query.local.mine ? await team.mineOf(query.robotCallJobId) : null)
    },
    getFetchedCalls: async ({ robotCallJobId, callRecordIds }) => (await scoped()).localList.calls(robotCallJobId, callRecordIds),
    getReviewProgress: async () => (await scoped()).localList.progress(),
    getTurnTimings: async ({ callRecordId }) => (await scoped()).timing.timings(callRecordId),
    correctTurnStart: async ({ callRecordId, callDetailId, start }) =>
      (await scoped()).timing.correct(callRecordId, callDetailId, start),
  }
}
