// The composition root: the one place that builds the main-process services from what a host
// hands in. Electron's main process, the browser test host, the command line and the benchmarks
// all build them here, so a test of one is a test of what the app runs.
import { basename } from 'node:path'
import type { AudioTrack, Handlers, Notice, SignOutRequest, SignOutResult } from '../../../../shared/ipc/contract'
import { createNetwork, type Environment } from '../api'
import { createAudioService, createCacheLimiter, recordingFileName, type AudioService } from '../audio'
import { createCallCache } from '../cache'
import { createConnectionManager, createConnectivity, createStatusMonitor, type ConnectionManager, type Connectivity, type DemoServer } from '../connection'
import { createDataSource, savedIntentLabels, savedJobFigures, savedJobName, type DataSource } from '../data'
import { noEmit, validatedEmit, type Emit } from '../events'
import { createLocalList } from '../local-list'
import { createSecretScrubber, type SecretScrubber } from '../log'
import { createPushingDownloader, prepareAudioMeasured } from '../offline'
import { createReportService } from '../report'
import { createTranscriptSearch } from '../search'
import { createNoticeBoard, createReviewStore, createWorkspaceStateService, noticeOf, type NoticeBoard, type Recovery } from '../review'
import { createSettingsService, generalSettingsOf, type SettingsService } from '../settings'
import { openRecovering, profilePaths, readOnlyStores, storeFileReader, storeRecoveryMessage, type SecretCipher, type StoreFactory, type StoreReader } from '../storage'
import { createTeamService } from '../team'
import { createTimingService } from '../timing'
import { createWorkerAlignRunner, inlineAlignRunner } from '../align-runner'
import type { Worker } from 'node:worker_threads'
import { accountDataExists, removeAccountData } from './account-data'
import { createAppHandlers, type ScopedServices } from './app-handlers'
import { createDispatcher, type Dispatch } from './dispatcher'
import type { Id } from '../../../../shared/ids'
import { summariseJobFigures } from '../../../../shared/job-figures'

export interface AppHost {
  /** The profile folder: Electron's user data in the app, a folder of its own elsewhere. */
  profileDir: string
  /** Opens the store named `name`, kept in `<profileDir>/<name>.json` (electron-store, or conf). */
  openStore: StoreFactory
  cipher: SecretCipher
  /** The URL the page plays a prepared track from (app-media:// in Electron). */
  mediaUrl: (callRecordId: Id, track: AudioTrack) => string
  appVersion: string
  /** Starts the demo server used when no credentials are set. The host hands it in (the simulator
   *  in the app, a test's own simulator in tests), so these services never carry it. */
  startDemoServer: () => Promise<DemoServer>
  /** Where main's log lines go (the console, the log file); every credential already scrubbed. */
  log?: (line: string) => void
  /** Where main's events go (the app's windows, the web host's stream); nowhere by default. */
  emit?: Emit
  /** Where the proxy variables (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY) are read; process.env by default. */
  env?: Environment
  /** Certificates trusted besides Node's for https through a proxy (a test's own server). */
  trustedCertificates?: string[]
  /** Starts an alignment worker (the built align-worker.js in the app). Without it calls are
   *  aligned on the calling thread, as the browser host and the command line do. */
  startAlignWorker?: () => Worker
}

export interface MainServices {
  handlers: Handlers
  dispatch: Dispatch
  settings: SettingsService
  connection: ConnectionManager
  connectivity: Connectivity
  data: DataSource
  audio: AudioService
  /** The local services of the account currently connected (or the demo). */
  scoped(): Promise<ScopedServices>
  /** Sends an event to the page, checked against the contract (the glue's menu uses it). */
  emit: Emit
  /** Main's log, for the host's own lines too: credentials scrubbed, then the host's log. */
  log: (line: string) => void
  close(): Promise<void>
}

