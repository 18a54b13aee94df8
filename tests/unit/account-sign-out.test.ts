// Signing out of an account: the export of every grade is offered first (all tasks in one file),
// then the account's data on this computer goes — cached calls, recordings, timings, grades —
// and nothing of the demo's or another account's. A second program writing the grades stops it
// before anything is deleted.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { createBrowserServices, type BrowserServices } from '../../scripts/lib/browser-services'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('sign-out')
let sim: RunningSimulator

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 3 })
})
afterAll(() => sim.close())

function servicesIn(dir: string): BrowserServices {
  return createBrowserServices({
    profileDir: dir,
    startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
  })
}

/** Grades `count` answered calls of the first task with a recording, playing each once. */
async function gradeSome(services: BrowserServices, count: number) {
  const { handlers } = services
  const job = (await handlers.listJobs({ pageNum: 1, pageSize: 20 })).content.find((j) => j.status === 'COMPLETED')!
  const { page } = await handlers.listCalls({ robotCallJobId: job.robotCallJobId, pageNum: 1, pageSize: 20, resultStatuses: ['ANSWERED'] })
  const calls = page.content.slice(0, count)
  expect(calls).toHaveLength(count)
  for (const call of calls) {
    await handlers.getCallDetail({ callRecordId: call.callRecordId })
    await handlers.prepareAudio({ callRecordId: call.callRecordId, track: 'full' })
    await handlers.saveGrade({ robotCallJobId: job.robotCallJobId, callRecordId: call.callRecordId, realIntentLevel: 'B', note: '' })
  }
  return { job, calls }
}

describe('signing out', () => {
  it('exports every task first, then removes only this account’s cached calls, recordings and grades', async () => {
    const dir = tempDir()
    const services = servicesIn(dir)
    try {
      // The demo's data, which must survive the account's sign-out.
      await gradeSome(services, 1)
      const demoFiles = readdirSync(dir).filter((name) => name.startsWith('demo-'))
      const demoRecordings = readdirSync(join(dir, 'audio-cache'))
      expect(demoFiles.length).toBeGreaterThan(0)

      await services.handlers.saveCredentials({ ...DEMO_CREDENTIALS, baseUrl: sim.url })
      const { job } = await gradeSome(services, 3)
      const scope = readdirSync(join(dir, 'reviews')).find((name) => name.startsWith('acct-'))!
      expect(readdirSync(dir).some((name) => name.startsWith(`${scope}-cache-details-`))).toBe(true)

      // The export offered first: every task of the account in one file.
      const file = await services.handlers.exportGrades({ format: 'csv', language: 'zh-CN' })
      expect(file.rowCount).toBe(3)
      expect(file.fileName).toContain('全部任务')
      expect(Buffer.from(file.base64, 'base64').toString('utf8')).toContain(String(job.robotCallJobId))

      // What a team server sent this account (others' grades and notes) goes too; the demo's stays.
      for (const owner of [scope, 'demo']) {
        mkdirSync(join(dir, 'team', owner, 'team-0123'), { recursive: true })
        writeFileSync(join(dir, 'team', owner, 'team-0123', 'team-sync.json'), '{}')
      }
      const result = await services.handlers.signOut({ removeLocalData: true })
      expect(existsSync(join(dir, 'team', scope))).toBe(false)
      expect(existsSync(join(dir, 'team', 'demo', 'team-0123', 'team-sync.json'))).toBe(true)
      // The demo runs on the same server here, so the recording it cached too stays for it.
      expect(result.removed).toEqual({ tasks: 1, grades: 3, calls: 3, recordings: 2 })
      expect(result.settings.credentials).toMatchObject({ configured: false, savedFor: null })
      expect(readdirSync(dir).filter((name) => name.startsWith(`${scope}-`))).toEqual([])
      expect(existsSync(join(dir, 'reviews', scope))).toBe(false)
      // The demo's files and recordings are untouched, and the demo is what runs now.
      for (const name of demoFiles) expect(existsSync(join(dir, name))).toBe(true)
      expect(readdirSync(join(dir, 'audio-cache')).sort()).toEqual([...demoRecordings].sort())
      expect((await services.handlers.getAppStatus(undefined)).mode).toBe('demo')
    } finally {
      await services.close()
    }
  })

  it('keeps the data when asked to, forgetting only the credentials', async () => {
    const dir = tempDir()
    const services = servicesIn(dir)
    try {
      await services.handlers.saveCredentials({ ...DEMO_CREDENTIALS, baseUrl: sim.url })
      await gradeSome(services, 1)
      const before = readdirSync(dir).sort()
      const result = await services.handlers.signOut({ removeLocalData: false })
      expect(result.removed).toEqual({ tasks: 0, grades: 0, calls: 0, recordings: 0 })
      expect(readdirSync(dir).sort()).toEqual(before)
      // The same account entered again finds its grades.
      await services.handlers.saveCredentials({ ...DEMO_CREDENTIALS, baseUrl: sim.url })
      expect((await services.handlers.exportGrades({ format: 'csv', language: 'en' })).rowCount).toBe(1)
    } finally {
      await services.close()
    }
  })

  it('deletes nothing while another program writes the grades, and says so', async () => {
    const dir = tempDir()
    const services = servicesIn(dir)
    let other: ChildProcess | undefined
    try {
      await services.handlers.saveCredentials({ ...DEMO_CREDENTIALS, baseUrl: sim.url })
      await gradeSome(services, 1)
      const scope = readdirSync(join(dir, 'reviews')).find((name) => name.startsWith('acct-'))!
      await services.close()

      // A live process of this computer holds the folder's writer lock.
      other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
      mkdirSync(join(dir, 'reviews', scope), { recursive: true })
      writeFileSync(join(dir, 'reviews', scope, 'writer.lock'), JSON.stringify({ pid: other.pid, host: hostname(), since: new Date().toISOString() }))
      const again = servicesIn(dir)
      try {
        const before = readdirSync(dir).sort()
        const error = await again.handlers.signOut({ removeLocalData: true }).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(AppError)
        expect((error as AppError).kind).toBe('locked')
        expect(readdirSync(dir).sort()).toEqual(before)
        expect(readdirSync(join(dir, 'reviews', scope)).some((name) => name !== 'writer.lock')).toBe(true)
        // Still signed in: nothing was half done.
        expect((await again.handlers.getSettings(undefined)).credentials.configured).toBe(true)
      } finally {
        await again.close()
      }
    } finally {
      other?.kill()
      await services.close().catch(() => {})
    }
  })
})
