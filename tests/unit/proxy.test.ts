// Company networks reach the platform through an HTTP(S) proxy: the API client and the recording
// downloads go through the proxy of the settings, else of HTTPS_PROXY / HTTP_PROXY (either case),
// except what NO_PROXY names and this computer itself (the demo). A test proxy on loopback proves
// each request really passed through it: the names it serves (*.sim.test) resolve nowhere else.
// A proxy's user and password never appear in a message, a log line or the page.
import Conf from 'conf'
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiClient, createNetwork, noProxyMatches, proxyFor, type FetchLike } from '../../electron/main/services/api'
import { createAudioService } from '../../electron/main/services/audio'
import { downloadToFile } from '../../electron/main/services/audio/download'
import { createSecretScrubber } from '../../electron/main/services/log'
import { createMainServices } from '../../electron/main/services/root'
import { createSettingsService } from '../../electron/main/services/settings'
import { createLocalCipher } from '../../electron/main/services/storage'
import { AppError } from '../../shared/errors'
import { settingsPatchSchema } from '../../shared/ipc/contract'
import { FIELD_LABELS, fieldErrors } from '../../shared/validation'
import { confStores } from '../../scripts/lib/browser-services'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { startTestProxy, TEST_CERTIFICATE, type TestProxy } from '../support/test-proxy'
import { startTestSocksProxy } from '../support/test-socks-proxy'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('proxy')
const API = 'https://api.sim.test'
const ca = [TEST_CERTIFICATE]
const once = { attempts: 1, baseDelayMs: 1 }

let sim: RunningSimulator
let proxy: TestProxy
let guarded: TestProxy
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 5 })
  const hosts = { 'api.sim.test': sim.port, 'recordings.sim.test': sim.port }
  proxy = await startTestProxy({ hosts })
  guarded = await startTestProxy({ hosts, credentials: 'alice:s3cr@t' })
})
afterAll(async () => {
  await proxy.close()
  await guarded.close()
  await sim.close()
})

