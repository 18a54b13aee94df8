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
import { useTempDirs } from '../support/temp-dirs'
import {
  JOB_STATUS_DOCS,
  LIST_RESPONSE_EXAMPLE,
  HANGUP_BY_EXAMPLE,
  NEW_RESULT_STATUS_LABELS,
  RESULT_STATUS_DOCS,
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

describe('documented examples', () => {
  it('reads the documented list answer as it is', () => {
    const envelope = envelopeSchema.parse(JSON.parse(LIST_RESPONSE_EXAMPLE))
    const page = callPageSchema.parse(envelope.data)
    expect(page.content[0]).toMatchObject({ callRecordId: 47, hangupBy: 'REMOTE_HANGUP', intentLevelName: '很好' })
  })
})
