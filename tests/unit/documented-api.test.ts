// The app and the simulator held to the platform's public docs as they stand today (the fixtures
// in tests/support/documented-api.ts): the documented examples pass through the client and the
// simulator, every documented enumeration value is accepted and labelled as the docs label it,
// and a value nobody documented is kept and shown as it is.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { callListQuerySchema, callPageSchema, envelopeSchema, jobListQuerySchema, jobPageSchema } from '../../shared/api-schemas'
import { JOB_STATUSES, JOB_STATUS_LABELS, RESULT_STATUSES, RESULT_STATUS_LABELS } from '../../shared/enums'
import { createApiClient, type ApiClientConfig } from '../../electron/main/services/api/client'
import { resultStatusLabel } from '../../electron/main/services/export/export-rows'
import { AppError } from '../../shared/errors'
import { hangupByLabel, statusLabel } from '../../renderer/src/format'
import { createCallCache } from '../../electron/main/services/cache/call-cache'
import { confStores } from '../../scripts/lib/offline-stack'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { readCallListQuery } from '../../electron/simulator/request-params'
import type { SimCall } from '../../electron/simulator'
import { useTempDirs } from '../support/temp-dirs'
import {
  HANGUP_BY_EXAMPLE,
  JOB_STATUS_DOCS,
  LIST_REQUEST_EXAMPLE,
  LIST_RESPONSE_EXAMPLE,
  LIST_ROW_FIELDS,
  NEW_RESULT_STATUS_LABELS,
  RESULT_STATUS_DOCS,
  SEED_LIST_REQUEST_EXAMPLE,
} from '../support/documented-api'

const tempDir = useTempDirs('documented-api')

let sim: RunningSimulator
beforeEach(async () => {
  sim = await startSimulator({ port: 0, seed: 3 })
})
afterEach(async () => {
  await sim.close()
})

function client(overrides: Partial<ApiClientConfig> = {}) {
  return createApiClient({ baseUrl: sim.url, credentials: DEMO_CREDENTIALS, timeoutMs: 2000, retry: { attempts: 1, baseDelayMs: 1 }, ...overrides })
}

/** A fetch that answers every request with this JSON text. */
const answering = (body: string) => async () => new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } })

describe('enumerations as documented', () => {
  it('knows the twelve task statuses, labelled as the docs label them', () => {
    expect([...JOB_STATUSES]).toEqual(JOB_STATUS_DOCS.map(([value]) => value))
    for (const [value, label] of JOB_STATUS_DOCS) expect(JOB_STATUS_LABELS[value as keyof typeof JOB_STATUS_LABELS]['zh-CN'], value).toBe(label)
  })

  it('knows the twelve call results, the two the task docs add labelled as they label them', () => {
    expect([...RESULT_STATUSES]).toEqual([...RESULT_STATUS_DOCS])
    for (const [value, label] of Object.entries(NEW_RESULT_STATUS_LABELS)) {
      expect(RESULT_STATUS_LABELS[value as keyof typeof RESULT_STATUS_LABELS]['zh-CN']).toBe(label)
    }
  })

  it('asks for every documented task status and call result, and the simulator answers each', async () => {
    const c = client()
    for (const [status] of JOB_STATUS_DOCS) {
      const page = await c.listJobs({ status })
      expect(page.content.every((job) => job.status === status), status).toBe(true)
    }
    const jobId = sim.dataset.jobs[0]!.robotCallJobId
    const page = await c.listCalls({ robotCallJobId: jobId, resultStatuses: ['CALL_LOSS', 'TRANSFER_ARTIFICIAL'] })
    expect(page.totalElements).toBe(0)
  })

  it('sends a status it does not know as it is: the server, not the client, decides', async () => {
    expect(jobListQuerySchema.safeParse({ status: 'PAUSED_BY_SOMETHING_NEW' }).success).toBe(true)
    expect(callListQuerySchema.safeParse({ robotCallJobId: 1, resultStatuses: ['SOMETHING_NEW'] }).success).toBe(true)
    // Bounded: empty or overlong codes are still refused locally.
    expect(callListQuerySchema.safeParse({ robotCallJobId: 1, resultStatuses: [''] }).success).toBe(false)
    expect(jobListQuerySchema.safeParse({ status: 'X'.repeat(65) }).success).toBe(false)
    const refused = await client()
      .listCalls({ robotCallJobId: 1, resultStatuses: ['SOMETHING_NEW'] })
      .then(() => undefined, (error: unknown) => error)
    // The simulator (a server that does not know the value) answers 412; the client sent it.
    expect(refused).toBeInstanceOf(AppError)
    expect((refused as AppError).kind).toBe('api-code')
    expect((refused as AppError).code).toBe(412)
  })

  it('keeps and shows raw a value nobody documented, in a list answer, the cache and the labels', async () => {
    const example = JSON.parse(LIST_RESPONSE_EXAMPLE) as { data: { content: Record<string, unknown>[] } }
    const row = example.data.content[0]!
    const invented = {
      ...example,
      data: {
        ...example.data,
        content: [
          { ...row, resultStatus: 'SOMETHING_NEW', intentLevel: 'G', hangupBy: 'SOMEONE_NEW' },
          { ...row, callRecordId: 48, resultStatus: 'ANSWERED' },
        ],
      },
    }
    const page = await client({ fetch: answering(JSON.stringify(invented)) }).listCalls({ robotCallJobId: 50 })
    expect(page.content.map((c) => [c.resultStatus, c.intentLevel, c['hangupBy']])).toEqual([
      ['SOMETHING_NEW', 'G', 'SOMEONE_NEW'],
      ['ANSWERED', 'A', 'REMOTE_HANGUP'],
    ])
    const cache = createCallCache(confStores(tempDir()))
    cache.putRecords(50, page.content)
    expect(cache.query({ robotCallJobId: 50, resultStatuses: ['SOMETHING_NEW'] })?.page.content.map((c) => c.callRecordId)).toEqual([47])
    expect(statusLabel('SOMETHING_NEW', 'zh-CN')).toBe('SOMETHING_NEW')
    expect(resultStatusLabel('SOMETHING_NEW', 'en')).toBe('SOMETHING_NEW')
    expect(statusLabel('CALL_LOSS', 'zh-CN')).toBe('多并发呼损')

    const jobs = jobPageSchema.parse({ number: 1, pageSize: 20, totalElements: 1, pages: 1, content: [{ robotCallJobId: 1, name: 'x', status: 'NEW_JOB_STATE' }] })
    expect(jobs.content[0]!.status).toBe('NEW_JOB_STATE')
  })
})