export function createMainServices(host: AppHost): MainServices {
  // Every credential main handles is scrubbed before a line reaches the host's console or file.
  const scrubber = createSecretScrubber()
  const hostLog = host.log ?? (() => {})
  const log = (line: string) => hostLog(scrubber.scrub(line))
  // Every event is checked against the contract here, once, before it leaves main.
  const emit = validatedEmit(host.emit ?? noEmit, (event, problem) => log(`invalid ${event} event dropped: ${problem}`))
  const paths = profilePaths(host.profileDir)
  // A damaged store file is set aside and a fresh one opened: never a crash, never a silent wipe.
  // Told like a damaged grade file: a notice now and in getNotices, not only a log line.
  const storeNotices: Notice[] = []
  const recoveredStores = new Map<string, string>()
  const openStore: StoreFactory = (name) =>
    openRecovering(() => host.openStore(name), paths.storeFile(name), (recovery) => {
      log(`store ${name} was damaged; set aside as ${recovery.setAsideAs}`)
      recoveredStores.set(name, recovery.setAsideAs)
      const notice = { id: `store:${recovery.setAsideAs}`, message: storeRecoveryMessage(recovery) }
      storeNotices.push(notice)
      emit('notice', notice)
    })
  const readStore = storeFileReader(paths.storeFile)
  const settings = rememberingCredentials(
    createSettingsService(openStore('settings'), host.cipher, { accountDataExists: () => accountDataExists(host.profileDir) }),
    scrubber,
  )
  // Damaged settings lost the account's address and credentials: the app must say so for as long
  // as it runs on the demo instead, not only in a notice that scrolls away.
  const damagedSettings = recoveredStores.get('settings')
  if (damagedSettings) settings.markDamaged(basename(damagedSettings))
  // Saved credentials are known from the start, not only once the first request loads them.
  void settings.loadCredentials().catch(() => {})
  // Every request to the platform and for a recording: through the proxy the settings or the
  // environment name, except to this computer itself (the demo).
  const network = createNetwork({
    proxyUrl: () => settings.proxyUrl(),
    env: host.env ?? process.env,
    ca: host.trustedCertificates,
    log,
  })
  const connection = rememberingCandidates(
    createConnectionManager({ settings, startDemoServer: host.startDemoServer, log, fetch: network.fetch }),
    scrubber,
  )

  const connectivity = createConnectivity()

  // One pool for every account: at most two threads align calls, whichever account asks.
  const startAlignWorker = host.startAlignWorker
  const alignRunner = startAlignWorker ? createWorkerAlignRunner({ startWorker: startAlignWorker, log }) : inlineAlignRunner()

  // Local data per account (and the demo): the same task id in another account is another task.
  // Built in dependency order: what is kept on disk first, then what needs the network too.
  const locals = new Map<string, LocalData>()
  async function local(): Promise<LocalData> {
    const scope = await connection.scope()
    let found = locals.get(scope)
    if (!found) {
      const open: StoreFactory = (name) => openStore(`${scope}-${name}`)
      const localData = openLocalData(open, (name) => readStore(`${scope}-${name}`), paths.reviewsDir(scope), {
        log,
        onRecovery: (recovery) => emit('notice', noticeOf(recovery)),
        maskPhoneNumbers: () => settings.general().maskPhoneNumbers,
      })
      // Every task's grades are opened once, in the background, so damage is found at start.
      found = { ...localData, open, notices: createNoticeBoard(localData.review, log), scope }
      locals.set(scope, found)
    }
    return found
  }

  const data = createDataSource({ connection, cacheOf: local, connectivity, workOffline: () => settings.general().workOffline })

  /** Recordings of graded calls are never evicted: a grade must stay reviewable. */
  async function protectedRecordings(): Promise<(name: string) => boolean> {
    const { review, cache } = await local()
    const names = new Set<string>()
    for (const grade of await review.allGrades()) {
      if (!grade.realIntentLevel) continue
      const detail = cache.detail(grade.callRecordId)?.detail
      for (const url of [detail?.fullAudioUrl, detail?.customerAudioUrl]) if (url) names.add(recordingFileName(url))
    }
    return (name) => names.has(name)
  }
  const capBytes = () => settings.general().audioCacheMaxMb * 1024 * 1024
  const cacheLimit = createCacheLimiter({ dir: paths.audioCacheDir, capBytes, protectedRecordings })
  const audio = createAudioService({
    cacheDir: paths.audioCacheDir,
    mediaUrl: host.mediaUrl,
    recordingUrls: (id) => data.recordingUrls(id),
    timeoutMs: () => settings.general().timeoutMs,
    afterDownload: (bytes) => void cacheLimit.added(bytes),
    fetch: network.fetch,
  })

  const scopes = new Map<LocalData, ScopedServices>()
  async function scoped(): Promise<ScopedServices> {
    const localData = await local()
    let services = scopes.get(localData)
    if (!services) {
      const { open } = localData
      const timing = createTimingService({ openStore: open, audio, detail: (id) => data.knownDetail(id), align: alignRunner })
      services = {
        ...localData,
        timing,
        search: createTranscriptSearch(localData.cache),
        downloads: createPushingDownloader(emit, {
          // A download asks the server: a page from the cache is nothing new to keep.
          listCalls: (query) => data.fetchCalls(query),
          detail: (id) => data.fetchDetail(id),
          prepareAudio: prepareAudioMeasured(audio),
          timings: (id) => timing.timings(id, { background: true }),
          progressStore: open('offline-downloads'),
        }),
        team: createTeamService({
          server: () => settings.loadTeamServer(),
          dir: paths.teamDir(localData.scope),
          reviewerName: () => settings.general().reviewerName,
          localGrades: (jobId) => localData.review.grades(jobId),
          saveLocalGrade: (input, at) => localData.review.saveGrade(input, settings.general().reviewerName, at),
          knownCallIds: async ({ robotCallJobId, filters }) => localData.cache.matchingIds({ ...filters, robotCallJobId }),
          onStatus: (teamStatus) => emit('teamStatus', teamStatus),
          timeoutMs: settings.general().timeoutMs,
        }),
      }
      scopes.set(localData, services)
    }
    return services
  }

  /** Closes one account's services (its grade lock released), so its files can go. */
  async function closeScope(scope: string): Promise<void> {
    const localData = locals.get(scope)
    if (!localData) return
    locals.delete(scope)
    const services = scopes.get(localData)
    scopes.delete(localData)
    services?.timing.close()
    await services?.downloads.close()
    services?.team.close()
    await localData.notices.close()
    await localData.review.close()
  }

  async function signOut({ removeLocalData }: SignOutRequest): Promise<SignOutResult> {
    const scope = await connection.scope()
    let removed = { tasks: 0, grades: 0, calls: 0, recordings: 0 }
    // The demo has no account to sign out of: its data stays.
    if (removeLocalData && scope !== 'demo') {
      const kept = (await (await local()).review.allGrades()).filter((grade) => grade.realIntentLevel !== null || grade.note !== '')
      await closeScope(scope)
      removed = await removeAccountData(host.profileDir, scope, { tasks: new Set(kept.map((g) => g.robotCallJobId)).size, grades: kept.length })
      log(`signed out; removed ${JSON.stringify(removed)} of ${scope}`)
    }
    return { settings: await settings.clearCredentials(), removed }
  }

  const status = createStatusMonitor({
    connection,
    connectivity,
    workOffline: () => settings.general().workOffline,
    probe: () => data.probe(),
    appVersion: host.appVersion,
    emit,
  })
  const handlers = createAppHandlers({
    // A lowered cap takes effect when the settings screen next asks.
    cacheUsage: async () => ({ ...(await cacheLimit.usage()), capBytes: capBytes() }),
    clearAudioCache: async () => ({ ...(await cacheLimit.clear()), capBytes: capBytes() }),
    settings,
    connection,
    scoped,
    audio,
    data,
    status,
    storeNotices: () => [...storeNotices],
    signOut,
    resetTeams: () => {
      for (const services of scopes.values()) services.team.reset()
    },
  })
  // Others' grades arrive and pending ones leave without the reviewer asking.
  const teamTimer = setInterval(() => {
    for (const services of scopes.values()) void services.team.sync().catch((error: unknown) => log(`team sync: ${String(error)}`))
  }, TEAM_SYNC_EVERY_MS)
  teamTimer.unref?.()
  const dispatch = createDispatcher(handlers, (error) => log(`unexpected error: ${String(error)}`))
  return {
    handlers,
    dispatch,
    settings,
    connection,
    connectivity,
    data,
    audio,
    scoped,
    emit,
    log,
    async close() {
      status.close()
      clearInterval(teamTimer)
      for (const services of scopes.values()) {
        services.timing.close()
        services.team.close()
        await services.downloads.close()
      }
      for (const localData of locals.values()) {
        await localData.notices.close()
        await localData.review.close()
      }
      await alignRunner.close()
      await connection.close()
      await network.close()
    },
  }
}

