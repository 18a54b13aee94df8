import Conf from 'conf'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLocalCipher } from '../../electron/main/services/storage/local-cipher'
import type { SecretCipher } from '../../electron/main/services/storage/ports'
import { createSettingsService, DEFAULT_BASE_URL, maskAppKey } from '../../electron/main/services/settings/settings-service'

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'settings-test-'))
  const store = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'test' })
  const cipher = createLocalCipher(join(dir, 'key'))
  return { dir, store, cipher, service: createSettingsService(store, cipher) }
}

const input = { appKey: 'AK-1234567890', appSecret: 'very-secret-value', tenantSign: 'acme-corp' }

describe('settings service', () => {
  it('starts with defaults and no credentials', async () => {
    const { service } = setup()
    const settings = await service.getPublic()
    expect(settings.baseUrl).toBe(DEFAULT_BASE_URL)
    expect(settings.timeoutMs).toBe(15_000)
    expect(settings.language).toBe('zh-CN')
    expect(settings.credentials).toEqual({ configured: false, appKeyMasked: null, savedFor: null })
    expect(await service.loadCredentials()).toBeNull()
  })

  it('stores credentials only encrypted and shows the renderer a masked appKey', async () => {
    const { service, dir } = setup()
    const settings = await service.saveCredentials(input)
    expect(settings.credentials.configured).toBe(true)
    expect(settings.credentials.appKeyMasked).toBe('AK-*******890')
    const publicText = JSON.stringify(settings)
    const fileText = readFileSync(join(dir, 'settings.json'), 'utf8')
    for (const secret of Object.values(input)) {
      expect(publicText).not.toContain(secret)
      expect(fileText).not.toContain(secret)
    }
    expect(await service.loadCredentials()).toEqual(input)
  })

  it('binds credentials to the address they were saved for: a changed address never receives them', async () => {
    const { service, store, cipher } = setup()
    await service.saveCredentials({ ...input, baseUrl: 'https://crm.tanyibot.com' })
    expect((await service.getPublic()).credentials).toMatchObject({ configured: true, savedFor: 'https://crm.tanyibot.com' })
    // Another address (the form, or the page through updateSettings): nothing to send there.
    const moved = await service.update({ baseUrl: 'https://evil.example' })
    expect(moved.credentials).toMatchObject({ configured: false, appKeyMasked: null, savedFor: 'https://crm.tanyibot.com' })
    expect(await service.loadCredentials()).toBeNull()
    // Back at their own address they work again; entered anew they belong to the new one.
    await service.update({ baseUrl: 'https://crm.tanyibot.com/some/path' })
    expect(await service.loadCredentials()).toEqual(input)
    await service.saveCredentials({ ...input, baseUrl: 'https://openapi.tanyibot.com' })
    expect((await service.getPublic()).credentials).toMatchObject({ configured: true, savedFor: 'https://openapi.tanyibot.com' })
    // Saved before binding existed: they belong to the address in use when this version starts.
    const legacy = store.get('credentials') as Record<string, unknown>
    delete legacy['origin']
    store.set('credentials', legacy)
    const upgraded = createSettingsService(store, cipher)
    expect((await upgraded.getPublic()).credentials).toMatchObject({ configured: true, savedFor: 'https://openapi.tanyibot.com' })
  })

  it('clears credentials', async () => {
    const { service } = setup()
    await service.saveCredentials(input)
    const settings = await service.clearCredentials()
    expect(settings.credentials.configured).toBe(false)
    expect(await service.loadCredentials()).toBeNull()
  })

  it('treats credentials it cannot decrypt as not configured', async () => {
    const { store, service } = setup()
    await service.saveCredentials(input)
    const otherKey: SecretCipher = createLocalCipher(join(mkdtempSync(join(tmpdir(), 'other-')), 'key'))
    const other = createSettingsService(store, otherKey)
    expect(await other.loadCredentials()).toBeNull()
    expect((await other.getPublic()).credentials.configured).toBe(false)
  })

  it('falls back field by field when the stored settings are damaged', async () => {
    const { dir } = setup()
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ settings: { baseUrl: 'not a url', timeoutMs: -5, reviewerName: '王芳', language: 'fr' } }),
    )
    const store = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'test' })
    const service = createSettingsService(store, createLocalCipher(join(dir, 'key')))
    const settings = await service.getPublic()
    expect(settings.baseUrl).toBe(DEFAULT_BASE_URL)
    expect(settings.timeoutMs).toBe(15_000)
    expect(settings.reviewerName).toBe('王芳')
    expect(settings.language).toBe('zh-CN')
  })

  it('updates general settings', async () => {
    const { service } = setup()
    const settings = await service.update({ language: 'en', timeoutMs: 5000, reviewerName: 'Li' })
    expect(settings).toMatchObject({ language: 'en', timeoutMs: 5000, reviewerName: 'Li' })
  })

  it('turns grade-and-advance on for a new profile only; one already in use keeps staying on the graded call', async () => {
    expect((await setup().service.getPublic()).advanceAfterGrade).toBe(true)

    // A profile an earlier version made: its settings were saved, without the field.
    const earlier = setup()
    earlier.store.set('settings', { baseUrl: 'https://openapi.tanyibot.com', reviewerName: '王芳' })
    expect((await createSettingsService(earlier.store, earlier.cipher).getPublic()).advanceAfterGrade).toBe(false)

    // One that never saved settings but holds an account's grades.
    const withData = setup()
    withData.store.clear()
    const service = createSettingsService(withData.store, withData.cipher, { accountDataExists: () => true })
    expect((await service.getPublic()).advanceAfterGrade).toBe(false)

    // The choice is saved: a restart (or a later account) does not change it, the reviewer does.
    const fresh = setup()
    expect((await createSettingsService(fresh.store, fresh.cipher, { accountDataExists: () => true }).getPublic()).advanceAfterGrade).toBe(true)
    await fresh.service.update({ advanceAfterGrade: false })
    expect((await createSettingsService(fresh.store, fresh.cipher).getPublic()).advanceAfterGrade).toBe(false)
  })

  it('keeps the player\'s track and skip-to-the-customer choices, defaulting to the full recording', async () => {
    const { service, store, cipher } = setup()
    expect(await service.getPublic()).toMatchObject({ playbackTrack: 'full', skipToCustomer: false })
    await service.update({ playbackTrack: 'customer', skipToCustomer: true })
    expect(await createSettingsService(store, cipher).getPublic()).toMatchObject({ playbackTrack: 'customer', skipToCustomer: true })
    store.set('settings', { ...(store.get('settings') as object), playbackTrack: 'left', skipToCustomer: 'yes' })
    expect(await service.getPublic()).toMatchObject({ playbackTrack: 'full', skipToCustomer: false })
  })

  it('masks short and long keys without revealing most characters', () => {
    expect(maskAppKey('abc')).toBe('***')
    expect(maskAppKey('abcdefg')).toBe('a*****g')
    expect(maskAppKey('abcdefghijkl')).toBe('abc******jkl')
  })
})

describe('opening a damaged store', () => {
  it('sets the damaged file aside and starts afresh instead of crashing', async () => {
    const { openRecovering } = await import('../../electron/main/services/storage/store-recovery')
    const dir = mkdtempSync(join(tmpdir(), 'recover-'))
    const file = join(dir, 'settings.json')
    writeFileSync(file, '{"settings": {"reviewerName": "王')
    const open = () => new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'test' })
    expect(open).toThrow()
    const recoveries: string[] = []
    const store = openRecovering(open, file, (r) => recoveries.push(r.setAsideAs))
    expect(store.get('settings')).toBeUndefined()
    expect(recoveries).toHaveLength(1)
    expect(readFileSync(recoveries[0]!, 'utf8')).toBe('{"settings": {"reviewerName": "王')
  })
})
