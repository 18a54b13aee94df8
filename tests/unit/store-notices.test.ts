// A damaged key-value store file (settings, cache, workspace) is set aside and started afresh, and
// the reviewer is told, like a damaged grade file: a notice pushed now and listed by getNotices.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBrowserServices } from '../../scripts/lib/browser-services'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('store-notices')
let sim: RunningSimulator

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 2 })
})
afterAll(() => sim.close())

describe('damaged store files', () => {
  it('are set aside, started afresh and told: pushed as a notice and listed', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'settings.json'), '{"settings": {"language": "en"')
    writeFileSync(join(dir, 'demo-workspace.json'), 'not json at all')
    const services = createBrowserServices({
      profileDir: dir,
      startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
    })
    const pushed: unknown[] = []
    services.events.subscribe((event, payload) => event === 'notice' && pushed.push(payload))
    try {
      // The settings store was opened (and repaired) as the services were built; the workspace's on first use.
      expect((await services.handlers.getSettings(undefined)).language).toBe('zh-CN')
      expect(await services.handlers.getWorkspaceState(undefined)).toMatchObject({ lastJobId: null })
      const notices = await services.handlers.getNotices(undefined)
      expect(notices).toHaveLength(2)
      expect(notices[0]!.message['zh-CN']).toMatch(/settings\.json 已损坏，已另存为 .*settings\.json\.damaged-/)
      expect(notices[1]!.message.en).toMatch(/demo-workspace\.json was damaged; it was kept as/)
      for (const notice of notices) expect(existsSync(notice.id.replace(/^store:/, ''))).toBe(true)
      // The workspace's was pushed as it happened (the settings' came before anyone listened).
      expect(pushed).toEqual([notices[1]])
    } finally {
      await services.close()
    }
  })

  it('damaged settings never fall back to the demo silently: said until acknowledged or the account is entered again', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'settings.json'), '{"settings": {"baseUrl": "https://crm.tanyibot.com"')
    const start = () =>
      createBrowserServices({ profileDir: dir, startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }) })
    let services = start()
    try {
      const told = (await services.handlers.getSettings(undefined)).damagedSettingsSetAside
      expect(told).toMatch(/^settings\.json\.damaged-/)
      expect(existsSync(join(dir, told!))).toBe(true)
      // Still said after a restart: the page shows it for as long as the demo stands in.
      await services.close()
      services = start()
      expect((await services.handlers.getSettings(undefined)).damagedSettingsSetAside).toBe(told)
      // Entering the account again is the answer.
      await services.handlers.saveCredentials({ ...DEMO_CREDENTIALS, baseUrl: sim.url })
      expect((await services.handlers.getSettings(undefined)).damagedSettingsSetAside).toBeNull()
    } finally {
      await services.close()
    }
  })

  it('damaged settings, acknowledged, are no longer said', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'settings.json'), '\u0000\u0000')
    const services = createBrowserServices({ profileDir: dir, startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }) })
    try {
      expect((await services.handlers.getSettings(undefined)).damagedSettingsSetAside).not.toBeNull()
      expect((await services.handlers.updateSettings({ acknowledgeDamagedSettings: true })).damagedSettingsSetAside).toBeNull()
    } finally {
      await services.close()
    }
  })

  it('keep only the newest three set-aside copies of a store that keeps being damaged', async () => {
    const dir = tempDir()
    for (let restart = 0; restart < 8; restart++) {
      writeFileSync(join(dir, 'demo-workspace.json'), `damaged ${restart}`)
      const services = createBrowserServices({ profileDir: dir, startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }) })
      try {
        const told = (await services.handlers.getWorkspaceState(undefined), await services.handlers.getNotices(undefined))
        // The copy a notice names is always there.
        for (const notice of told) expect(existsSync(notice.id.replace(/^store:/, ''))).toBe(true)
      } finally {
        await services.close()
      }
    }
    const copies = readdirSync(dir).filter((name) => name.startsWith('demo-workspace.json.damaged-')).sort()
    expect(copies).toHaveLength(3)
    // The newest ones: the last restart's damage is among them.
    expect(copies.map((name) => readFileSync(join(dir, name), 'utf8'))).toContain('damaged 7')
  })
})
