// The offline-first services (settings, connection, cache, data source, recordings, timings) as
// the app's composition root builds them, on conf stores in one folder and against a simulator:
// for the tests and the benchmarks that exercise them without a window.
import { join } from 'node:path'
import { storeFileReader, type StoreReader } from '../../electron/main/services/storage'
import { confStores, createBrowserServices } from './browser-services'
import { DEMO_CREDENTIALS } from './simulator'

export { confStores }

/** Reads the stores confStores(dir) opens, from their files. */
export const confStoreReader = (dir: string): StoreReader => storeFileReader((name) => join(dir, `${name}.json`))

/** `serverUrl` is asked on first use (null: no server, for parts that must work from the cache). */
export async function createOfflineStack(dir: string, serverUrl: () => string | null, options: { workOffline?: boolean } = {}) {
  const services = createBrowserServices({
    profileDir: dir,
    startDemoServer: async () => {
      const url = serverUrl()
      if (!url) throw new Error('no server in this part')
      return { url, credentials: DEMO_CREDENTIALS, close: async () => {} }
    },
  })
  if (options.workOffline) await services.settings.update({ workOffline: true })
  const scoped = await services.scoped()
  return { ...services, ...scoped, openStore: scoped.open }
}
