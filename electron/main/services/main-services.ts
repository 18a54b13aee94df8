// Composition root of the main-process services, shared by Electron's main process, the
// browser test bridge and the tests: same handlers, same validation, same API client.
import { join } from 'node:path'
import type { Handlers } from '../../../shared/ipc/contract'
import type { AudioTrack } from '../../../shared/ipc/contract'
import { createAppHandlers } from './app-handlers'
import { createAudioService, recordingFileName, type AudioService } from './audio/audio-service'
import { createCacheLimiter } from './audio/cache-limit'
import { createCallCache } from './cache/call-cache'
import { storeFileReader } from './settings/store-file'
import { createConnectionManager, type DemoServer } from './connection'
import { createConnectivity } from './connectivity'
import { createDataSource } from './data-source'
import { createDispatcher, type Dispatch } from './dispatcher'
import { noEmit, validatedEmit, type Emit } from './events'
import { createPushingDownloader, prepareAudioMeasured } from './offline'
import { createNoticeBoard, noticeOf } from './review/notices'
import { createReviewStore } from './review/review-store'
import { createWorkspaceStateService } from './review/workspace-state'
import { createSettingsService } from './settings/settings-service'
import { createStatusMonitor } from './status-monitor'
import { createTimingService } from './timing/timing-service'
import type { SecretCipher, StoreFactory } from './settings/ports'
import type { ScopedServices } from './app-handlers'
import { DEMO_CREDENTIALS, startSimulator } from './simulator'

export interface MainServicesOptions {
  /** Opens a named store; 'settings' holds settings and credentials. */
  openStore: StoreFactory
  /** Where a named store keeps its file: large caches are read from it without opening each store. */
  storeFile?: (name: string) => string
  cipher: SecretCipher
  /** Folder for cached recordings. */
  audioCacheDir: string
  /** Folder for the reviewer's grades (durable journals, one folder per account and task). */
  reviewsDir: string
  /** The URL the page plays a prepared track from (app-media:// in Electron). */
  mediaUrl: (callRecordId: number, track: AudioTrack) => string
  appVersion: string
  /** Overrides the built-in demo server (tests point it at their own simulator). */
  startDemoServer?: () => Promise<DemoServer>
  log?: (line: string) => void
  /** Where main's events go (the app's windows, the test bridge's stream); none by default. */
  emit?: Emit
}

export interface MainServices {
  handlers: Handlers
  dispatch: Dispatch
  audio: AudioService
  close(): Promise<void>
}

async function startBuiltInDemo(): Promise<DemoServer> {
  const sim = await startSimulator({ port: 0, host: '127.0.0.1' })
  return { url: sim.url, credentials: DEMO_CREDENTIALS, close: () => sim.close() }
}

export function createMainServices(options: MainServicesOptions): MainServices {
  const log = options.log ?? (() => {})
  const emit = validatedEmit(options.emit ?? noEmit, (event, problem) => log(`invalid ${event} event dropped: ${problem}`))
  const { storeFile } = options
  const settingsStore = options.openStore('settings')
  const settings = createSettingsService(settingsStore, options.cipher)
  const connection = createConnectionManager({
    settings,
    startDemoServer: options.startDemoServer ?? startBuiltInDemo,
    log,
  })
  // Local data per account (and the demo): the same task id in another account is another task.
  const scopes = new Map<string, ScopedServices>()
  async function scoped(): Promise<ScopedServices> {
    const { scope } = await connection.current()
    let services = scopes.get(scope)
    if (!services) {
      const open: StoreFactory = (name) => options.openStore(`${scope}-${name}`)
      const timing = createTimingService({ openStore: open, audio, detail: (id) => data.knownDetail(id) })
      const review = createReviewStore({ dir: join(options.reviewsDir, scope), legacyStore: open, log, onRecovery: (r) => emit('notice', noticeOf(r)) })
      services = {
        cache: createCallCache(open, storeFile && storeFileReader((name) => storeFile(`${scope}-${name}`))),
        jobsStore: open('cache-jobs'),
        review,
        notices: createNoticeBoard(review, log),
        workspace: createWorkspaceStateService(open('workspace')),
        timing,
        downloads: createPushingDownloader(emit, {
          listCalls: (query) => data.listCalls(query),
          detail: (id) => data.detail(id),
          prepareAudio: prepareAudioMeasured(audio),
          timings: (id) => timing.timings(id),
          progressStore: open('offline-downloads'),
        }),
      }
      scopes.set(scope, services)
    }
    return services
  }

  const connectivity = createConnectivity()
  const data = createDataSource({ connection, cacheOf: scoped, connectivity, workOffline: () => settings.general().workOffline })
  const status = createStatusMonitor({
    connection,
    connectivity,
    workOffline: () => settings.general().workOffline,
    probe: () => data.probe(),
    appVersion: options.appVersion,
    emit,
  })
  const audio = createAudioService({
    cacheDir: options.audioCacheDir,
    mediaUrl: options.mediaUrl,
    recordingUrls: (id) => data.recordingUrls(id),
    timeoutMs: () => settings.general().timeoutMs,
    afterDownload: (bytes) => void cacheLimit.added(bytes),
  })

  /** Recordings of graded calls are never evicted: a grade must stay reviewable. */
  async function protectedRecordings(): Promise<(name: string) => boolean> {
    const { review, cache } = await scoped()
    const names = new Set<string>()
    for (const annotation of await review.allAnnotations()) {
      if (!annotation.realIntentLevel) continue
      const detail = cache.detail(annotation.callRecordId)?.detail
      for (const url of [detail?.fullAudioUrl, detail?.customerAudioUrl]) if (url) names.add(recordingFileName(url))
    }
    return (name) => names.has(name)
  }

  const capBytes = () => settings.general().audioCacheMaxMb * 1024 * 1024
  const cacheLimit = createCacheLimiter({ dir: options.audioCacheDir, capBytes, protectedRecordings })
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
  })
  const dispatch = createDispatcher(handlers, (error) => log(`unexpected error: ${String(error)}`))
  return {
    handlers,
    dispatch,
    audio,
    async close() {
      status.close()
      for (const services of scopes.values()) {
        await services.notices.close()
        await services.downloads.close()
        await services.review.close()
      }
      await connection.close()
    },
  }
}
