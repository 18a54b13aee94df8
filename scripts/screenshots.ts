// `npm run screenshots [-- --out DIR]`: the README's pictures of the main screens (task picker,
// the workspace with a call open, settings, report) at 1280×720 and 1440×900 in both languages,
// taken on the demo data through the browser host and Debian's headless Chromium, as the
// end-to-end tests run the app. Written as small palette PNGs (scripts/lib/png-palette.ts).
import { chromium, type Page } from 'playwright-core'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import type { IntentLevel } from '../shared/enums'
import { parseFlags, positiveInt, UsageError } from './lib/args'
import { createBrowserServices } from './lib/browser-services'
import { paletted } from './lib/png-palette'
import { DEMO_CREDENTIALS, startSimulator } from './lib/simulator'
import { startWebHost } from './lib/web-host'

const root = resolve(import.meta.dirname, '..')
const rendererDir = join(root, 'out/renderer')
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
const SIZES = [[1280, 720], [1440, 900]] as const
const LANGUAGES = ['zh-CN', 'en'] as const
/** The reviewer named in the pictures. */
const REVIEWER = '张晓'
/** Colours a picture keeps: sixteen keep text readable at four bits a pixel (the README's sixteen
 *  pictures take about 430 KB; 96 colours would take 690 KB). */
const COLORS = 16
/** The theme's colours (renderer/src/styles.css), kept exact in every picture. */
const THEME = [0xffffff, 0xf6f7f9, 0x1d2330, 0x5f6b7a, 0xd8dde4, 0x1f6feb, 0x1a7f37, 0x9a6700, 0xc62828, 0x8250df, 0xe8f0fe, 0xfff4d6]
const LEVELS: IntentLevel[] = ['A', 'B', 'C', 'D', 'E', 'F']

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), ['out', 'colors'], ['rebuild'])
  const out = resolve(flags['out'] ?? join(root, 'docs/screenshots'))
  const colors = positiveInt('colors', flags['colors']) ?? COLORS
  if (colors > 256) throw new UsageError('--colors must be at most 256')
  if (flags['rebuild'] || !existsSync(join(rendererDir, 'index.html'))) {
    const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
    if (built.status !== 0) throw new Error('build failed')
  }
  mkdirSync(out, { recursive: true })

  const sim = await startSimulator({ port: 0, seed: 1 })
  const profileDir = mkdtempSync(join(tmpdir(), 'screenshots-profile-'))
  const services = createBrowserServices({
    profileDir,
    startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
  })
  const host = await startWebHost({ rendererDir, dispatch: services.dispatch, audio: services.audio, events: services.events })
  const userDataDir = mkdtempSync(join(tmpdir(), 'screenshots-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'zh-CN',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--autoplay-policy=no-user-gesture-required'],
  })
  try {
    // A finished task, with a reviewer's grades on the answered calls of its first page (fetched
    // first, as the list would, so the report knows their AI intent), so the report has figures.
    const job = sim.dataset.jobs.find((j) => j.status === 'COMPLETED')!
    const answered = sim.dataset.calls.filter((c) => c.robotCallJobId === job.robotCallJobId && c.resultStatus === 'ANSWERED')
    const shown = answered.reduce((a, b) => (b.callDetailList.length > a.callDetailList.length ? b : a))
    await call(services.dispatch, 'calls:list', { robotCallJobId: job.robotCallJobId, pageNum: 1, pageSize: 100 })
    await call(services.dispatch, 'settings:update', { reviewerName: REVIEWER })
    const firstPage = new Set(
      sim.dataset.calls
        .filter((c) => c.robotCallJobId === job.robotCallJobId)
        .sort((a, b) => b.startTime.localeCompare(a.startTime))
        .slice(0, 100)
        .map((c) => c.callRecordId),
    )
    const calls = answered.filter((c) => firstPage.has(c.callRecordId))
    for (const [i, c] of calls.slice(0, 40).entries()) {
      if (c.callRecordId === shown.callRecordId) continue
      // Mostly the robot's level, now and then a neighbour: a realistic agreement.
      const at = LEVELS.indexOf(c.intentLevel)
      const level = i % 4 === 3 ? LEVELS[Math.min(5, at + 1)]! : c.intentLevel
      await call(services.dispatch, 'review:grade', { robotCallJobId: job.robotCallJobId, callRecordId: c.callRecordId, realIntentLevel: level, note: '' })
    }

    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(host.url)
    let written = 0
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height })
      for (const language of LANGUAGES) {
        await call(services.dispatch, 'settings:update', { language })
        await page.reload()
        await page.locator('.app-header').waitFor()
        const shot = async (name: string) => {
          // Let fonts, the waveform and any transition settle.
          await page.evaluate(() => document.fonts.ready.then(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))))
          const file = join(out, `${name}-${language}-${width}x${height}.png`)
          writeFileSync(file, paletted(await page.screenshot(), colors, THEME))
          written++
          console.log(relative(root, file))
        }

        await toPicker(page)
        // The task of the pictures highlighted, with its figures.
        const option = page.locator(`#job-${job.robotCallJobId}`)
        await option.waitFor()
        for (let i = 0; i < 30 && (await option.getAttribute('aria-selected')) !== 'true'; i++) await page.keyboard.press('ArrowDown')
        await page.getByTestId('job-intents').waitFor()
        await shot('tasks')

        await openCall(page, job.robotCallJobId, shown.callRecordId)
        await shot('workspace')

        await page.locator('.app-header button').last().click()
        await page.locator('.settings-panel').waitFor()
        await shot('settings')
        await page.locator('.app-header button').last().click()
        await page.locator('.detail-pane .player').waitFor()

        await page.locator('.app-header button').nth(1).click()
        await page.getByTestId('confusion-matrix').waitFor()
        await shot('report')
      }
    }
    console.log(`${written} screenshots in ${relative(root, out) || '.'}`)
  } finally {
    await context.close()
    await host.close()
    await services.close()
    await sim.close()
    rmSync(userDataDir, { recursive: true, force: true })
    rmSync(profileDir, { recursive: true, force: true })
  }
}

