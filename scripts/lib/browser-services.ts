// The main-process services as the browser setup runs them: conf instead of electron-store
// (the library electron-store is built on) and a local cipher instead of safeStorage.
import Conf from 'conf'
import { join } from 'node:path'
import type { DemoServer } from '../../electron/main/services/connection'
import { mediaPath } from '../../electron/main/services/audio/media-path'
import { createEventHub, type EventHub } from '../../electron/main/services/events'
import { createMainServices, type MainServices } from '../../electron/main/services/main-services'
import { createLocalCipher } from '../../electron/main/services/settings/local-cipher'
import { openRecovering } from '../../electron/main/services/settings/store-recovery'

export interface BrowserServicesOptions {
  profileDir: string
  startDemoServer?: () => Promise<DemoServer>
  log?: (line: string) => void
}

/** The services, and their events for the web host's event stream. */
export type BrowserServices = MainServices & { events: EventHub }

export function createBrowserServices(options: BrowserServicesOptions): BrowserServices {
  const storeFile = (name: string) => join(options.profileDir, `${name}.json`)
  const events = createEventHub()
  const services = createMainServices({
    storeFile,
    openStore: (name) =>
      openRecovering(
        () => new Conf({ cwd: options.profileDir, configName: name, projectName: 'call-review-workstation' }),
        storeFile(name),
        ({ setAsideAs }) => options.log?.(`store ${name} was damaged; set aside as ${setAsideAs}`),
      ),
    cipher: createLocalCipher(join(options.profileDir, 'local-secret.key')),
    audioCacheDir: join(options.profileDir, 'audio-cache'),
    reviewsDir: join(options.profileDir, 'reviews'),
    mediaUrl: (id, track) => `/media${mediaPath(id, track)}`,
    appVersion: process.env['npm_package_version'] ?? '0.0.0',
    startDemoServer: options.startDemoServer,
    log: options.log,
    emit: events.emit,
  })
  return { ...services, events }
}
