// The built main bundle (out/main, what the package ships) boots and serves the page, with every
// dependency bundled into it: electron-store and conf keep the settings, zod checks the requests,
// the demo answers, and the spreadsheet chunk writes an export. Electron cannot run here, so the
// bundle runs against a stand-in of the electron module, as the glue's unit test does.
import ExcelJS from 'exceljs'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { APP_FOLDER } from '../../shared/app-folder'

const recorded = await vi.hoisted(async () => (await import('../support/fake-electron')).newRecording())
vi.mock('electron', async () => (await import('../support/fake-electron')).fakeElectron(recorded))

const trusted = { senderFrame: { url: 'app://bundle/index.html', parent: null } }
async function call<T>(channel: string, payload?: unknown): Promise<T> {
  const answer = (await recorded.ipcHandlers.get(channel)!(trusted, payload)) as { ok: boolean; value: T; error?: unknown }
  expect(answer, JSON.stringify(answer.error)).toMatchObject({ ok: true })
  return answer.value
}

beforeAll(async () => {
  recorded.appData = mkdtempSync(join(tmpdir(), 'main-bundle-'))
  // Where packaging puts the voice bank: resources/voice beside app.asar.
  Object.defineProperty(process, 'resourcesPath', { value: resolve(import.meta.dirname, '../../resources'), configurable: true })
  const entry = resolve(import.meta.dirname, '../../out/main/index.js')
  await import(/* @vite-ignore */ entry)
  await vi.waitFor(() => expect(recorded.windows).toHaveLength(1))
})
afterAll(async () => {
  recorded.appListeners.get('will-quit')?.()
  await new Promise((done) => setTimeout(done, 200))
  rmSync(recorded.appData, { recursive: true, force: true })
})

describe('the built main bundle', () => {
  it('opens the window on the app scheme with the built preload', () => {
    const window = recorded.windows[0]!
    expect(window.loaded).toEqual(['app://bundle/index.html'])
    const preload = (window.options['webPreferences'] as { preload: string }).preload
    expect(existsSync(preload)).toBe(true)
  })

  it('serves the built page', async () => {
    const page = await recorded.protocolHandlers.get('app')!(new Request('app://bundle/index.html'))
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="app">')
  })

  it('keeps its data in the pinned user-data folder', async () => {
    await call('settings:update', { language: 'en' })
    expect(recorded.paths.get('userData')).toBe(join(recorded.appData, APP_FOLDER))
    expect(readdirSync(join(recorded.appData, APP_FOLDER)).length).toBeGreaterThan(0)
    expect(existsSync(join(recorded.appData, '通话复核工作台'))).toBe(false)
    // Main's log beside the data.
    expect(readFileSync(join(recorded.appData, APP_FOLDER, 'logs', 'app.log'), 'utf8')).toMatch(/Z started 9\.9\.9 on /)
  })

  it('answers from the demo, grades a call and exports the grade as a workbook', async () => {
    const jobs = await call<{ content: { robotCallJobId: number }[] }>('jobs:list', {})
    let robotCallJobId = 0
    let callRecordId = 0
    // The first task that has calls (some demo tasks have not started).
    for (const job of jobs.content) {
      const calls = await call<{ page: { content: { callRecordId: number }[] } }>('calls:list', { robotCallJobId: job.robotCallJobId, pageSize: 5 })
      if (calls.page.content.length === 0) continue
      robotCallJobId = job.robotCallJobId
      callRecordId = calls.page.content[0]!.callRecordId
      break
    }
    expect(callRecordId).toBeGreaterThan(0)
    await call('review:grade', { robotCallJobId, callRecordId, realIntentLevel: 'B', note: '打包后复核' })

    const file = await call<{ base64: string; rowCount: number }>('report:export', { robotCallJobId, format: 'xlsx', language: 'zh-CN' })
    expect(file.rowCount).toBe(1)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    expect(sheet.name).toBe('复核结果')
    expect(sheet.rowCount).toBe(2)
    expect(sheet.getRow(2).values).toContain('打包后复核')
  })

  it('aligns a call on its worker thread (align-worker.js beside index.js), not on the main thread', async () => {
    expect(existsSync(resolve(import.meta.dirname, '../../out/main/align-worker.js'))).toBe(true)
    const jobs = await call<{ content: { robotCallJobId: number }[] }>('jobs:list', {})
    let answered: { callRecordId: number; customerAudioUrl: string | null } | undefined
    for (const job of jobs.content) {
      const calls = await call<{ page: { content: { callRecordId: number }[] } }>('calls:list', { robotCallJobId: job.robotCallJobId, pageSize: 20 })
      for (const row of calls.page.content) {
        const detail = await call<{ callRecordId: number; fullAudioUrl: string | null; customerAudioUrl: string | null; callDetailList: unknown[] | null }>(
          'calls:detail',
          { callRecordId: row.callRecordId },
        )
        if (detail.fullAudioUrl && detail.customerAudioUrl && (detail.callDetailList?.length ?? 0) > 0) answered = detail
        if (answered) break
      }
      if (answered) break
    }
    expect(answered).toBeDefined()
    const timings = await call<{ method: string; estimated: boolean; turns: unknown[] }>('timing:get', { callRecordId: answered!.callRecordId })
    // Measured, not the estimate the timing service falls back to when the worker fails.
    expect(timings).toMatchObject({ method: 'two-track', estimated: false })
    const log = readFileSync(join(recorded.appData, APP_FOLDER, 'logs', 'app.log'), 'utf8')
    expect(log).toContain('alignment worker started')
    expect(log).not.toContain('alignment worker stopped')
  })
})
