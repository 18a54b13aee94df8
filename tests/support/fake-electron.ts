// A recording stand-in of the electron module, for the tests that run main's glue (its source, or
// the built bundle) where no Electron binary exists: what matters is what the glue hands Electron.
// Used from a test as
//   const recorded = await vi.hoisted(async () => (await import('../support/fake-electron')).newRecording())
//   vi.mock('electron', async () => (await import('../support/fake-electron')).fakeElectron(recorded))
import { join } from 'node:path'

export interface MenuItem {
  label?: string
  role?: string
  accelerator?: string
  click?: () => void
  submenu?: MenuItem[]
}

export interface Recording {
  windows: { options: Record<string, unknown>; loaded: string[]; sent: [string, unknown][] }[]
  privileged: unknown[]
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>
  ipcHandlers: Map<string, (event: unknown, payload: unknown) => Promise<unknown>>
  appListeners: Map<string, (...args: unknown[]) => void>
  permissionRequest: undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void)
  permissionCheck: undefined | (() => boolean)
  sandboxEnabled: boolean
  /** The template of the application menu last installed. */
  menu: MenuItem[]
  aboutShown: number
  /** Paths the glue asked the system to open. */
  opened: string[]
  /** Electron's appData folder; userData is named after the app in it unless pinned. */
  appData: string
  paths: Map<string, string>
  /** What the glue did to userData, in which order. */
  pathCalls: string[]
}

export function newRecording(appData = ''): Recording {
  return {
    windows: [],
    privileged: [],
    protocolHandlers: new Map(),
    ipcHandlers: new Map(),
    appListeners: new Map(),
    permissionRequest: undefined,
    permissionCheck: undefined,
    sandboxEnabled: false,
    menu: [],
    aboutShown: 0,
    opened: [],
    appData,
    paths: new Map(),
    pathCalls: [],
  }
}

/** The electron module, recording into `recorded`. Both import styles work: the bundle imports
 *  it as a default (electron-store) and by name (the glue). */
export function fakeElectron(recorded: Recording) {
  class BrowserWindow {
    static all: BrowserWindow[] = []
    static getAllWindows = () => BrowserWindow.all
    loaded: string[] = []
    sent: [string, unknown][] = []
    webContents = {
      isDestroyed: () => false,
      getURL: () => this.loaded.at(-1) ?? '',
      send: (channel: string, payload: unknown) => void this.sent.push([channel, payload]),
    }
    constructor(options: Record<string, unknown>) {
      recorded.windows.push({ options, loaded: this.loaded, sent: this.sent })
      BrowserWindow.all.push(this)
    }
    isDestroyed() {
      return false
    }
    once() {}
    show() {}
    async loadURL(url: string) {
      this.loaded.push(url)
    }
  }
  const app = {
    isPackaged: true,
    enableSandbox: () => {
      recorded.sandboxEnabled = true
    },
    whenReady: () => Promise.resolve(),
    getVersion: () => '9.9.9',
    getName: () => '通话复核工作台',
    getPath: (name: string) => {
      recorded.pathCalls.push(`get ${name}`)
      // Unpinned, Electron would name the folder after the app (the product name when packaged).
      return recorded.paths.get(name) ?? (name === 'appData' ? recorded.appData : join(recorded.appData, '通话复核工作台'))
    },
    setPath: (name: string, path: string) => {
      recorded.pathCalls.push(`set ${name}`)
      recorded.paths.set(name, path)
    },
    requestSingleInstanceLock: () => {
      // The lock lives in userData: taken in the wrong folder, two builds could run at once.
      recorded.pathCalls.push('lock')
      return true
    },
    on: (name: string, listener: (...args: unknown[]) => void) => recorded.appListeners.set(name, listener),
    quit: () => {},
  }
  const electron = {
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privileged.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => recorded.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Recording['permissionRequest']) => (recorded.permissionRequest = h),
        setPermissionCheckHandler: (h: Recording['permissionCheck']) => (recorded.permissionCheck = h),
        setDevicePermissionHandler: () => {},
      },
    },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, payload: unknown) => Promise<unknown>) => recorded.ipcHandlers.set(channel, handler),
      // electron-store answers its renderer-side helper on this channel.
      on: () => {},
    },
    Menu: {
      buildFromTemplate: (template: MenuItem[]) => template,
      setApplicationMenu: (menu: MenuItem[]) => void (recorded.menu = menu),
    },
    dialog: { showMessageBox: async () => void recorded.aboutShown++ },
    shell: {
      openPath: async (path: string) => {
        recorded.opened.push(path)
        return ''
      },
    },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptStringAsync: async (s: string) => Buffer.from(s),
      decryptStringAsync: async (b: Buffer) => ({ result: b.toString(), shouldReEncrypt: false }),
    },
  }
  return { ...electron, default: electron }
}
