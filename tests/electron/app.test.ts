// The built app in real Electron (npm run test:electron; scripts/test-electron.ts finds the binary
// and a display): the review session the browser tests run, through the real preload, plus what
// only Electron has: the preload's surface, the window's settings, app:// serving, credentials kept
// by safeStorage, and one instance at a time.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reviewSessionSteps } from '../shared/review-session-steps'

const ROOT = resolve(import.meta.dirname, '../..')
const BINARY = process.env['ELECTRON_BINARY'] ?? ''
// The user-data folder lives under the config home: a fresh one per run keeps the reviewer's own.
const configHome = mkdtempSync(join(tmpdir(), 'electron-test-'))
const env = { ...process.env, XDG_CONFIG_HOME: configHome, APPDATA: configHome, LANG: 'zh_CN.UTF-8' } as Record<string, string>

let app: ElectronApplication
let page: Page

beforeAll(async () => {
  if (!BINARY) throw new Error('ELECTRON_BINARY is not set: run these tests with npm run test:electron')
  app = await electron.launch({ executablePath: BINARY, args: [ROOT], cwd: ROOT, env })
  page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
})
afterAll(async () => {
  await app?.close()
})

describe('the app in Electron', () => {
  it('serves the page from app:// under isolation and a sandbox, with no Node in the page', async () => {
    expect(page.url()).toMatch(/^app:\/\/bundle\//)
    // Isolation shows in the page: what contextBridge exposes arrives frozen, and Node is absent.
    const surface = await page.evaluate(() => ({
      frozen: Object.isFrozen(window.callReviewBridge),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      bridge: Object.keys(window.callReviewBridge ?? {}).sort(),
    }))
    expect(surface.frozen).toBe(true)
    expect(surface.require).toBe('undefined')
    expect(surface.process).toBe('undefined')
    const { METHOD_NAMES } = await import('../../shared/ipc/channels')
    expect(surface.bridge).toEqual([...METHOD_NAMES, 'on'].sort())
  })

  it('runs the keyboard review session the browser tests run', async () => {
    await reviewSessionSteps(page, async () => void (await page.reload()))
  })

  it('keeps credentials with safeStorage: never in the page, never in clear on disk', async () => {
    const secret = 'electron-test-secret-4711'
    const saved = await page.evaluate(
      (appSecret) => window.callReviewBridge!.saveCredentials({ appKey: 'test-key-1234', appSecret, tenantSign: 'tenant-x', baseUrl: 'http://127.0.0.1:9' }),
      secret,
    )
    expect(JSON.stringify(saved)).not.toContain(secret)
    const settings = await page.evaluate(() => window.callReviewBridge!.getSettings())
    expect(JSON.stringify(settings)).not.toContain(secret)
    const folder = join(configHome, 'call-review-workstation')
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      expect(readFileSync(join(folder, file), 'utf8')).not.toContain(secret)
    }
    await page.evaluate(() => window.callReviewBridge!.signOut({ removeLocalData: true }))
  })

  it('lets only one instance run: a second start focuses the first window and quits', async () => {
    // The second instance quits before it opens a window (or before Playwright can attach).
    const second = await electron.launch({ executablePath: BINARY, args: [ROOT], cwd: ROOT, env }).catch(() => null)
    if (second) {
      await expect.poll(() => second.windows().length, { timeout: 5_000 }).toBe(0)
      await second.close().catch(() => {})
    }
    expect(app.windows().length).toBe(1)
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isFocused() || BrowserWindow.getAllWindows()[0]!.isVisible())).toBe(true)
  })
})