describe('hangupBy, a free string', () => {
  it('filters by the documented value and by any other, in the client and the simulator', async () => {
    const jobId = sim.dataset.jobs[0]!.robotCallJobId
    const calls = sim.dataset.calls.filter((c) => c.robotCallJobId === jobId)
    const c = client()
    for (const hangupBy of [HANGUP_BY_EXAMPLE, 'LOCAL_HANGUP', 'SOMETHING_ELSE']) {
      const page = await c.listCalls({ robotCallJobId: jobId, hangupBy, pageSize: 100 })
      expect(page.totalElements, hangupBy).toBe(calls.filter((call) => call.hangupBy === hangupBy).length)
      expect(page.content.every((call) => call.hangupBy === hangupBy)).toBe(true)
    }
    // The simulator's calls carry the documented value for a customer's hang-up.
    expect(calls.some((call) => call.hangupBy === HANGUP_BY_EXAMPLE)).toBe(true)
    // Bounded, like every code a request carries.
    expect(callListQuerySchema.safeParse({ robotCallJobId: 1, hangupBy: 'X'.repeat(65) }).success).toBe(false)
    expect(callListQuerySchema.safeParse({ robotCallJobId: 1, hangupBy: '' }).success).toBe(false)
  })

  it('labels the value the docs show and shows any other as it comes', () => {
    expect(hangupByLabel(HANGUP_BY_EXAMPLE, 'zh-CN')).toBe('客户挂断')
    expect(hangupByLabel(HANGUP_BY_EXAMPLE, 'en')).toBe('Customer hung up')
    expect(hangupByLabel('LOCAL_HANGUP', 'zh-CN')).toBe('LOCAL_HANGUP')
    expect(hangupByLabel(null, 'en')).toBe('—')
  })
})

describe('keyword search on both revisions of the list endpoint', () => {
  for (const revision of ['today', 'seed'] as const) {
    it(`finds a phone number, part of one, a record id and a name on a server of the ${revision} revision`, async () => {
      await sim.close()
      sim = await startSimulator({ port: 0, seed: 3, apiRevision: revision })
      const jobId = sim.dataset.jobs[0]!.robotCallJobId
      const calls = sim.dataset.calls.filter((c) => c.robotCallJobId === jobId)
      const names = new Map(sim.dataset.customers.map((p) => [p.customerPersonId, p.name]))
      const nameOf = (c: SimCall) => names.get(c.customerPersonId) ?? ''
      const sample = calls.find((c) => calls.filter((d) => d.customerPersonId !== c.customerPersonId && nameOf(d) === nameOf(c)).length === 0)!
      // What each revision's server reads: today's documented field, or the seed's searchWords
      // (a phone number or name in part, an id whole).
      const seedMatch = (w: string) => (c: SimCall) => c.calledPhoneNumber.includes(w) || String(c.callRecordId) === w || nameOf(c).includes(w)
      const cases: [string, (c: SimCall) => boolean, (c: SimCall) => boolean][] = [
        [sample.calledPhoneNumber, (c) => c.calledPhoneNumber === sample.calledPhoneNumber, seedMatch(sample.calledPhoneNumber)],
        [sample.calledPhoneNumber.slice(-4), (c) => c.calledPhoneNumber.includes(sample.calledPhoneNumber.slice(-4)), seedMatch(sample.calledPhoneNumber.slice(-4))],
        // Digits no call has as its id: asked again as part of a number.
        [sample.calledPhoneNumber.slice(2, 9), (c) => c.calledPhoneNumber.includes(sample.calledPhoneNumber.slice(2, 9)), seedMatch(sample.calledPhoneNumber.slice(2, 9))],
        [`#${sample.callRecordId}`, (c) => c.callRecordId === sample.callRecordId, seedMatch(String(sample.callRecordId))],
        [String(sample.callRecordId), (c) => c.callRecordId === sample.callRecordId, seedMatch(String(sample.callRecordId))],
        [nameOf(sample), (c) => nameOf(c).includes(nameOf(sample)), seedMatch(nameOf(sample))],
      ]
      const c = client()
      for (const [typed, today, seed] of cases) {
        const expected = calls.filter(revision === 'today' ? today : seed).map((call) => call.callRecordId).sort()
        expect(expected.length, typed).toBeGreaterThan(0)
        const page = await c.listCalls({ robotCallJobId: jobId, searchWords: typed, pageSize: 100 })
        expect(page.content.map((call) => call.callRecordId).sort(), `${revision} ${typed}`).toEqual(expected)
      }
    })
  }
})