/** How often each open account's team syncs by itself. */
const TEAM_SYNC_EVERY_MS = 60_000

/** The settings, telling the scrubber every credential they load or save. */
function rememberingCredentials(settings: SettingsService, scrubber: SecretScrubber): SettingsService {
  return {
    ...settings,
    loadTeamServer: async () => {
      const server = await settings.loadTeamServer()
      scrubber.remember(server)
      return server
    },
    saveTeamServer: (input) => {
      scrubber.remember(input)
      return settings.saveTeamServer(input)
    },
    loadCredentials: async () => {
      const credentials = await settings.loadCredentials()
      scrubber.remember(credentials)
      return credentials
    },
    saveCredentials: (input) => {
      scrubber.remember(input)
      return settings.saveCredentials(input)
    },
  }
}

/** The connection, telling the scrubber the credentials a connection test tries. */
function rememberingCandidates(connection: ConnectionManager, scrubber: SecretScrubber): ConnectionManager {
  return {
    ...connection,
    test: (candidate, typedAddress) => {
      scrubber.remember(candidate)
      return connection.test(candidate, typedAddress)
    },
  }
}

/**
 * One account's grades and cached calls, read without writing a byte or taking any lock: for the
 * command line's export, which may run beside the app. Grades an older version kept in its
 * key-value stores are read too, without importing them.
 */
