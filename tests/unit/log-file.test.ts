// Main's log file: timestamped lines in <profile>/logs/app.log, rotated by size (three older files
// kept), and no credential in it: main scrubs every one it has handled before the host writes.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogFile } from '../../electron/main/services/log'
import { profilePaths } from '../../electron/main/services/storage'
import { createBrowserServices } from '../../scripts/lib/browser-services'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('log-file')

describe('log file', () => {
  it('appends one line per entry with its ISO time, a multi-line entry indented', () => {
    const dir = join(tempDir(), 'logs')
    let ms = Date.UTC(2024, 1, 29, 8, 30, 0, 250)
    const log = createLogFile({ dir, now: () => new Date(ms++) })
    log.write('GET /apiOpen/v1/job/getJobs → 200 in 31 ms')
    log.write('unexpected error: Error: boom\n    at x (y.ts:1:1)')
    expect(log.path).toBe(join(dir, 'app.log'))
    expect(readFileSync(log.path, 'utf8')).toBe(
      '2024-02-29T08:30:00.250Z GET /apiOpen/v1/job/getJobs → 200 in 31 ms\n' +
        '2024-02-29T08:30:00.251Z unexpected error: Error: boom\n        at x (y.ts:1:1)\n',
    )
  })

  it('rotates at its size: app.log.1 the newest older file, three kept, none past its size', () => {
    const dir = tempDir()
    const log = createLogFile({ dir, maxBytes: 300, keep: 3, now: () => new Date(0) })
    // 40 bytes an entry: 7 to a file.
    const line = (n: number) => `line ${String(n).padStart(8, '0')}`
    for (let n = 1; n <= 100; n++) log.write(line(n))
    expect(readdirSync(dir).sort()).toEqual(['app.log', 'app.log.1', 'app.log.2', 'app.log.3'])
    const numbers = (name: string) => {
      const text = readFileSync(join(dir, name), 'utf8')
      expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(300)
      return [...text.matchAll(/line (\d+)/g)].map((m) => Number(m[1]))
    }
    const files = ['app.log.3', 'app.log.2', 'app.log.1', 'app.log'].map(numbers)
    // Oldest to newest, without a gap: the entries before those four files were dropped.
    const kept = files.flat()
    expect(kept.at(-1)).toBe(100)
    expect(kept).toEqual(kept.map((_, i) => kept[0]! + i))
    expect(files.slice(0, 3).every((numbers) => numbers.length === 7)).toBe(true)
  })

  it('counts what an earlier run left in app.log', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'app.log'), 'x'.repeat(290) + '\n')
    createLogFile({ dir, maxBytes: 300 }).write('the next run')
    expect(readFileSync(join(dir, 'app.log.1'), 'utf8')).toHaveLength(291)
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toMatch(/Z the next run\n$/)
  })

  it('never throws when it cannot write', () => {
    // A file where the folder should be: refused even to root.
    const blocked = join(tempDir(), 'not-a-folder')
    writeFileSync(blocked, '')
    const log = createLogFile({ dir: join(blocked, 'logs') })
    expect(() => log.write('lost')).not.toThrow()
    expect(() => log.write('lost again')).not.toThrow()
  })
})

describe('main’s log, with every credential scrubbed', () => {
  let sim: RunningSimulator
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 3 })
  })
  afterAll(() => sim.close())

  const secrets = { appKey: 'key-7f3a9c', appSecret: 'appsecret-d41d8cd98f', tenantSign: 'tenant-0b7e' }

  function servicesLoggingTo(profileDir: string) {
    const log = createLogFile({ dir: profilePaths(profileDir).logsDir })
    const services = createBrowserServices({
      profileDir,
      startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
      log: log.write,
    })
    return { services, text: () => readFileSync(log.path, 'utf8') }
  }

  it('redacts saved credentials from a line, in the file', async () => {
    const profileDir = tempDir()
    const { services, text } = servicesLoggingTo(profileDir)
    try {
      await services.handlers.saveCredentials({ ...secrets, baseUrl: sim.url })
      services.log(`echoed by a server: appSecret=${secrets.appSecret} appKey=${secrets.appKey} tenantSign=${secrets.tenantSign}`)
      expect(text()).toContain('echoed by a server: appSecret=*** appKey=*** tenantSign=***')
      for (const secret of Object.values(secrets)) expect(text()).not.toContain(secret)
    } finally {
      await services.close()
    }
    // The next start knows the saved ones before any request is made.
    const again = servicesLoggingTo(profileDir)
    try {
      // The local cipher decrypts within microtasks: loaded by the next turn, no request made.
      await new Promise((resolve) => setImmediate(resolve))
      again.services.log(`after a restart: ${secrets.appSecret}`)
      expect(again.text()).toContain('after a restart: ***')
      expect(again.text()).not.toContain(secrets.appSecret)
    } finally {
      await again.services.close()
    }
  })

  it('redacts the credentials a connection test tried, saved or not', async () => {
    const { services, text } = servicesLoggingTo(tempDir())
    try {
      const candidate = { appKey: 'tried-key-1', appSecret: 'tried-secret-2', tenantSign: 'tried-tenant-3', baseUrl: sim.url }
      await services.handlers.testConnection({ candidate }).catch(() => {})
      services.log(`a line with tried-secret-2 and tried-tenant-3`)
      expect(text()).toContain('a line with *** and ***')
    } finally {
      await services.close()
    }
  })
})
