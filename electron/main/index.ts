// Electron's main process: the thin glue between Electron and the plain services.
import { app, BrowserWindow } from 'electron'
import Store from 'electron-store'
import { join } from 'node:path'
import { MEDIA_SCHEME } from '../../shared/csp'
import { APP_ORIGIN, MEDIA_HOST, registerAppSchemePrivileges, serveMedia, serveRenderer } from './app-protocol'
import { mediaPath } from './services/audio/media-path'
import { registerIpc, sendToAppWindows } from './ipc'
import { createSafeStorageCipher } from './secret-cipher'
import { createMainServices } from './services/main-services'
import { openRecovering } from './services/settings/store-recovery'
import { isTrustedUrl } from './services/trusted-origin'
import { lockDownSessions, lockDownWebContents } from './window-security'

const here = import.meta.dirname
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined
const trustedOrigins = [APP_ORIGIN, ...(devServerUrl ? [new URL(devServerUrl).origin] : [])]

registerAppSchemePrivileges(MEDIA_SCHEME)

const isAppUrl = (url: string) => isTrustedUrl(url, trustedOrigins)

async function createWindow(): Promise<void> {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: '通话复核工作台',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  })
  window.once('ready-to-show', () => window.show())
  await window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
}

app.enableSandbox()

// One instance only: two would write the same grade journals at once.
const primaryInstance = app.requestSingleInstanceLock()
if (!primaryInstance) app.quit()
app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows()
  if (window) {
    if (window.isMinimized()) window.restore()
    window.focus()
  }
})

void app.whenReady().then(async () => {
  if (!primaryInstance) return
  lockDownSessions()
  lockDownWebContents(isAppUrl)
  serveRenderer(join(here, '../renderer'))

  // Where electron-store keeps a store named `name` (its default folder and extension).
  const storeFile = (name: string) => join(app.getPath('userData'), `${name}.json`)
  const services = createMainServices({
    storeFile,
    openStore: (name) =>
      openRecovering(
        () => new Store({ name }),
        storeFile(name),
        ({ setAsideAs }) => console.error(`store ${name} was damaged; set aside as ${setAsideAs}`),
      ),
    cipher: createSafeStorageCipher(),
    audioCacheDir: join(app.getPath('userData'), 'audio-cache'),
    reviewsDir: join(app.getPath('userData'), 'reviews'),
    mediaUrl: (id, track) => `${MEDIA_SCHEME}://${MEDIA_HOST}${mediaPath(id, track)}`,
    appVersion: app.getVersion(),
    log: (line) => console.log(line),
    emit: sendToAppWindows(() => BrowserWindow.getAllWindows(), trustedOrigins),
  })
  registerIpc(services.dispatch, trustedOrigins)
  serveMedia(services.audio)
  app.on('will-quit', () => void services.close())

  await createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
