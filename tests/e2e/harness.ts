// The browser setup of the end-to-end tests: the simulated API server, the real main-process
// services behind the test bridge, the built renderer, and Debian's headless Chromium.
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { MainServices } from '../../electron/main/services/main-services'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../electron/main/services/simulator'
import { createBrowserServices } from '../../scripts/lib/browser-services'
import { startWebHost, type WebHost } from '../../scripts/lib/web-host'

export const ROOT = resolve(import.meta.dirname, '../..')
const RENDERER_DIR = join(ROOT, 'out/renderer')
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

export interface Stack {
  sim: RunningSimulator
  /** The main-process services' data folder (settings, cache, grades). */
  profileDir: string
  services: MainServices
  host: WebHost
  context: BrowserContext
  page: Page
  /** Problems the page reported: console errors, CSP violations, uncaught exceptions. */
  pageErrors: string[]
  close(): Promise<void>
}

/** A given profileDir is kept on close, so a later stack can start on the same data (an app restart). */
export async function startStack(options: { seed?: number; profileDir?: string } = {}): Promise<Stack> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('renderer not built: run `npx electron-vite build`')
  const sim = await startSimulator({ port: 0, seed: options.seed ?? 1 })
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'e2e-profile-'))
  const services = createBrowserServices({
    profileDir,
    // The demo connection points at this test's own simulator.
    startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
  })
  const host = await startWebHost({ rendererDir: RENDERER_DIR, dispatch: services.dispatch, audio: services.audio })
  const userDataDir = mkdtempSync(join(tmpdir(), 'e2e-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const pageErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text())
  })
  page.on('pageerror', (error) => pageErrors.push(error.message))
  return {
    sim,
    profileDir,
    services,
    host,
    context,
    page,
    pageErrors,
    async close() {
      await context.close()
      await host.close()
      await services.close()
      await sim.close()
      rmSync(userDataDir, { recursive: true, force: true })
      if (!options.profileDir) rmSync(profileDir, { recursive: true, force: true })
    },
  }
}