export function openScopeReadOnly(profileDir: string, scope: string, options: { maskPhoneNumbers?: boolean } = {}) {
  const paths = profilePaths(profileDir)
  const open = readOnlyStores((name) => paths.storeFile(`${scope}-${name}`))
  // Phone numbers as the reviewer's setting says, unless the command asks otherwise.
  const maskPhoneNumbers = options.maskPhoneNumbers ?? generalSettingsOf(readOnlyStores(paths.storeFile)('settings')).maskPhoneNumbers
  const localData = openLocalData(open, undefined, paths.reviewsDir(scope), { readOnly: true, maskPhoneNumbers: () => maskPhoneNumbers })
  return { ...localData, close: () => localData.review.close() }
}

/** What one account keeps on this computer: its cached calls, grades, place and reports. */
function openLocalData(
  open: StoreFactory,
  read: StoreReader | undefined,
  reviewsDir: string,
  options: { log?: (line: string) => void; readOnly?: boolean; onRecovery?: (recovery: Recovery) => void; maskPhoneNumbers?: () => boolean },
) {
  const review = createReviewStore({ dir: reviewsDir, legacyStore: open, log: options.log, readOnly: options.readOnly, onRecovery: options.onRecovery })
  const cache = createCallCache(open, read)
  const jobsStore = open('cache-jobs')
  const tenantStore = open('cache-tenant')
  return {
    cache,
    jobsStore,
    tenantStore,
    review,
    workspace: createWorkspaceStateService(open('workspace')),
    localList: createLocalList({
      review,
      cache,
      // The picker's review progress counts against the finished calls last fetched for the task.
      finishedCalls: (id) => {
        const figures = savedJobFigures(tenantStore, id)
        return figures ? summariseJobFigures(figures).finishedCalls : null
      },
    }),
    report: createReportService({
      review,
      cache,
      jobName: (id) => savedJobName(jobsStore, id),
      // The tenant's names of the levels, as last fetched, for the export.
      intentGroups: () => savedIntentLabels(tenantStore)?.groups ?? [],
      maskPhoneNumbers: options.maskPhoneNumbers,
    }),
  }
}
type LocalData = ReturnType<typeof openLocalData> & { open: StoreFactory; notices: NoticeBoard; scope: string }
