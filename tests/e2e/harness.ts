// The browser setup of the end-to-end tests: the simulated API server, the real main-process
// services behind the test bridge, the built renderer, and Debian's headless Chromium.
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll } from 'vitest'
import type { MainServices } from '../../electron/main/services/root/main-services'
import type { SettingsPatch, TurnTiming } from '../../shared/ipc/contract'
import type { Id } from '../../shared/ids'
import { timingStoreName } from '../../electron/main/services/timing/timing-service'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
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
  /** The channel of every bridge call the page made, in order. */
  invoked: string[]
  context: BrowserContext
  page: Page
  /** Problems the page reported: console errors, CSP violations, uncaught exceptions. */
  pageErrors: string[]
  /** Whether the page's renderer process crashed. */
  crashed(): boolean
  close(): Promise<void>
}

/** A given profileDir is kept on close, so a later stack can start on the same data (an app restart). */
/** `bigIds`: the simulator's task with ids beyond 2^53 (electron/simulator/big-ids.ts). */
/** `settings`: saved in the profile before the page opens, e.g. `{ advanceAfterGrade: false }` for
 *  tests that grade a call and stay on it (a new profile moves on to the next call). */
export interface StackOptions {
  seed?: number
  profileDir?: string
  bigIds?: boolean
  settings?: SettingsPatch
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('renderer not built: run `npx electron-vite build`')
  const sim = await startSimulator({ port: 0, seed: options.seed ?? 1, bigIds: options.bigIds })
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'e2e-profile-'))
  const services = createBrowserServices({
    profileDir,
    // The demo connection points at this test's own simulator.
    startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
  })
  if (options.settings) await services.settings.update(options.settings)
  const invoked: string[] = []
  const host = await startWebHost({
    rendererDir: RENDERER_DIR,
    dispatch: (channel, payload) => {
      invoked.push(channel)
      return services.dispatch(channel, payload)
    },
    audio: services.audio,
    events: services.events,
  })
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
  let crashed = false
  page.on('crash', () => (crashed = true))
  return {
    sim,
    profileDir,
    services,
    host,
    invoked,
    context,
    page,
    pageErrors,
    crashed: () => crashed,
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

/**
 * Starts a stack before the file's tests and closes it after them; a failed test prints what the
 * page showed. The returned object stands for the running stack (it forwards to it), so tests
 * can write `const { page } = stack` inside their bodies.
 */
export function useStack(options: StackOptions = {}): Stack {
  let running: Stack | undefined
  beforeAll(async () => {
    running = await startStack(options)
  })
  afterAll(async () => {
    await running?.close()
  })
  reportFailures(() => running)
  return new Proxy({} as Stack, {
    get(_, key) {
      if (!running) throw new Error('the stack is used before beforeAll started it')
      return Reflect.get(running, key)
    },
  })
}

/**
 * After a failed test, prints the page's state (crash, address, errors, visible text) and saves a
 * screenshot under test-results/, so a failure seen only in CI can be understood from its log.
 * Register it after any hook that closes the stack: after-hooks run last-registered first.
 */
export function reportFailures(current: () => Stack | undefined): void {
  afterEach(async (context) => {
    const stack = current()
    if (!stack || context.task.result?.state !== 'fail') return
    console.error(await describePage(stack, context.task.name))
  })
}

const DIAGNOSIS_TIMEOUT_MS = 5_000

async function describePage(stack: Stack, testName: string): Promise<string> {
  const { page } = stack
  const within = <T>(work: Promise<T>) =>
    Promise.race([work, new Promise<string>((resolve) => setTimeout(() => resolve('(no answer from the page within 5 s)'), DIAGNOSIS_TIMEOUT_MS))])
  const lines = [`--- page state after the failure of “${testName}” ---`, `address: ${page.url()}`, `crashed: ${stack.crashed()}`]
  lines.push(`page errors: ${stack.pageErrors.length ? stack.pageErrors.join(' | ') : 'none'}`)
  const text = await within(page.evaluate(() => document.body.innerText).catch((error: unknown) => `(unreadable: ${String(error)})`))
  lines.push(`visible text: ${text.replace(/\s+/g, ' ').slice(0, 2_000)}`)
  const file = join(ROOT, 'test-results', `${testName.replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 80)}.png`)
  mkdirSync(dirname(file), { recursive: true })
  const shot = await within(page.screenshot({ path: file, timeout: DIAGNOSIS_TIMEOUT_MS }).then(() => `screenshot: ${file}`).catch((error: unknown) => `(no screenshot: ${String(error)})`))
  lines.push(shot)
  return lines.join('\n')
}

/**
 * Unfolds the filter form beyond the keyword box (folded by default under its 筛选 toggle), as a
 * click on the toggle does, before a test uses its controls; nothing when it is open. Applying
 * folds it again. (Shift+S does the same from the keyboard, at its first control: layout-list.test.ts.)
 */
export async function openFilters(page: Page): Promise<void> {
  const toggle = page.getByTestId('filter-toggle')
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
  await page.getByTestId('filter-panel').waitFor()
}

// Opening a task is one of the steps both hosts share (tests/shared/review-session-steps.ts).
export { openTask as openTaskList, typeTaskId as openTaskById } from '../shared/review-session-steps'

/**
 * Measures a call's turn timings and rewrites the turns kept for it, through the app's own store
 * (where the timing service keeps them, and the page reads them from on opening the call). For
 * what the simulator's clean calls do not produce, such as a turn the engine doubts.
 */
export async function rewriteStoredTurns(services: MainServices, callRecordId: Id, rewrite: (turns: TurnTiming[]) => TurnTiming[]): Promise<void> {
  await services.handlers.getTurnTimings({ callRecordId })
  const detail = await services.data.knownDetail(callRecordId)
  const store = (await services.scoped()).open(timingStoreName(detail.robotCallJobId, callRecordId))
  const stored = store.get(String(callRecordId)) as { result: { turns: TurnTiming[] } }
  store.set(String(callRecordId), { ...stored, result: { ...stored.result, turns: rewrite(stored.result.turns) } })
}
