// The API client against the simulated server over real HTTP: success, local validation and
// every failure path the reviewer can meet.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApiClient, type ApiClientConfig } from '../../electron/main/services/api/client'
import { AppError } from '../../shared/errors'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'

let sim: RunningSimulator

beforeEach(async () => {
  sim = await startSimulator({ port: 0, seed: 7 })
})
afterEach(async () => {
  await sim.close()
})

function client(overrides: Partial<ApiClientConfig> = {}) {
  return createApiClient({
    baseUrl: sim.url,
    credentials: DEMO_CREDENTIALS,
    timeoutMs: 2000,
    retry: { attempts: 3, baseDelayMs: 5 },
    ...overrides,
  })
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

const apiRequests = () => sim.requestLog.filter((r) => r.path.startsWith('/apiOpen/'))

describe('API client against the simulator', () => {
  it('lists a task’s calls, with the pagination fields and unknown fields kept', async () => {
    const jobId = sim.dataset.jobs[0]!.robotCallJobId
    const page = await client().listCalls({ robotCallJobId: jobId, pageNum: 2, pageSize: 7 })
    const expected = sim.dataset.calls.filter((c) => c.robotCallJobId === jobId).length
    expect(page.number).toBe(2)
    expect(page.pageSize).toBe(7)
    expect(page.totalElements).toBe(expected)
    expect(page.pages).toBe(Math.ceil(expected / 7))
    expect(page.content).toHaveLength(7)
    // A field the documented schema does not name survives validation.
    expect(Object.keys(page.content[0]!)).toContain('intentLevelName')
  })

  it('sends filters and gets only matching calls', async () => {
    const jobId = sim.dataset.jobs[0]!.robotCallJobId
    const page = await client().listCalls({
      robotCallJobId: jobId,
      resultStatuses: ['ANSWERED'],
      intentLevels: ['A', 'B'],
      pageSize: 100,
    })
    expect(page.totalElements).toBeGreaterThan(0)
    for (const call of page.content) {
      expect(call.resultStatus).toBe('ANSWERED')
      expect(['A', 'B']).toContain(call.intentLevel)
    }
  })

  it('gets a call’s detail with its customer, and the task list', async () => {
    const call = sim.dataset.calls.find((c) => c.resultStatus === 'ANSWERED')!
    const detail = await client().getCallDetail({ callRecordId: call.callRecordId })
    expect(detail.callRecordId).toBe(call.callRecordId)
    expect(detail.customerPerson?.name).toBeTruthy()
    expect(detail.callDetailList?.length).toBeGreaterThan(0)
    const jobs = await client().listJobs({ pageSize: 100 })
    expect(jobs.totalElements).toBe(sim.dataset.jobs.length)
  })

  it('refuses invalid requests before sending anything', async () => {
    const c = client()
    for (const query of [
      { robotCallJobId: 1, pageSize: 101 },
      { robotCallJobId: 1, pageSize: 0 },
      { robotCallJobId: 1, pageNum: 0 },
      { pageSize: 10 },
      // An enumeration value the app does not know is sent (the server decides); an empty or
      // overlong one is not a value.
      { robotCallJobId: 1, resultStatuses: [''] },
      { robotCallJobId: 1, intentLevels: ['G'.repeat(65)] },
    ]) {
      const error = await failure(c.listCalls(query as never))
      expect(error.kind).toBe('invalid-request')
      expect(error.messages['zh-CN']).toMatch(/请求参数无效/)
    }
    expect(apiRequests()).toHaveLength(0)
  })

  it('reports wrong credentials as code 401 in both languages, without the secret', async () => {
    const error = await failure(
      client({ credentials: { ...DEMO_CREDENTIALS, appSecret: 'wrong-secret-123' } }).listJobs(),
    )
    expect(error.kind).toBe('api-code')
    expect(error.code).toBe(401)
    expect(error.messages['zh-CN']).toMatch(/验证失败/)
    expect(error.messages.en).toMatch(/Authentication failed/)
    expect(JSON.stringify(error.toPayload())).not.toContain('wrong-secret-123')
    expect(apiRequests()).toHaveLength(1) // not retried
  })

  it('reports a clock more than five minutes off as 401', async () => {
    const error = await failure(client({ now: () => Date.now() - 6 * 60_000 }).listJobs())
    expect(error.code).toBe(401)
  })

  it.each([403, 404, 412])('reports documented code %i with its meaning, without retrying', async (code) => {
    sim.injectFault({ target: 'jobList', kind: 'code', code })
    const error = await failure(client().listJobs())
    expect(error.kind).toBe('api-code')
    expect(error.code).toBe(code)
    expect(error.messages['zh-CN']).toContain(`代码 ${code}`)
    expect(apiRequests()).toHaveLength(1)
  })

  it('retries code 500 three times in all, then reports it', async () => {
    sim.injectFault({ target: 'jobList', kind: 'code', code: 500 })
    const error = await failure(client().listJobs())
    expect(error.code).toBe(500)
    expect(error.messages['zh-CN']).toMatch(/未知错误/)
    expect(apiRequests()).toHaveLength(3)
  })

  it('recovers when a transient 5xx clears before the last try', async () => {
    sim.injectFault({ target: 'jobList', kind: 'http-status', status: 503, times: 2 })
    const jobs = await client().listJobs()
    expect(jobs.content.length).toBeGreaterThan(0)
    expect(apiRequests()).toHaveLength(3)
  })

  it('reports another HTTP status as such', async () => {
    sim.injectFault({ target: 'jobList', kind: 'http-status', status: 429 })
    const error = await failure(client().listJobs())
    expect(error.status).toBe(429)
    expect(apiRequests()).toHaveLength(1)
  })

  it('recognises an HTML error page from a gateway', async () => {
    sim.injectFault({ target: 'callDetail', kind: 'html', status: 502 })
    const id = sim.dataset.calls[0]!.callRecordId
    const error = await failure(client().getCallDetail({ callRecordId: id }))
    expect(error.kind).toBe('html-page')
    expect(error.status).toBe(502)
    expect(error.messages['zh-CN']).toMatch(/网页/)
    expect(apiRequests()).toHaveLength(3) // a 5xx: retried
  })

  it('reports truncated JSON', async () => {
    sim.injectFault({ target: 'jobList', kind: 'truncated-json' })
    const error = await failure(client().listJobs())
    expect(error.kind).toBe('invalid-json')
    expect(error.messages['zh-CN']).toMatch(/截断/)
  })

  it('times out on a server that never answers', async () => {
    sim.injectFault({ target: 'jobList', kind: 'hang' })
    const error = await failure(client({ timeoutMs: 300 }).listJobs())
    expect(error.kind).toBe('timeout')
    expect(error.messages['zh-CN']).toMatch(/超时/)
  })

  it('reports a reset connection as a network error after retrying', async () => {
    sim.injectFault({ target: 'jobList', kind: 'reset' })
    const error = await failure(client().listJobs())
    expect(error.kind).toBe('network')
    expect(apiRequests()).toHaveLength(3)
  })

  it('stops reading a huge answer', async () => {
    sim.injectFault({ target: 'jobList', kind: 'huge' })
    const error = await failure(client({ maxAnswerBytes: 1024 * 1024 }).listJobs())
    expect(error.kind).toBe('too-large')
  })

  it('reports connection refused when the server is down', async () => {
    const c = client()
    await sim.close()
    const error = await failure(c.listJobs())
    expect(error.kind).toBe('connection-refused')
    expect(error.messages['zh-CN']).toMatch(/连接被拒绝/)
    sim = await startSimulator({ port: 0 }) // for afterEach
  })

  it('injected latency delays the answer but it still arrives', async () => {
    sim.setLatency(150)
    const started = Date.now()
    await client().listJobs()
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })
})

describe('API client answer checks (hand-made answers)', () => {
  function answering(status: number, body: string, contentType = 'application/json'): ApiClientConfig['fetch'] {
    return async () => new Response(body, { status, headers: { 'Content-Type': contentType } })
  }
  const base = { baseUrl: 'http://127.0.0.1:9', credentials: { appKey: 'key-abc', appSecret: 'sec-xyz', tenantSign: 't' } }

  it('rejects an answer whose data has the wrong shape', async () => {
    const c = createApiClient({ ...base, fetch: answering(200, JSON.stringify({ code: 200, data: { content: 'x' } })) })
    const error = await failure(c.listJobs())
    expect(error.kind).toBe('invalid-answer')
  })

  it('scrubs credentials that a server echoes into its message', async () => {
    const body = JSON.stringify({ code: 412, data: null, resultMsg: 'bad header appSecret=sec-xyz appKey=key-abc' })
    const c = createApiClient({ ...base, fetch: answering(200, body) })
    const error = await failure(c.listJobs())
    const text = JSON.stringify(error.toPayload())
    expect(text).not.toContain('sec-xyz')
    expect(text).not.toContain('key-abc')
    expect(text).toContain('***')
  })

  it('sends credentials over plain http to this computer only', () => {
    expect(() => createApiClient({ ...base, baseUrl: 'http://crm.tanyibot.com' })).toThrow(/https/)
    expect(createApiClient({ ...base, baseUrl: 'http://localhost:8080/' }).baseUrl).toBe('http://localhost:8080')
    expect(createApiClient({ ...base, baseUrl: 'https://crm.tanyibot.com/' }).baseUrl).toBe('https://crm.tanyibot.com')
  })

  it('scrubs the tenantSign too', async () => {
    const body = JSON.stringify({ code: 412, data: null, resultMsg: 'unknown tenant tenant-sign-77' })
    const c = createApiClient({ ...base, credentials: { ...base.credentials, tenantSign: 'tenant-sign-77' }, fetch: answering(200, body) })
    const text = JSON.stringify((await failure(c.listJobs())).toPayload())
    expect(text).not.toContain('tenant-sign-77')
    expect(text).toContain('unknown tenant ***')
  })

  it('treats a non-200 code under HTTP 200 as a failure', async () => {
    const c = createApiClient({ ...base, fetch: answering(200, JSON.stringify({ code: 403, data: null, resultMsg: '无权限' })) })
    const error = await failure(c.listJobs())
    expect(error.code).toBe(403)
    expect(error.messages['zh-CN']).toContain('无权限')
  })
})

describe('API client and redirects (a local server answering 3xx)', () => {
  const credentials = { appKey: 'key-redirect-1', appSecret: 'secret-redirect-2', tenantSign: 'tenant-redirect-3' }
  let target: Server
  let targetHits = 0
  let redirector: Server
  let redirectorHits = 0
  let answer: { status: number; location?: string } = { status: 302 }

  beforeEach(async () => {
    targetHits = 0
    redirectorHits = 0
    // Where the redirect points: it must never see a request (the signed headers would go with it).
    target = createServer((_request, response) => {
      targetHits++
      response.end(JSON.stringify({ code: 200, data: { content: [], totalElements: 0 } }))
    })
    redirector = createServer((_request, response) => {
      redirectorHits++
      response.writeHead(answer.status, answer.location === undefined ? {} : { Location: answer.location })
      response.end('moved')
    })
    await Promise.all([target, redirector].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))))
  })
  afterEach(async () => {
    await Promise.all([target, redirector].map((server) => new Promise((resolve) => server.close(resolve))))
  })

  const portOf = (server: Server) => (server.address() as AddressInfo).port
  const redirectingClient = () =>
    createApiClient({ baseUrl: `http://127.0.0.1:${portOf(redirector)}`, credentials, timeoutMs: 2000, retry: { attempts: 3, baseDelayMs: 5 } })

  it.each([301, 302, 307, 308])('refuses HTTP %i once, naming where it pointed, without following or retrying', async (status) => {
    answer = { status, location: `http://127.0.0.1:${portOf(target)}/apiOpen/v1/job/getJobs?ticket=abc123` }
    const error = await failure(redirectingClient().listJobs())
    expect(error.kind).toBe('redirect')
    expect(error.status).toBe(status)
    expect(error.retryable).toBe(false)
    expect(error.unreachable).toBe(false)
    const where = `http://127.0.0.1:${portOf(target)}/apiOpen/v1/job/getJobs?…`
    expect(error.messages['zh-CN']).toContain(`重定向到 ${where}（HTTP ${status}）`)
    expect(error.messages.en).toContain(`redirected the request to ${where} (HTTP ${status})`)
    // The query may carry someone's token: not repeated.
    expect(JSON.stringify(error.toPayload())).not.toContain('abc123')
    expect(redirectorHits).toBe(1)
    expect(targetHits).toBe(0)
  })

  it('redacts the credentials from the address it names, and resolves a relative one', async () => {
    answer = { status: 302, location: `https://elsewhere.example/${credentials.appSecret}/${credentials.tenantSign}` }
    const text = JSON.stringify((await failure(redirectingClient().listJobs())).toPayload())
    expect(text).toContain('https://elsewhere.example/***/***')
    expect(text).not.toContain(credentials.appSecret)
    expect(text).not.toContain(credentials.tenantSign)
    answer = { status: 301, location: '/v2/getJobs' }
    const relative = await failure(redirectingClient().listJobs())
    expect(relative.messages.en).toContain(`http://127.0.0.1:${portOf(redirector)}/v2/getJobs (HTTP 301)`)
    answer = { status: 307 }
    expect((await failure(redirectingClient().listJobs())).messages.en).toContain('to (no address given) (HTTP 307)')
  })
})
