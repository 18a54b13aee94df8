// The Electron glue cannot run here (no Electron binary), so it runs against a recording
// stand-in of the electron module: what matters is the configuration it hands to Electron.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { BrowserWindow as ElectronWindow } from 'electron'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { APP_FOLDER } from '../../shared/app-folder'

const recorded = await vi.hoisted(async () => (await import('../support/fake-electron')).newRecording('/tmp/call-review-glue-test'))
vi.mock('electron', async () => (await import('../support/fake-electron')).fakeElectron(recorded))

vi.mock('electron-store', () => ({
  default: class {
    data = new Map<string, unknown>()
    get(key: string) {
      return this.data.get(key)
    }
    set(key: string, value: unknown) {
      this.data.set(key, value)
    }
    delete(key: string) {
      this.data.delete(key)
    }
  },
}))

beforeAll(async () => {
  // A packaged app's resources folder, where packaging puts the demo's voice bank (resources/voice).
  Object.defineProperty(process, 'resourcesPath', { value: resolve(import.meta.dirname, '../../resources'), configurable: true })
  // The log of an earlier run of this file would do for the log test.
  rmSync(logsDir(), { recursive: true, force: true })
  await import('../../electron/main/index')
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1))
})
/** Where the glue keeps main's log: the logs folder in the pinned user-data folder. */
const logsDir = () => join(recorded.appData, APP_FOLDER, 'logs')

// Stops the built-in demo server a test may have started.
afterAll(() => recorded.appListeners.get('will-quit')?.())