async function call(dispatch: (channel: string, payload: unknown) => Promise<{ ok: boolean }>, channel: string, payload: unknown) {
  const answer = await dispatch(channel, payload)
  if (!answer.ok) throw new Error(`${channel} failed: ${JSON.stringify(answer)}`)
}

/** The task picker, from wherever the page is (it reopens the last task after a reload). */
async function toPicker(page: Page) {
  const header = page.locator('.app-header')
  await page.waitForFunction(() => !!document.querySelector('.job-picker, .workspace'))
  if (await page.locator('.workspace').count()) await header.locator('button').first().click()
  await page.locator('.job-picker').waitFor()
}

/** Opens the task and the call by the keyboard, and plays into it so a turn in the middle is marked. */
async function openCall(page: Page, jobId: number | string, callId: number | string) {
  const idField = page.locator('.picker-id input')
  await idField.fill(String(jobId))
  await idField.press('Enter')
  const list = page.locator('.call-list-viewport')
  await list.getByRole('option').first().waitFor()
  const keyword = page.locator('#keyword-search')
  await keyword.fill(`#${callId}`)
  await keyword.press('Enter')
  await page.locator(`#call-${callId}`).click()
  await page.locator('.detail-pane .turn').first().waitFor()
  await page.locator('[data-testid="timing-measured"], [data-testid="timing-estimated"]').first().waitFor()
  const slider = page.locator('.seek-bar')
  await page.waitForFunction(() => Number(document.querySelector('.seek-bar')?.getAttribute('aria-valuemax')) > 0)
  await slider.focus()
  for (let i = 0; i < 5; i++) await slider.press('ArrowRight')
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.locator('.turn[aria-current="true"]').waitFor()
  // The call's grade, as a reviewer gives it: a key (with Shift, so the picture stays on this call).
  await page.keyboard.press('Shift+B')
  await page.getByTestId('grade-saved').waitFor()
  // The list back to the whole task, with the graded calls marked.
  await keyword.fill('')
  await keyword.press('Enter')
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.waitForFunction(() => document.querySelectorAll('.call-list-viewport [role="option"]').length > 1)
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `usage: ${error.message}` : `screenshots: ${(error as Error).stack ?? String(error)}`)
  process.exit(1)
})