/** A recording of the data set at another address: the same path on `origin`. */
function recordingAt(origin: string): { url: string; direct: string } {
  const call = sim.dataset.calls.find((c) => c.fullAudioUrl)!
  const direct = call.fullAudioUrl!
  return { url: origin + new URL(direct).pathname, direct }
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('which requests go through a proxy', () => {
  const env = { HTTPS_PROXY: 'http://secure-proxy:3128', HTTP_PROXY: 'http://plain-proxy:3128' }
  const via = (target: string, options: Parameters<typeof proxyFor>[1]) => proxyFor(target, options)?.proxy.host ?? null

  it('this computer itself never, whatever the setting or the environment', () => {
    for (const target of ['http://127.0.0.1:4100/apiOpen/v1/job/getJobs', 'http://localhost:8080/', 'http://[::1]:9/', 'http://127.8.0.1/']) {
      expect(via(target, { proxyUrl: 'http://proxy.corp:8080', env: { ...env, https_proxy: 'http://x:1', http_proxy: 'http://x:1' } })).toBeNull()
    }
  })

  it('the setting first; else HTTPS_PROXY for https and HTTP_PROXY for http, lower case before upper', () => {
    expect(via('https://openapi.tanyibot.com/x', { proxyUrl: 'http://proxy.corp:8080', env })).toBe('proxy.corp:8080')
    expect(via('https://openapi.tanyibot.com/x', { env })).toBe('secure-proxy:3128')
    expect(via('http://oss.example.com/a.wav', { env })).toBe('plain-proxy:3128')
    expect(via('https://openapi.tanyibot.com/x', { env: { ...env, https_proxy: 'http://lower:1' } })).toBe('lower:1')
    expect(proxyFor('https://openapi.tanyibot.com/x', { env: { ...env, https_proxy: 'http://lower:1' } })?.source).toBe('https_proxy')
    expect(via('http://oss.example.com/a.wav', { env: { http_proxy: 'lower-bare:3128' } })).toBe('lower-bare:3128')
    // ALL_PROXY (all_proxy first) when the address's own variable is unset, for both kinds.
    const all = { ALL_PROXY: 'socks5://clash:7890', all_proxy: 'socks5h://lower-all:7891' }
    expect(via('https://openapi.tanyibot.com/x', { env: { ...all, HTTP_PROXY: 'http://plain-proxy:3128' } })).toBe('lower-all:7891')
    expect(proxyFor('http://oss.example.com/a.wav', { env: { ALL_PROXY: 'socks5://clash:7890' } })).toMatchObject({ source: 'ALL_PROXY', proxy: new URL('socks5://clash:7890') })
    expect(via('https://openapi.tanyibot.com/x', { env: { ...env, ...all } })).toBe('secure-proxy:3128')
    expect(via('https://openapi.tanyibot.com/x', { env: { ...all, NO_PROXY: 'tanyibot.com' } })).toBeNull()
    // Empty counts as unset; no proxy at all is a direct connection.
    expect(via('https://openapi.tanyibot.com/x', { proxyUrl: '', env: { HTTPS_PROXY: ' ' } })).toBeNull()
    expect(via('https://openapi.tanyibot.com/x', {})).toBeNull()
  })

  it('not what NO_PROXY (or no_proxy) names: hosts with their sub-domains, ports, ranges, *', () => {
    const target = (url: string) => new URL(url)
    expect(noProxyMatches('example.com', target('https://api.example.com/'))).toBe(true)
    expect(noProxyMatches('example.com', target('https://example.com/'))).toBe(true)
    expect(noProxyMatches('example.com', target('https://notexample.com/'))).toBe(false)
    expect(noProxyMatches('.corp.local', target('http://oss.corp.local/'))).toBe(true)
    expect(noProxyMatches('*.corp.local', target('http://corp.local/'))).toBe(true)
    expect(noProxyMatches('intranet:8443', target('https://intranet:8443/'))).toBe(true)
    expect(noProxyMatches('intranet:8443', target('https://intranet/'))).toBe(false)
    expect(noProxyMatches('10.0.0.0/8, 192.168.1.7', target('http://10.20.30.40/'))).toBe(true)
    expect(noProxyMatches('10.0.0.0/8 192.168.1.7', target('http://192.168.1.7/'))).toBe(true)
    expect(noProxyMatches('10.0.0.0/8', target('http://11.0.0.1/'))).toBe(false)
    expect(noProxyMatches('*', target('https://anything.example/'))).toBe(true)
    expect(via('https://openapi.tanyibot.com/x', { env: { ...env, NO_PROXY: 'tanyibot.com' } })).toBeNull()
    expect(via('https://openapi.tanyibot.com/x', { env: { ...env, no_proxy: 'openapi.tanyibot.com' } })).toBeNull()
    // The setting too leaves out what NO_PROXY names.
    expect(via('https://openapi.tanyibot.com/x', { proxyUrl: 'http://proxy.corp:8080', env: { NO_PROXY: '.tanyibot.com' } })).toBeNull()
    expect(via('http://oss.example.com/a.wav', { proxyUrl: 'http://proxy.corp:8080', env: { NO_PROXY: '.tanyibot.com' } })).toBe('proxy.corp:8080')
  })

  it('a variable that names no proxy is said, its password hidden, never ignored', async () => {
    const error = await errorOf(Promise.resolve().then(() => proxyFor('https://openapi.tanyibot.com/', { env: { HTTPS_PROXY: 'socks4://bob:hunter2@proxy:1080' } })))
    expect(error.kind).toBe('invalid-request')
    expect(error.messages['zh-CN']).toContain('环境变量 HTTPS_PROXY 不是有效的代理地址')
    expect(error.messages.en).toContain('HTTPS_PROXY')
    expect(JSON.stringify(error.messages)).not.toMatch(/hunter2|bob/)
  })
})

describe('the API client through a proxy', () => {
  it('goes through the proxy of the settings, tunnelled: the proxy sees only CONNECT to the host', async () => {
    const network = createNetwork({ proxyUrl: () => proxy.url, ca })
    try {
      const before = proxy.seen.length
      const client = createApiClient({ baseUrl: API, credentials: DEMO_CREDENTIALS, fetch: network.fetch, retry: once })
      const jobs = await client.listJobs({ pageSize: 100 })
      expect(jobs.totalElements).toBe(sim.dataset.jobs.length)
      const calls = await client.listCalls({ robotCallJobId: sim.dataset.jobs[0]!.robotCallJobId, pageSize: 5 })
      expect(calls.content.length).toBe(5)
      const seen = proxy.seen.slice(before)
      expect(seen.length).toBeGreaterThan(0)
      // Never a request line: the signed headers and the body went inside the tunnel.
      expect(seen.every((r) => r.method === 'CONNECT' && r.target === 'api.sim.test:443')).toBe(true)
    } finally {
      await network.close()
    }
  })

  it('goes through the proxy of HTTPS_PROXY when the settings name none', async () => {
    const network = createNetwork({ proxyUrl: () => '', env: { HTTPS_PROXY: proxy.url }, ca })
    try {
      const before = proxy.seen.length
      const client = createApiClient({ baseUrl: API, credentials: DEMO_CREDENTIALS, fetch: network.fetch, retry: once })
      expect((await client.listJobs()).totalElements).toBe(sim.dataset.jobs.length)
      expect(proxy.seen.slice(before)).toContainEqual(expect.objectContaining({ method: 'CONNECT', target: 'api.sim.test:443' }))
    } finally {
      await network.close()
    }
  })

  it('goes direct for what NO_PROXY names, and to this computer (the demo) always', async () => {
    const direct: string[] = []
    const stub: FetchLike = async (url) => {
      direct.push(url)
      return new Response(JSON.stringify({ code: 200, data: { number: 1, pageSize: 20, totalElements: 0, pages: 0, content: [] }, requestId: 'X', resultMsg: '', errorStackTrace: null }), {
        headers: { 'Content-Type': 'application/json' },
      })
    }
    const before = proxy.seen.length
    const network = createNetwork({ env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,.sim.test' }, ca, direct: stub })
    try {
      await createApiClient({ baseUrl: API, credentials: DEMO_CREDENTIALS, fetch: network.fetch, retry: once }).listJobs()
      expect(direct).toEqual([`${API}/apiOpen/v1/job/getJobs?pageNum=1&pageSize=20`])
    } finally {
      await network.close()
    }
    // The demo on loopback: the real thing, direct, with a proxy set everywhere.
    const everywhere = createNetwork({ proxyUrl: () => proxy.url, env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } })
    try {
      const demo = createApiClient({ baseUrl: sim.url, credentials: DEMO_CREDENTIALS, fetch: everywhere.fetch, retry: once })
      expect((await demo.listJobs()).totalElements).toBe(sim.dataset.jobs.length)
    } finally {
      await everywhere.close()
    }
    expect(proxy.seen.length).toBe(before)
  })

  it('sends the proxy’s user and password, and never shows them', async () => {
    const lines: string[] = []
    const withPassword = `http://alice:${encodeURIComponent('s3cr@t')}@127.0.0.1:${guarded.port}`
    const network = createNetwork({ proxyUrl: () => withPassword, ca, log: (line) => lines.push(line) })
    try {
      const client = createApiClient({ baseUrl: API, credentials: DEMO_CREDENTIALS, fetch: network.fetch, retry: once })
      expect((await client.listJobs()).totalElements).toBe(sim.dataset.jobs.length)
      expect(guarded.seen.at(-1)).toMatchObject({ method: 'CONNECT', authorization: `Basic ${Buffer.from('alice:s3cr@t').toString('base64')}` })
      expect(lines).toEqual([`${API} via proxy http://***@127.0.0.1:${guarded.port} (setting)`])
    } finally {
      await network.close()
    }
    // A wrong password: the proxy's refusal, said as such, without the password.
    const wrong = createNetwork({ proxyUrl: () => `http://alice:wrong-pass@127.0.0.1:${guarded.port}`, ca })
    try {
      const error = await errorOf(createApiClient({ baseUrl: API, credentials: DEMO_CREDENTIALS, fetch: wrong.fetch, retry: once }).listJobs())
      expect(error).toMatchObject({ kind: 'network', status: 407 })
      expect(error.messages['zh-CN']).toBe(`经代理服务器 http://***@127.0.0.1:${guarded.port} 连接 ${API} 失败：代理服务器要求身份验证（HTTP 407），请检查代理地址中的用户名和密码`)
      expect(JSON.stringify(error.messages)).not.toMatch(/wrong-pass|alice/)
    } finally {
      await wrong.close()
    }
    // The log's scrubber hides any URL's user and password, whoever wrote the line.
    expect(createSecretScrubber().scrub(`failed via http://alice:s3cr%40t@proxy.corp:8080/ and https://bob:x@oss/a`)).toBe('failed via http://***@proxy.corp:8080/ and https://***@oss/a')
  })

  it('says when the proxy cannot be reached, naming the proxy', async () => {
    const gone = await startTestProxy({ hosts: {} })
    await gone.close()
    const network = createNetwork({ proxyUrl: () => `http://u:p4ss@127.0.0.1:${gone.port}`, ca })
    try {
      const error = await errorOf(createApiClient({ baseUrl: API, credentials: DEMO_CREDENTIALS, fetch: network.fetch, retry: once }).listJobs())
      expect(error.kind).toBe('connection-refused')
      expect(error.messages.en).toBe(`Could not reach ${API} through the proxy http://***@127.0.0.1:${gone.port}: the proxy refused the connection; it may be down`)
    } finally {
      await network.close()
    }
  })
})

describe('through a SOCKS5 proxy', () => {
  it('reaches the API and the recordings through the proxy of the settings or ALL_PROXY, host names resolved by the proxy', async () => {
    const socks = await startTestSocksProxy({ hosts: { 'api.sim.test': sim.port, 'recordings.sim.test': sim.port } })
    const dir = tempDir()
    const lines: string[] = []
    for (const options of [{ proxyUrl: () => socks.url }, { proxyUrl: () => '', env: { ALL_PROXY: socks.url.replace('socks5:', 'socks5h:') } }]) {
      const network = createNetwork({ ...options, ca, log: (line) => lines.push(line) })
      try {
        const before = socks.seen.length
        const client = createApiClient({ baseUrl: API, credentials: DEMO_CREDENTIALS, fetch: network.fetch, retry: once })
        expect((await client.listJobs({ pageSize: 100 })).totalElements).toBe(sim.dataset.jobs.length)
        const plain = recordingAt('http://recordings.sim.test')
        const expected = Buffer.from(await (await fetch(plain.direct)).arrayBuffer())
        await downloadToFile(plain.url, join(dir, 'plain.wav'), { timeoutMs: 10_000, maxBytes: 50_000_000, fetch: network.fetch })
        expect(readFileSync(join(dir, 'plain.wav')).equals(expected)).toBe(true)
        // Every request in a tunnel to the host's name (which resolves nowhere but at this proxy).
        expect(socks.seen.slice(before).map((r) => r.target)).toEqual(['api.sim.test:443', 'recordings.sim.test:80'])
      } finally {
        await network.close()
      }
    }
    expect(lines).toEqual([
      `${API} via proxy ${socks.url} (setting)`,
      `http://recordings.sim.test via proxy ${socks.url} (setting)`,
      `${API} via proxy socks5h://127.0.0.1:${socks.port} (ALL_PROXY)`,
      `http://recordings.sim.test via proxy socks5h://127.0.0.1:${socks.port} (ALL_PROXY)`,
    ])
    await socks.close()
  })

  it('sends the proxy’s user and password; a wrong one is said as such, never shown', async () => {
    const socks = await startTestSocksProxy({ hosts: { 'api.sim.test': sim.port }, credentials: 'alice:s3cr@t' })
    const network = createNetwork({ proxyUrl: () => `socks5://alice:${encodeURIComponent('s3cr@t')}@127.0.0.1:${socks.port}`, ca })
    try {
      const client = createApiClient({ baseUrl: API, credentials: DEMO_CREDENTIALS, fetch: network.fetch, retry: once })
      expect((await client.listJobs()).totalElements).toBe(sim.dataset.jobs.length)
      expect(socks.seen.at(-1)).toEqual({ method: 'SOCKS', target: 'api.sim.test:443', authorization: 'alice:s3cr@t' })
      // An address out of the proxy's reach: its answer, said as such.
      const unknown = await errorOf(downloadToFile('https://recordings.sim.test/a.wav', join(tempDir(), 'a.wav'), { timeoutMs: 10_000, maxBytes: 1_000, fetch: network.fetch }))
      expect(unknown.messages['zh-CN']).toBe(`经代理服务器 socks5://***@127.0.0.1:${socks.port} 连接 https://recordings.sim.test 失败：代理服务器无法连接该地址`)
    } finally {
      await network.close()
    }
    const wrong = createNetwork({ proxyUrl: () => `socks5://alice:wrong-pass@127.0.0.1:${socks.port}`, ca })
    try {
      const error = await errorOf(createApiClient({ baseUrl: API, credentials: DEMO_CREDENTIALS, fetch: wrong.fetch, retry: once }).listJobs())
      expect(error.kind).toBe('network')
      expect(error.messages['zh-CN']).toBe(`经代理服务器 socks5://***@127.0.0.1:${socks.port} 连接 ${API} 失败：代理服务器拒绝了用户名或密码，请检查代理地址中的用户名和密码`)
      expect(JSON.stringify(error.messages)).not.toMatch(/wrong-pass|alice/)
    } finally {
      await wrong.close()
    }
    await socks.close()
  })
})

describe('the command line through a proxy', () => {
  it('follows HTTPS_PROXY, as a real process', async () => {
    const before = proxy.seen.length
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/cli.ts', 'jobs', '--size', '1'], {
      env: {
        ...process.env,
        TANYI_BASE_URL: API,
        TANYI_APP_KEY: DEMO_CREDENTIALS.appKey,
        TANYI_APP_SECRET: DEMO_CREDENTIALS.appSecret,
        TANYI_TENANT_SIGN: DEMO_CREDENTIALS.tenantSign,
        // Both cases: whatever this machine's environment holds is set aside.
        HTTPS_PROXY: proxy.url,
        https_proxy: proxy.url,
        NO_PROXY: '',
        no_proxy: '',
        // Node trusts the test server's certificate from the start, as a company's own CA would be.
        NODE_EXTRA_CA_CERTS: join(import.meta.dirname, '../support/proxy-tls/cert.pem'),
      },
    })
    expect(JSON.parse(stdout).totalElements).toBe(sim.dataset.jobs.length)
    expect(proxy.seen.slice(before)).toContainEqual(expect.objectContaining({ method: 'CONNECT', target: 'api.sim.test:443' }))
  })
})

