// Electron's main process: the thin glue between Electron and the plain services.
import { app, BrowserWindow, dialog, Menu, shell } from 'electron'
import Store from 'electron-store'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { APP_FOLDER } from '../../shared/app-folder'
import { MEDIA_SCHEME } from '../../shared/csp'
import { APP_ORIGIN, MEDIA_HOST, registerAppSchemePrivileges, serveMedia, serveRenderer } from './app-protocol'
import { mediaPath } from './services/audio'
import { CHANNELS } from '../../shared/ipc/channels'
import { registerIpc, sendToAppWindows } from './ipc'
import { menuTemplate } from './menu'
import { createSafeStorageCipher } from './secret-cipher'
import { DEMO_CREDENTIALS, startSimulator } from '../simulator'
import { createLogFile } from './services/log'
import { createMainServices } from './services/root'
import { profilePaths } from './services/storage'
import { isTrustedUrl } from './services/pages'
import { lockDownSessions, lockDownWebContents } from './window-security'

// Before anything reads userData (the single-instance lock, the stores): a packaged build is
// named after the product, which would otherwise move the reviewer's grades to a new folder.
app.setPath('userData', join(app.getPath('appData'), APP_FOLDER))

const here = import.meta.dirname
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined
const trustedOrigins = [APP_ORIGIN, ...(devServerUrl ? [new URL(devServerUrl).origin] : [])]

registerAppSchemePrivileges(MEDIA_SCHEME)

const isAppUrl = (url: string) => isTrustedUrl(url, trustedOrigins)

/** The demo: the simulated platform on a loopback port, over the voice bank shipped beside the app. */
async function startDemo() {
  const voiceDir = app.isPackaged ? join(process.resourcesPath, 'voice') : join(app.getAppPath(), 'resources', 'voice')
  const sim = await startSimulator({ port: 0, host: '127.0.0.1', voiceDir })
  return { url: sim.url, credentials: DEMO_CREDENTIALS, close: () => sim.close() }
}

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
      // A reviewer's installed app has no developer tools; development builds keep them.
      devTools: !app.isPackaged,
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

  const profileDir = app.getPath('userData')
  // Main's log goes to the console and to a rotated file the reviewer can open from the Help menu.
  const logFile = createLogFile({ dir: profilePaths(profileDir).logsDir })
  const services = createMainServices({
    profileDir,
    openStore: (name) => new Store({ name }),
    cipher: createSafeStorageCipher(),
    mediaUrl: (id, track) => `${MEDIA_SCHEME}://${MEDIA_HOST}${mediaPath(id, track)}`,
    appVersion: app.getVersion(),
    startDemoServer: startDemo,
    // Built beside this file (electron.vite.config.ts); Electron reads it from inside app.asar.
    startAlignWorker: () => new Worker(join(here, 'align-worker.js')),
    log: (line) => {
      console.log(line)
      logFile.write(line)
    },
    emit: sendToAppWindows(() => BrowserWindow.getAllWindows(), trustedOrigins),
  })
  // Which build on which system: the first thing a support request needs.
  services.log(`started ${app.getVersion()} on ${process.platform} ${process.arch}, Electron ${process.versions.electron ?? '?'}`)
  const installMenu = () => {
    const language = services.settings.general().language
    const template = menuTemplate({
      language,
      packaged: app.isPackaged,
      platform: process.platform,
      send: (command) => services.emit('menu', { command }),
      about: () =>
        void dialog.showMessageBox({
          type: 'info',
          title: language === 'zh-CN' ? '关于' : 'About',
          message: '通话复核工作台 · Call Review Workstation',
          detail: `${language === 'zh-CN' ? '版本' : 'Version'} ${app.getVersion()}`,
        }),
      // The folder, not the file: the older, rotated files are beside it.
      openLogFolder: () => void shell.openPath(logFile.dir).then((problem) => problem && services.log(`log folder not opened: ${problem}`)),
    })
    Menu.setApplicationMenu(Menu.buildFromTemplate(template))
  }
  installMenu()
  // The menu speaks the interface language: rebuilt when the reviewer changes it.
  registerIpc(async (channel, payload) => {
    const result = await services.dispatch(channel, payload)
    if (channel === CHANNELS.updateSettings && result.ok) installMenu()
    return result
  }, trustedOrigins)
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
