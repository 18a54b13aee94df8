// Settings refused by main say what is wrong field by field, in both languages and by the names
// the reviewer knows (not internal ones), so the form can show each beside its field.
import { describe, expect, it } from 'vitest'
import { CHANNELS } from '../../shared/ipc/channels'
import { createBrowserServices } from '../../scripts/lib/browser-services'
import { DEMO_CREDENTIALS, startSimulator } from '../../scripts/lib/simulator'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('settings-validation')

async function refused(channel: string, payload: unknown) {
  const sim = await startSimulator({ port: 0, seed: 1 })
  const services = createBrowserServices({
    profileDir: tempDir(),
    startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
  })
  try {
    const result = await services.dispatch(channel, payload)
    if (result.ok) throw new Error('expected a refusal')
    return result.error
  } finally {
    await services.close()
    await sim.close()
  }
}

describe('settings validation', () => {
  it('keys each problem by its field, in both languages', async () => {
    const error = await refused(CHANNELS.updateSettings, { baseUrl: 'htp:/bad address', timeoutMs: 500, reviewerName: 'x'.repeat(41) })
    expect(error.kind).toBe('invalid-request')
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['baseUrl', 'reviewerName', 'timeoutMs'])
    expect(error.fields!['baseUrl']).toEqual({
      'zh-CN': '不是有效的 http 或 https 网址（例如 https://openapi.tanyibot.com）',
      en: 'not a valid http or https address (for example https://openapi.tanyibot.com)',
    })
    expect(error.fields!['timeoutMs']).toEqual({ 'zh-CN': '不能小于 1000', en: 'must be at least 1000' })
    expect(error.fields!['reviewerName']).toEqual({ 'zh-CN': '不能超过 40 个字符', en: 'must be at most 40 characters' })
    // The sentence names fields as the form does, never by their internal names.
    expect(error.message['zh-CN']).toContain('API 地址：不是有效的 http 或 https 网址')
    expect(error.message['zh-CN']).toContain('请求超时 不能小于 1000')
    expect(error.message['zh-CN']).not.toMatch(/baseUrl|timeoutMs|reviewerName/)
    expect(error.message.en).toContain('API address: not a valid http or https address')
  })

  it('says plain http goes only to this computer, beside the address', async () => {
    const error = await refused(CHANNELS.saveCredentials, { appKey: 'k', appSecret: '', tenantSign: 't', baseUrl: 'http://example.com' })
    expect(error.fields!['baseUrl']!['zh-CN']).toBe('必须使用 https（本机地址 127.0.0.1、localhost 除外）')
    expect(error.fields!['appSecret']).toEqual({ 'zh-CN': '必须填写', en: 'is required' })
  })

  it('keys a candidate’s fields under the candidate in a connection test', async () => {
    const error = await refused(CHANNELS.testConnection, { candidate: { appKey: 'k', appSecret: 's', tenantSign: '', baseUrl: 'ftp://x' } })
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['candidate.baseUrl', 'candidate.tenantSign'])
  })
})
