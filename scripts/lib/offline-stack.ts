// The offline-first services as main-services.ts composes them (settings, connection, cache,
// data source, recordings, timings), on conf stores in one folder and against a simulator:
// shared by the tests and the benchmarks that exercise them without Electron.
import Conf from 'conf'
import { join } from 'node:path'
import { createAudioService } from '../../electron/main/services/audio/audio-service'
import { createCallCache } from '../../electron/main/services/cache/call-cache'
import { createConnectionManager } from '../../electron/main/services/connection'
import { createConnectivity } from '../../electron/main/services/connectivity'
import { createDataSource } from '../../electron/main/services/data-source'
import { createLocalCipher } from '../../electron/main/services/settings/local-cipher'
import type { StoreFactory } from '../../electron/main/services/settings/ports'
import { storeFileReader, type StoreReader } from '../../electron/main/services/settings/store-file'
import { createSettingsService } from '../../electron/main/services/settings/settings-service'
import { DEMO_CREDENTIALS } from '../../electron/main/services/simulator'
import { createTimingService } from '../../electron/main/services/timing/timing-service'

export function confStores(dir: string, projectName = 'test'): StoreFactory {
  return (name) => new Conf<Record<string, unknown>>({ cwd: dir, configName: name, projectName })
}

/** Reads the stores confStores(dir) opens, from their files. */
export const confStoreReader = (dir: string): StoreReader => storeFileReader((name) => join(dir, `${name}.json`))

/** `serverUrl` is asked on first use (null: no server, for parts that must work from the cache). */
export function createOfflineStack(dir: string, serverUrl: () => string | null, options: { workOffline?: boolean } = {}) {
  const openStore = confStores(dir)
  const settings = createSettingsService(openStore('settings'), createLocalCipher(join(dir, 'key')))
  const connection = createConnectionManager({
    settings,
    startDemoServer: async () => {
      const url = serverUrl()
      if (!url) throw new Error('no server in this part')
      return { url, credentials: DEMO_CREDENTIALS, close: async () => {} }
    },
  })
  const cache = createCallCache(openStore, confStoreReader(dir))
  const scoped = { cache, jobsStore: openStore('cache-jobs') }
  const connectivity = createConnectivity()
  const data = createDataSource({ connection, cacheOf: async () => scoped, connectivity, workOffline: () => options.workOffline ?? false })
  const audio = createAudioService({
    cacheDir: join(dir, 'audio'),
    mediaUrl: (id, track) => `app-media://recording/${id}/${track}`,
    recordingUrls: (id) => data.recordingUrls(id),
    timeoutMs: () => 10_000,
  })
  const timing = createTimingService({ openStore, audio, detail: (id) => data.knownDetail(id) })
  return { openStore, cache, data, audio, timing, connectivity }
}
