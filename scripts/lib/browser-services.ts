// The main-process services as the browser host, the command line and the tests run them, built
// by the app's own composition root: conf instead of electron-store (the library electron-store
// is built on), a local cipher instead of safeStorage, and main's events collected for the web
// host's event stream instead of sent to windows.
import Conf from 'conf'
import { join } from 'node:path'
import { mediaPath } from '../../electron/main/services/audio'
import type { DemoServer } from '../../electron/main/services/connection'
import { createEventHub, type EventHub } from '../../electron/main/services/events/events'
import { createMainServices, type AppHost, type MainServices } from '../../electron/main/services/root'
import { createLocalCipher, type StoreFactory } from '../../electron/main/services/storage'
import { DEMO_CREDENTIALS, startSimulator } from './simulator'

export interface BrowserServicesOptions {
  profileDir: string
  /** Default: a simulator of this process's own on a free loopback port. */
  startDemoServer?: () => Promise<DemoServer>
  log?: (line: string) => void
  /** Align on worker threads started so (sourceWorker() from align-worker-source.ts); inline by default. */
  startAlignWorker?: AppHost['startAlignWorker']
}

/** The services, and their events for the web host's event stream. */
export type BrowserServices = MainServices & { events: EventHub }

/** Stores in `dir` laid out as electron-store lays them out in the app's user-data folder. */
export function confStores(dir: string, projectName = 'call-review-workstation'): StoreFactory {
  return (name) => new Conf<Record<string, unknown>>({ cwd: dir, configName: name, projectName })
}

export async function startOwnSimulator(): Promise<DemoServer> {
  const sim = await startSimulator({ port: 0, host: '127.0.0.1' })
  return { url: sim.url, credentials: DEMO_CREDENTIALS, close: () => sim.close() }
}

export function createBrowserServices(options: BrowserServicesOptions): BrowserServices {
  const events = createEventHub()
  const services = createMainServices({
    profileDir: options.profileDir,
    openStore: confStores(options.profileDir),
    cipher: createLocalCipher(join(options.profileDir, 'local-secret.key')),
    mediaUrl: (id, track) => `/media${mediaPath(id, track)}`,
    appVersion: process.env['npm_package_version'] ?? '0.0.0',
    startDemoServer: options.startDemoServer ?? startOwnSimulator,
    log: options.log,
    emit: events.emit,
    startAlignWorker: options.startAlignWorker,
  })
  return { ...services, events }
}