describe('recordings through a proxy', () => {
  it('downloads an http recording forwarded by the proxy of the settings, and an https one tunnelled', async () => {
    const dir = tempDir()
    const network = createNetwork({ proxyUrl: () => proxy.url, ca })
    try {
      const plain = recordingAt('http://recordings.sim.test')
      const expected = Buffer.from(await (await fetch(plain.direct)).arrayBuffer())
      const before = proxy.seen.length
      const bytes = await downloadToFile(plain.url, join(dir, 'plain.wav'), { timeoutMs: 10_000, maxBytes: 50_000_000, fetch: network.fetch })
      expect(bytes).toBe(expected.length)
      expect(readFileSync(join(dir, 'plain.wav')).equals(expected)).toBe(true)
      expect(proxy.seen.slice(before)).toEqual([expect.objectContaining({ method: 'GET', target: plain.url })])

      const secure = recordingAt('https://recordings.sim.test')
      await downloadToFile(secure.url, join(dir, 'secure.wav'), { timeoutMs: 10_000, maxBytes: 50_000_000, fetch: network.fetch })
      expect(readFileSync(join(dir, 'secure.wav')).equals(expected)).toBe(true)
      expect(proxy.seen.at(-1)).toMatchObject({ method: 'CONNECT', target: 'recordings.sim.test:443' })
    } finally {
      await network.close()
    }
  })

  it('the player’s download goes through the proxy of http_proxy', async () => {
    const network = createNetwork({ env: { http_proxy: proxy.url }, ca })
    try {
      const call = sim.dataset.calls.find((c) => c.fullAudioUrl)!
      const before = proxy.seen.length
      const audio = createAudioService({
        cacheDir: tempDir(),
        mediaUrl: (id, track) => `/media/${id}/${track}`,
        recordingUrls: async () => ({ full: recordingAt('http://recordings.sim.test').url, customer: null }),
        timeoutMs: () => 10_000,
        fetch: network.fetch,
      })
      const prepared = await audio.prepare(call.callRecordId, 'full')
      expect(prepared.durationSec).toBeGreaterThan(0)
      expect(proxy.seen.slice(before)).toEqual([expect.objectContaining({ method: 'GET', target: expect.stringMatching(/^http:\/\/recordings\.sim\.test\/recordings\//) })])
    } finally {
      await network.close()
    }
  })
})

describe('the proxy setting', () => {
  it('is checked like the other addresses, its problem said beside the field', () => {
    for (const proxyUrl of ['', 'http://proxy.corp:8080', 'https://proxy.corp', 'http://alice:pw@10.1.2.3:3128', 'socks5://127.0.0.1:7890', 'socks5h://u:p@proxy:1080']) {
      expect(settingsPatchSchema.safeParse({ proxyUrl }).success).toBe(true)
    }
    for (const proxyUrl of ['socks4://proxy:1080', 'proxy.corp:8080', 'http://proxy.corp:8080/path', 'http://', 'ftp://proxy', 'socks5://proxy:1080/x']) {
      const parsed = settingsPatchSchema.safeParse({ proxyUrl })
      expect(parsed.success).toBe(false)
      expect(fieldErrors(parsed.error!)['proxyUrl']?.['zh-CN']).toBe('不是有效的代理地址：应为 http://、https:// 或 socks5:// 加主机名和端口（例如 http://proxy.example.com:8080）；不用代理请留空')
    }
    expect(FIELD_LABELS['proxyUrl']).toEqual({ 'zh-CN': '代理服务器', en: 'Proxy' })
  })

  it('reaches the page with its user and password as ***; sent back so, the saved ones stay', async () => {
    const dir = tempDir()
    const store = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'test' })
    const settings = createSettingsService(store, createLocalCipher(join(dir, 'key')))
    const shown = await settings.update({ proxyUrl: 'http://alice:s3cret@proxy.corp:8080' })
    expect(shown.proxyUrl).toBe('http://***@proxy.corp:8080')
    expect(JSON.stringify(shown)).not.toMatch(/s3cret|alice/)
    await settings.update({ proxyUrl: shown.proxyUrl, timeoutMs: 20_000 })
    expect(await settings.proxyUrl()).toBe('http://alice:s3cret@proxy.corp:8080')
    await settings.update({ proxyUrl: '' })
    expect(await settings.proxyUrl()).toBe('')
    expect(store.get('proxySecret')).toBeUndefined()
  })

  it('keeps its password encrypted: never in the settings file, moved there out of an older one as the app starts', async () => {
    const dir = tempDir()
    const store = new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'test' })
    const cipher = createLocalCipher(join(dir, 'key'))
    const settings = createSettingsService(store, cipher)
    await settings.update({ proxyUrl: 'http://alice:s3cret@proxy.corp:8080' })
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toMatch(/s3cret|alice/)
    expect(await settings.proxyUrl()).toBe('http://alice:s3cret@proxy.corp:8080')
    // A proxy without a user needs no secret; a hand-edited file naming another proxy does not
    // get the first one's password.
    const key = settings.connectionKey()
    await settings.update({ proxyUrl: 'http://bob:n3w@proxy.corp:8080' })
    expect(settings.connectionKey()).not.toBe(key)
    store.set('settings', { ...(store.get('settings') as object), proxyUrl: 'http://***@elsewhere.example:3128' })
    expect(await settings.proxyUrl()).toBe('http://***@elsewhere.example:3128')

    // Written by an earlier version: the password as typed, in the file.
    const old = tempDir()
    const oldStore = new Conf<Record<string, unknown>>({ cwd: old, configName: 'settings', projectName: 'test' })
    oldStore.set('settings', { proxyUrl: 'http://carol:pl41n@proxy.corp:8080', language: 'en' })
    const upgraded = createSettingsService(oldStore, createLocalCipher(join(old, 'key')))
    expect(await upgraded.proxyUrl()).toBe('http://carol:pl41n@proxy.corp:8080')
    expect(readFileSync(join(old, 'settings.json'), 'utf8')).not.toMatch(/pl41n|carol/)
    expect((await upgraded.getPublic()).proxyUrl).toBe('http://***@proxy.corp:8080')
    expect(upgraded.general().language).toBe('en')
  })

  it('is what the app’s requests follow: the account through the proxy of the settings, logged without its password', async () => {
    const dir = tempDir()
    const lines: string[] = []
    const services = createMainServices({
      profileDir: dir,
      openStore: confStores(dir),
      cipher: createLocalCipher(join(dir, 'local-secret.key')),
      mediaUrl: (id, track) => `/media/${id}/${track}`,
      appVersion: '0.0.0',
      startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
      log: (line) => lines.push(line),
      env: {},
      trustedCertificates: ca,
    })
    try {
      await services.handlers.updateSettings({ proxyUrl: `http://alice:${encodeURIComponent('s3cr@t')}@127.0.0.1:${guarded.port}` })
      await services.handlers.saveCredentials({ ...DEMO_CREDENTIALS, baseUrl: API })
      const before = guarded.seen.length
      const jobs = await services.handlers.listJobs({ pageNum: 1, pageSize: 20 })
      expect(jobs.totalElements).toBe(sim.dataset.jobs.length)
      expect(guarded.seen.slice(before)).toContainEqual(expect.objectContaining({ method: 'CONNECT', target: 'api.sim.test:443' }))
      expect(lines).toContain(`${API} via proxy http://***@127.0.0.1:${guarded.port} (setting)`)
      expect(lines.join('\n')).not.toMatch(/s3cr|alice/)
    } finally {
      await services.close()
    }
  })
})