describe('a run of digits, asked in turn', () => {
  it('asks the id first and, only when no call has it, the number', async () => {
    const jobId = sim.dataset.jobs[0]!.robotCallJobId
    const sample = sim.dataset.calls.find((c) => c.robotCallJobId === jobId)!
    const bodies: Record<string, unknown>[] = []
    const c = client({
      fetch: async (url, init) => {
        bodies.push(JSON.parse(String(init.body)) as Record<string, unknown>)
        return fetch(url, init)
      },
    })
    const byId = await c.listCalls({ robotCallJobId: jobId, searchWords: String(sample.callRecordId) })
    expect(byId.content.map((call) => call.callRecordId)).toEqual([sample.callRecordId])
    expect(bodies).toEqual([expect.objectContaining({ searchWords: String(sample.callRecordId), callRecordId: sample.callRecordId })])
    bodies.length = 0
    const part = sample.calledPhoneNumber.slice(-4)
    const byNumber = await c.listCalls({ robotCallJobId: jobId, searchWords: part })
    expect(byNumber.totalElements).toBeGreaterThan(0)
    expect(bodies).toEqual([
      expect.objectContaining({ searchWords: part, callRecordId: Number(part) }),
      expect.objectContaining({ searchWords: part, calledPhoneNumber: part }),
    ])
    for (const body of bodies) expect('calledPhoneNumber' in body && 'callRecordId' in body).toBe(false)
  })
})

describe('documented examples round-trip', () => {
  it('sends the documented request as it is, and the simulator reads every field of it', async () => {
    const example = JSON.parse(LIST_REQUEST_EXAMPLE) as Record<string, unknown>
    const sent: unknown[] = []
    const spying = client({
      fetch: async (url, init) => {
        sent.push(JSON.parse(String(init.body)))
        return fetch(url, init)
      },
    })
    const page = await spying.listCalls(example as never)
    expect(sent).toEqual([example])
    expect(page).toMatchObject({ number: 1, pageSize: 20, totalElements: 0, content: [] }) // task 1 is not the simulator's
    expect(readCallListQuery(example)).toEqual({ ok: true, value: example })

    // The seed's example: its searchWords also goes to the field today's docs name for it.
    const seedExample = JSON.parse(SEED_LIST_REQUEST_EXAMPLE) as Record<string, unknown>
    await spying.listCalls(seedExample as never)
    expect(sent[1]).toEqual({ ...seedExample, customerPersonName: '测试' })
    expect(readCallListQuery(sent[1], 'seed')).toEqual({ ok: true, value: seedExample })
    expect(readCallListQuery(sent[1], 'today')).toEqual({ ok: true, value: { ...seedExample, searchWords: undefined, customerPersonName: '测试' } })
  })

  it('reads the documented answer unchanged, and the simulator answers rows of its shape', async () => {
    const example = JSON.parse(LIST_RESPONSE_EXAMPLE) as { data: { content: Record<string, unknown>[] } }
    const envelope = envelopeSchema.parse(example)
    expect(callPageSchema.parse(envelope.data)).toEqual(example.data)
    const page = await client({ fetch: answering(LIST_RESPONSE_EXAMPLE) }).listCalls({ robotCallJobId: 50 })
    expect(page).toEqual(example.data)

    const documented = new Set<string>(LIST_ROW_FIELDS)
    const simulated = await client().listCalls({ robotCallJobId: sim.dataset.jobs[0]!.robotCallJobId, resultStatuses: ['ANSWERED'], pageSize: 5 })
    for (const row of simulated.content) {
      expect(Object.keys(row).filter((key) => !documented.has(key)), `undocumented fields of ${row.callRecordId}`).toEqual([])
      expect(Object.keys(example.data.content[0]!).filter((key) => !(key in row)), `documented fields missing from ${row.callRecordId}`).toEqual([])
    }
  })
})