describe('Electron main glue', () => {
  it('installs its own menu: no developer tools or reload when packaged, undo sent to the page, not Electron’s', async () => {
    const window = recorded.windows[0]!
    expect(window.options['webPreferences']).toMatchObject({ devTools: false })
    const items = recorded.menu.flatMap((menu) => [menu, ...(menu.submenu ?? [])])
    const roles = items.map((item) => item.role)
    expect(roles).not.toContain('toggleDevTools')
    expect(roles).not.toContain('reload')
    expect(roles).not.toContain('forceReload')
    expect(roles).not.toContain('undo')
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom']))
    expect(recorded.menu.map((menu) => menu.label)).toContain('编辑')
    const undo = items.find((item) => item.accelerator === 'CmdOrCtrl+Z')!
    expect(undo.label).toBe('撤销')
    const before = window.sent.length
    undo.click!()
    expect(window.sent.slice(before)).toEqual([['event:menu', { command: 'undo' }]])
    items.find((item) => item.label === '关于通话复核工作台')!.click!()
    expect(recorded.aboutShown).toBe(1)
    // The menu follows the interface language.
    const trusted = { senderFrame: { url: 'app://bundle/index.html', parent: null } }
    await recorded.ipcHandlers.get('settings:update')!(trusted, { language: 'en' })
    expect(recorded.menu.map((menu) => menu.label)).toContain('Edit')
    await recorded.ipcHandlers.get('settings:update')!(trusted, { language: 'zh-CN' })
  })

  it('writes main’s log to <userData>/logs/app.log and opens that folder from the Help menu, in both languages', async () => {
    const log = join(logsDir(), 'app.log')
    expect(existsSync(log)).toBe(true)
    expect(readFileSync(log, 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z started 9\.9\.9 on /m)
    const items = () => recorded.menu.flatMap((menu) => [menu, ...(menu.submenu ?? [])])
    items().find((item) => item.label === '打开日志文件夹')!.click!()
    expect(recorded.opened).toEqual([logsDir()])
    const trusted = { senderFrame: { url: 'app://bundle/index.html', parent: null } }
    await recorded.ipcHandlers.get('settings:update')!(trusted, { language: 'en' })
    items().find((item) => item.label === 'Open Log Folder')!.click!()
    expect(recorded.opened).toEqual([logsDir(), logsDir()])
    await recorded.ipcHandlers.get('settings:update')!(trusted, { language: 'zh-CN' })
  })

  it('pins userData to the folder the command line reads, before anything uses it', async () => {
    const { defaultProfileDir } = await import('../../scripts/lib/local-data')
    const userData = join(recorded.appData, APP_FOLDER)
    expect(recorded.paths.get('userData')).toBe(userData)
    expect(recorded.pathCalls.indexOf('set userData')).toBeGreaterThanOrEqual(0)
    expect(recorded.pathCalls.slice(0, recorded.pathCalls.indexOf('set userData'))).toEqual(['get appData'])
    expect(recorded.pathCalls).toContain('lock')
    // The CLI's export, with Electron's appData where the mock put it (Linux: XDG_CONFIG_HOME,
    // Windows: APPDATA; macOS has no variable for it, so the folder name is what must agree).
    const cli = defaultProfileDir({ XDG_CONFIG_HOME: recorded.appData, APPDATA: recorded.appData })
    if (process.platform === 'darwin') expect(basename(cli)).toBe(basename(userData))
    else expect(cli).toBe(userData)
  })

  it('opens the window with isolation, sandbox and no Node, on the app:// scheme', () => {
    const window = recorded.windows[0]!
    expect(window.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(String((window.options['webPreferences'] as { preload: string }).preload)).toMatch(/preload[/\\]index\.cjs$/)
    expect(window.loaded).toEqual(['app://bundle/index.html'])
    expect(recorded.sandboxEnabled).toBe(true)
  })

  it('registers the app and media schemes as privileged, and serves pages with the CSP header', async () => {
    expect(recorded.privileged.map((s) => (s as { scheme: string }).scheme)).toEqual(['app', 'app-media'])
    expect([...recorded.protocolHandlers.keys()].sort()).toEqual(['app', 'app-media'])
    const media = await recorded.protocolHandlers.get('app-media')!(new Request('app-media://audio/12/full'))
    expect(media.status).toBe(404) // never prepared: nothing to serve
    const handler = recorded.protocolHandlers.get('app')!
    const missing = await handler(new Request('app://bundle/../../etc/passwd'))
    expect(missing.status).toBe(404)
    const other = await handler(new Request('app://elsewhere/index.html'))
    expect(other.status).toBe(404)
  })

  it('denies every permission', () => {
    let granted: boolean | undefined
    recorded.permissionRequest!(null, 'media', (ok) => (granted = ok))
    expect(granted).toBe(false)
    expect(recorded.permissionCheck!()).toBe(false)
  })

  it('denies new windows, foreign navigation and webviews on every web contents', () => {
    const listeners = new Map<string, (event: { preventDefault: () => void }, url?: string) => void>()
    let openHandler: (() => { action: string }) | undefined
    const contents = {
      setWindowOpenHandler: (h: () => { action: string }) => (openHandler = h),
      on: (name: string, l: (event: { preventDefault: () => void }, url?: string) => void) => listeners.set(name, l),
    }
    recorded.appListeners.get('web-contents-created')!({}, contents)
    expect(openHandler!()).toEqual({ action: 'deny' })
    const prevented = (name: string, url?: string) => {
      let stopped = false
      listeners.get(name)!({ preventDefault: () => (stopped = true) }, url)
      return stopped
    }
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true)
    expect(prevented('will-navigate', 'app://bundle/index.html')).toBe(false)
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true)
    expect(prevented('will-attach-webview')).toBe(true)
  })

  it('has an IPC handler for each contract channel and nothing else, refusing foreign frames', async () => {
    const { CHANNELS } = await import('../../shared/ipc/channels')
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort())
    const handler = recorded.ipcHandlers.get('settings:get')!
    const fromFrame = (url: string, parent: unknown = null) => handler({ senderFrame: { url, parent } }, undefined)
    expect(await fromFrame('https://evil.example/')).toMatchObject({ ok: false, error: { kind: 'invalid-request' } })
    expect(await fromFrame('app://bundle/index.html', {})).toMatchObject({ ok: false })
    expect(await fromFrame('app://bundle/index.html')).toMatchObject({ ok: true, value: { language: 'zh-CN' } })
    // Linux without a keyring: the settings say so.
    expect(await fromFrame('app://bundle/index.html')).toMatchObject({ value: { secretProtection: 'basic_text' } })
  })

  it('sends main’s events to the app’s own windows, on the declared channel, checked against the contract', async () => {
    const trusted = { senderFrame: { url: 'app://bundle/index.html', parent: null } }
    await recorded.ipcHandlers.get('settings:update')!(trusted, { workOffline: true })
    await vi.waitFor(() =>
      expect(recorded.windows[0]!.sent).toContainEqual(['event:status', expect.objectContaining({ online: false, workOffline: true })]),
    )
    expect(recorded.windows[0]!.sent.every(([channel]) => channel.startsWith('event:'))).toBe(true)

    const { sendToAppWindows } = await import('../../electron/main/ipc')
    const window = (url: string, destroyed = false) => {
      const sent: [string, unknown][] = []
      const fake = {
        sent,
        isDestroyed: () => destroyed,
        webContents: { isDestroyed: () => false, getURL: () => url, send: (channel: string, payload: unknown) => void sent.push([channel, payload]) },
      }
      return fake
    }
    const app = window('app://bundle/index.html#/settings')
    const navigatedAway = window('https://evil.example/')
    const closed = window('app://bundle/index.html', true)
    const emit = sendToAppWindows(() => [app, navigatedAway, closed] as unknown as ElectronWindow[], ['app://bundle'])
    const notice = { id: 'n1', message: { 'zh-CN': '已恢复', en: 'Recovered' } }
    emit('notice', notice)
    expect(app.sent).toEqual([['event:notice', notice]])
    expect(navigatedAway.sent).toEqual([])
    expect(closed.sent).toEqual([])
  })
})
