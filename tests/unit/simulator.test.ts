// The simulated platform over real HTTP: authentication, parameter checks, every filter
// against the data set, pagination, determinism, recordings whose audio matches their ground
// truth, and each injectable fault.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { API_PATHS } from '../../shared/api-schemas'
import { signedHeaders, type Credentials } from '../../electron/main/services/api/signature'
import {
  DEMO_CREDENTIALS,
  startSimulator,
  type RunningSimulator,
  type SimCall,
  type TurnTiming,
} from '../../scripts/lib/simulator'
import { compareIds, type Id } from '../../shared/ids'

interface EnvelopeBody {
  code: number
  data: unknown
  requestId: string
  resultMsg: string
  errorStackTrace: null
}
interface PageBody<T> {
  number: number
  pageSize: number
  totalElements: number
  pages: number
  content: T[]
}

let sim: RunningSimulator

// Every test gets its own simulator on a free port (seed 1).
beforeEach(async () => {
  sim = await startSimulator()
})
afterEach(async () => {
  await sim.close()
})

function headers(credentials: Credentials = DEMO_CREDENTIALS, nowMs = Date.now()): Record<string, string> {
  return signedHeaders(credentials, nowMs)
}

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: EnvelopeBody; response: Response }> {
  const response = await fetch(sim.url + path, { ...init, headers: { ...headers(), ...(init.headers as Record<string, string>) } })
  const body = (await response.json()) as EnvelopeBody
  return { status: response.status, body, response }
}

async function list(query: Record<string, unknown>, init: RequestInit = {}) {
  return call(API_PATHS.callList, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(query),
    ...init,
  })
}

async function page(query: Record<string, unknown>): Promise<PageBody<SimCall>> {
  const { body } = await list(query)
  expect(body.code).toBe(200)
  return body.data as PageBody<SimCall>
}

/** Every call id the list endpoint returns for a query, over all pages. */
async function allIds(query: Record<string, unknown>): Promise<Id[]> {
  const ids: Id[] = []
  for (let pageNum = 1; ; pageNum++) {
    const p = await page({ ...query, pageNum, pageSize: 100 })
    ids.push(...p.content.map((c) => c.callRecordId))
    if (pageNum >= p.pages) return ids
  }
}

const mainJob = () => sim.dataset.jobs[0]!.robotCallJobId
const callsOf = (jobId: Id) => sim.dataset.calls.filter((c) => c.robotCallJobId === jobId)
const sorted = (ids: Id[]) => [...ids].sort(compareIds)
/** A call's customer's name: list rows carry none (in either revision of the docs). */
const nameOf = (c: SimCall) => sim.dataset.customers.find((p) => p.customerPersonId === c.customerPersonId)!.name

describe('simulator: authentication', () => {
  it('accepts a correctly signed request', async () => {
    const { status, body } = await call(API_PATHS.jobList)
    expect(status).toBe(200)
    expect(body.code).toBe(200)
    expect(body.resultMsg).toBe('获取成功')
    expect(body.requestId).toMatch(/^[A-Z]{8}$/)
    expect(body.errorStackTrace).toBeNull()
  })

  it('answers 401 inside HTTP 200 for a wrong secret, a bad signature or a missing header', async () => {
    const wrongSecret = headers({ ...DEMO_CREDENTIALS, appSecret: 'nope' })
    const badSignature = { ...headers(), signature: '0'.repeat(64) }
    const { signature: _omitted, ...missing } = headers()
    for (const h of [wrongSecret, badSignature, missing, { ...headers(), version: 'v2' }]) {
      const response = await fetch(sim.url + API_PATHS.jobList, { headers: h })
      const body = (await response.json()) as EnvelopeBody
      expect(response.status).toBe(200)
      expect(body).toMatchObject({ code: 401, data: null, errorStackTrace: null })
      expect(body.resultMsg).toMatch(/^验证失败/)
      expect(body.resultMsg).not.toContain('nope')
    }
  })

  it('refuses a timestamp more than five minutes off, with its own message', async () => {
    const stale = await fetch(sim.url + API_PATHS.jobList, { headers: headers(DEMO_CREDENTIALS, Date.now() - 6 * 60_000) })
    const future = await fetch(sim.url + API_PATHS.jobList, { headers: headers(DEMO_CREDENTIALS, Date.now() + 6 * 60_000) })
    const near = await fetch(sim.url + API_PATHS.jobList, { headers: headers(DEMO_CREDENTIALS, Date.now() - 4 * 60_000) })
    const staleBody = (await stale.json()) as EnvelopeBody
    expect(staleBody.code).toBe(401)
    expect(staleBody.resultMsg).toMatch(/5分钟/)
    expect(((await future.json()) as EnvelopeBody).code).toBe(401)
    expect(((await near.json()) as EnvelopeBody).code).toBe(200)
  })

  it('checks the timestamp against the injected clock and other credentials', async () => {
    await sim.close()
    const credentials = { appKey: 'k', appSecret: 's', tenantSign: 't' }
    sim = await startSimulator({ credentials, now: () => 1557747252783 })
    const ok = await fetch(sim.url + API_PATHS.jobList, { headers: headers(credentials, 1557747252783 + 1000) })
    expect(((await ok.json()) as EnvelopeBody).code).toBe(200)
    const demo = await fetch(sim.url + API_PATHS.jobList, { headers: headers(DEMO_CREDENTIALS, 1557747252783) })
    expect(((await demo.json()) as EnvelopeBody).code).toBe(401)
  })

  it('answers code 404 for an unknown path and for a wrong method (no undocumented 405)', async () => {
    expect((await call('/apiOpen/v1/callRecord/nothing')).body.code).toBe(404)
    const wrongMethod = await call(API_PATHS.callList)
    expect(wrongMethod.body.code).toBe(404)
    expect(wrongMethod.body.resultMsg).toContain('POST')
  })
})

describe('simulator: parameter checks (412)', () => {
  it.each([
    [{ pageSize: 10 }, /robotCallJobId/],
    [{ robotCallJobId: -3 }, /robotCallJobId/],
    [{ robotCallJobId: 1.5 }, /robotCallJobId/],
    [{ robotCallJobId: 1207, pageSize: 101 }, /pageSize.*100/],
    [{ robotCallJobId: 1207, pageSize: 0 }, /pageSize/],
    [{ robotCallJobId: 1207, pageNum: 0 }, /pageNum/],
    [{ robotCallJobId: 1207, resultStatuses: ['ANSWERD'] }, /resultStatuses.*ANSWERD/],
    [{ robotCallJobId: 1207, intentLevels: ['A', 'G'] }, /intentLevels.*G/],
    [{ robotCallJobId: 1207, hangupBy: 'X'.repeat(65) }, /hangupBy/],
    [{ robotCallJobId: 1207, readStatus: 'READ' }, /readStatus/],
    [{ robotCallJobId: 1207, realIntent: 'yes' }, /realIntent/],
    [{ robotCallJobId: 1207, chatDurationMin: 30, chatDurationMax: 10 }, /chatDurationMin/],
  ])('refuses %j', async (query, message) => {
    const { status, body } = await list(query)
    expect(status).toBe(200)
    expect(body.code).toBe(412)
    expect(body.resultMsg).toMatch(/^参数错误/)
    expect(body.resultMsg).toMatch(message)
  })

  it('refuses a malformed JSON body and a missing callRecordId', async () => {
    const malformed = await call(API_PATHS.callList, { method: 'POST', body: '{"robotCallJobId": 12', headers: { 'Content-Type': 'application/json' } })
    expect(malformed.body.code).toBe(412)
    expect(malformed.body.resultMsg).toMatch(/JSON/)
    expect((await call(API_PATHS.callDetail)).body.code).toBe(412)
    expect((await call(`${API_PATHS.callDetail}?callRecordId=abc`)).body.code).toBe(412)
    expect((await call(`${API_PATHS.jobList}?status=DONE`)).body.code).toBe(412)
  })

  it('ignores nulls and unknown fields, like the platform', async () => {
    const p = await page({ robotCallJobId: mainJob(), intentLevels: null, somethingNew: 1 })
    expect(p.totalElements).toBe(callsOf(mainJob()).length)
  })
})

describe('simulator: call list', () => {
  it('paginates exactly, newest first, with defaults and an empty page past the end', async () => {
    const total = callsOf(mainJob()).length
    const first = await page({ robotCallJobId: mainJob() })
    expect(first).toMatchObject({ number: 1, pageSize: 20, totalElements: total, pages: Math.ceil(total / 20) })
    expect(first.content).toHaveLength(20)
    const second = await page({ robotCallJobId: mainJob(), pageNum: 2, pageSize: 7 })
    expect(second).toMatchObject({ number: 2, pageSize: 7, totalElements: total, pages: Math.ceil(total / 7) })
    const expectedOrder = callsOf(mainJob()).sort((a, b) => b.startTime.localeCompare(a.startTime) || compareIds(b.callRecordId, a.callRecordId))
    expect(second.content.map((c) => c.callRecordId)).toEqual(expectedOrder.slice(7, 14).map((c) => c.callRecordId))
    const past = await page({ robotCallJobId: mainJob(), pageNum: 999, pageSize: 50 })
    expect(past).toMatchObject({ number: 999, totalElements: total, content: [] })
  })

  it('answers an unknown task with an empty page', async () => {
    const p = await page({ robotCallJobId: 999_999 })
    expect(p).toMatchObject({ totalElements: 0, pages: 0, content: [] })
  })

  it('answers the records of the data set, newer fields included', async () => {
    const p = await page({ robotCallJobId: mainJob(), pageSize: 5 })
    for (const c of p.content) {
      expect(c).toEqual(sim.dataset.calls.find((d) => d.callRecordId === c.callRecordId))
      // The name of the level in the call's label group (the tenant's own names).
      const tag = sim.dataset.intentLevelTags.find((t) => t.intentLevelTagId === c.intentLevelTagId)!
      expect(c.intentLevelName).toBe(tag.details.find((d) => d.code === 'ABCDEF'.indexOf(c.intentLevel))?.name ?? null)
      expect(c).toHaveProperty('hangupBy')
      expect(c).toHaveProperty('redialTimes')
    }
  })

  it('filters by result status, intent level, group and dialogue flow', async () => {
    const job = mainJob()
    const customers = new Map(sim.dataset.customers.map((c) => [c.customerPersonId, c]))
    const group = sim.dataset.customerGroups.find((g) => callsOf(job).some((c) => customers.get(c.customerPersonId)?.customerGroupId === g.customerGroupId))!
    const cases: [Record<string, unknown>, (c: SimCall) => boolean][] = [
      [{ resultStatuses: ['NO_ANSWER', 'BUSY'] }, (c) => ['NO_ANSWER', 'BUSY'].includes(c.resultStatus)],
      [{ intentLevels: ['A', 'B'] }, (c) => ['A', 'B'].includes(c.intentLevel)],
      [{ resultStatuses: ['ANSWERED'], intentLevels: ['F'] }, (c) => c.resultStatus === 'ANSWERED' && c.intentLevel === 'F'],
      [{ customerGroupId: group.customerGroupId }, (c) => customers.get(c.customerPersonId)?.customerGroupId === group.customerGroupId],
      [{ dialogFlowId: sim.dataset.jobs[0]!.dialogFlowId }, () => true],
      [{ dialogFlowId: 9_999 }, () => false],
    ]
    for (const [filter, predicate] of cases) {
      const expected = callsOf(job).filter(predicate).map((c) => c.callRecordId)
      expect(sorted(await allIds({ robotCallJobId: job, ...filter })), JSON.stringify(filter)).toEqual(sorted(expected))
    }
  })

  it('seed revision: searchWords finds phone number substrings, exact call ids and customer names', async () => {
    await sim.close()
    sim = await startSimulator({ apiRevision: 'seed' })
    expect(sim.apiRevision).toBe('seed')
    const job = mainJob()
    const sample = callsOf(job)[10]!
    const name = nameOf(sample)
    const words = [sample.calledPhoneNumber.slice(3, 8), String(sample.callRecordId), name, name.slice(1)]
    for (const w of words) {
      const expected = callsOf(job).filter(
        (c) => c.calledPhoneNumber.includes(w) || String(c.callRecordId) === w || nameOf(c).includes(w),
      )
      expect(expected.length).toBeGreaterThan(0)
      expect(sorted(await allIds({ robotCallJobId: job, searchWords: w })), w).toEqual(sorted(expected.map((c) => c.callRecordId)))
    }
    // The fields that came later are not the seed's: ignored, like any unknown field.
    const all = callsOf(job).length
    for (const later of [{ calledPhoneNumber: '00000' }, { callRecordId: 1 }, { customerPersonName: '不存在的人' }, { hangupBy: 'NOBODY' }, { readStatus: 'X' }, { lastCallRecord: true }]) {
      expect((await page({ robotCallJobId: job, ...later })).totalElements, JSON.stringify(later)).toBe(all)
    }
  })

  it('today’s revision: searchWords is ignored, the three fields that replaced it apply', async () => {
    expect(sim.apiRevision).toBe('today')
    const job = mainJob()
    const sample = callsOf(job)[10]!
    expect((await page({ robotCallJobId: job, searchWords: sample.calledPhoneNumber })).totalElements).toBe(callsOf(job).length)
    const cases: [Record<string, unknown>, (c: SimCall) => boolean][] = [
      [{ calledPhoneNumber: sample.calledPhoneNumber.slice(-4) }, (c) => c.calledPhoneNumber.includes(sample.calledPhoneNumber.slice(-4))],
      [{ callRecordId: sample.callRecordId }, (c) => c.callRecordId === sample.callRecordId],
      [{ customerPersonName: nameOf(sample).slice(0, 1) }, (c) => nameOf(c).includes(nameOf(sample).slice(0, 1))],
      // AND-ed like every filter: a phone and another call's id match nothing.
      [{ calledPhoneNumber: sample.calledPhoneNumber, callRecordId: callsOf(job).find((c) => c.calledPhoneNumber !== sample.calledPhoneNumber)!.callRecordId }, () => false],
    ]
    for (const [filter, predicate] of cases) {
      const expected = callsOf(job).filter(predicate).map((c) => c.callRecordId)
      expect(sorted(await allIds({ robotCallJobId: job, ...filter })), JSON.stringify(filter)).toEqual(sorted(expected))
    }
  })

  it('applies the newer optional filters', async () => {
    const job = mainJob()
    const sample = callsOf(job).find((c) => c.resultStatus === 'ANSWERED')!
    const cases: [Record<string, unknown>, (c: SimCall) => boolean][] = [
      [{ hangupBy: 'REMOTE_HANGUP' }, (c) => c.hangupBy === 'REMOTE_HANGUP'],
      [{ hangupBy: 'LOCAL_HANGUP' }, (c) => c.hangupBy === 'LOCAL_HANGUP'],
      [{ calledPhoneNumber: sample.calledPhoneNumber }, (c) => c.calledPhoneNumber.includes(sample.calledPhoneNumber)],
      [{ callRecordId: sample.callRecordId }, (c) => c.callRecordId === sample.callRecordId],
      [{ customerPersonName: nameOf(sample) }, (c) => nameOf(c).includes(nameOf(sample))],
      [{ realIntent: true }, (c) => c.realIntentLevel !== null],
      [{ realIntent: false }, (c) => c.realIntentLevel === null],
      [{ customerConcern: ['价格', '位置'] }, (c) => c.customerConcern.includes('价格') || c.customerConcern.includes('位置')],
      [{ readStatus: 'HAS_READ' }, (c) => c.readStatus === 'HAS_READ'],
      [{ chatDurationMin: 30, chatDurationMax: 60 }, (c) => c.chatDuration >= 30 && c.chatDuration <= 60],
      // redialTimes applies only with lastCallRecord; false (or absent) means every call.
      [{ redialTimes: 1 }, () => true],
      [{ lastCallRecord: false, redialTimes: 2 }, () => true],
    ]
    for (const [filter, predicate] of cases) {
      const expected = callsOf(job).filter(predicate).map((c) => c.callRecordId)
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0)
      expect(sorted(await allIds({ robotCallJobId: job, ...filter })), JSON.stringify(filter)).toEqual(sorted(expected))
    }
  })
})

describe('simulator: lastCallRecord (去重查询)', () => {
  /** The latest call of each number (robotCallTask) of the task, worked out here from the data set. */
  function latestCalls(job: Id): SimCall[] {
    const latest = new Map<Id, SimCall>()
    for (const c of callsOf(job)) {
      const known = latest.get(c.robotCallTaskId)
      if (!known || c.startTime > known.startTime || (c.startTime === known.startTime && compareIds(c.callRecordId, known.callRecordId) > 0)) latest.set(c.robotCallTaskId, c)
    }
    return [...latest.values()]
  }
  const ids = (calls: SimCall[]) => sorted(calls.map((c) => c.callRecordId))

  it('keeps the latest call of each number, then applies the filters the docs keep for it', async () => {
    const job = mainJob()
    const latest = latestCalls(job)
    expect(latest.length).toBeLessThan(callsOf(job).length) // some numbers were redialled
    expect(sorted(await allIds({ robotCallJobId: job, lastCallRecord: true }))).toEqual(ids(latest))
    // The latest call is chosen first: a number whose last call was answered is not listed
    // under NO_ANSWER for an earlier attempt.
    const noAnswer = latest.filter((c) => c.resultStatus === 'NO_ANSWER')
    const earlierNoAnswer = callsOf(job).filter((c) => c.resultStatus === 'NO_ANSWER' && !latest.includes(c))
    expect(noAnswer.length).toBeGreaterThan(0)
    expect(earlierNoAnswer.length).toBeGreaterThan(0)
    const cases: [Record<string, unknown>, (c: SimCall) => boolean][] = [
      [{ resultStatuses: ['NO_ANSWER'] }, (c) => c.resultStatus === 'NO_ANSWER'],
      [{ intentLevels: ['A', 'B'] }, (c) => c.intentLevel === 'A' || c.intentLevel === 'B'],
      [{ chatDurationMin: 30, chatDurationMax: 90 }, (c) => c.chatDuration >= 30 && c.chatDuration <= 90],
      [{ redialTimes: 1 }, (c) => c.redialTimes === 1],
      [{ redialTimes: 0, resultStatuses: ['ANSWERED'] }, (c) => c.redialTimes === 0 && c.resultStatus === 'ANSWERED'],
    ]
    for (const [filter, predicate] of cases) {
      const expected = latest.filter(predicate)
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0)
      expect(sorted(await allIds({ robotCallJobId: job, lastCallRecord: true, ...filter })), JSON.stringify(filter)).toEqual(ids(expected))
    }
  })

  it('sets every other filter aside', async () => {
    const job = mainJob()
    const setAside = {
      customerGroupId: 999,
      dialogFlowId: 9_999,
      searchWords: '不存在的关键字',
      hangupBy: 'NOBODY_HUNG_UP',
      calledPhoneNumber: '00000000000',
      callRecordId: 1,
      customerPersonName: '不存在的人',
      realIntent: true,
      customerConcern: ['不存在的关注点'],
      readStatus: 'HAS_READ',
    }
    expect(sorted(await allIds({ robotCallJobId: job, lastCallRecord: true, ...setAside }))).toEqual(ids(latestCalls(job)))
    // Without lastCallRecord the same filters apply, and match nothing.
    expect(await allIds({ robotCallJobId: job, ...setAside })).toEqual([])
  })
})

describe('simulator: data set', () => {
  it('is realistic: tasks, all statuses and levels, transcripts, customers', () => {
    const { jobs, calls, customers } = sim.dataset
    expect(jobs.length).toBeGreaterThanOrEqual(5)
    expect(new Set(jobs.map((j) => j.dialogFlowId)).size).toBeGreaterThanOrEqual(3)
    expect(calls.length).toBeGreaterThanOrEqual(1200)
    const answered = calls.filter((c) => c.resultStatus === 'ANSWERED')
    expect(answered.length / calls.length).toBeGreaterThan(0.55)
    expect(answered.length / calls.length).toBeLessThan(0.65)
    expect(new Set(calls.map((c) => c.resultStatus)).size).toBe(10)
    expect(new Set(answered.map((c) => c.intentLevel)).size).toBe(6)
    const relabelled = answered.filter((c) => c.realIntentLevel).length / answered.length
    expect(relabelled).toBeGreaterThan(0.05)
    expect(relabelled).toBeLessThan(0.15)
    for (const c of answered) {
      expect(c.callDetailList.length).toBeGreaterThan(0)
      expect(c.callDetailList[0]!.type).toBe('ROBOT')
      expect(c.startTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    }
    expect(answered.some((c) => c.callDetailList.some((d) => d.text.includes('（停顿')))).toBe(true)
    for (const p of customers) expect(p.phoneNumber).toMatch(/^1[3-9]\d{9}$/)
    expect(new Set(customers.map((p) => p.phoneNumber)).size).toBe(customers.length)
    expect(answered.filter((c) => !c.customerAudioUrl).length).toBeGreaterThan(0)
  })

  it('has the tenant’s own label groups, named otherwise than the built-in labels, and its flows', () => {
    const { calls, intentLevelTags, dialogFlows, jobs } = sim.dataset
    const builtIn = intentLevelTags.find((t) => t.intentLevelTagId === 0)!
    expect(builtIn.details.map((d) => d.name)).toEqual(['A类', 'B类', 'C类', 'D类', 'E类', 'F类'])
    const own = intentLevelTags.filter((t) => t.intentLevelTagId !== 0)
    expect(own.length).toBeGreaterThanOrEqual(3)
    expect(own.some((t) => t.details.length < 6)).toBe(true)
    for (const tag of own) expect(tag.details.find((d) => d.code === 0)?.name).not.toBe('较强')
    // Every task's flow is listed, with the group its calls are graded with.
    for (const job of jobs) {
      const flow = dialogFlows.find((f) => f.dialogFlowId === job.dialogFlowId)!
      expect(flow.status).toBe('APPROVED')
      for (const call of calls.filter((c) => c.robotCallJobId === job.robotCallJobId).slice(0, 20)) {
        expect(call.intentLevelTagId).toBe(flow.intentLevelTagId)
      }
    }
    // A level the group does not name comes without a name, and a name never without its level.
    expect(calls.some((c) => c.intentLevelName === null)).toBe(true)
    for (const c of calls) if (c.realIntentLevel === null) expect(c.realIntentLevelName).toBeNull()
  })

  it('is the same for the same seed and different for another', async () => {
    const again = await startSimulator({ seed: 1 })
    const other = await startSimulator({ seed: 2 })
    try {
      const strip = (s: RunningSimulator) => JSON.stringify(s.dataset).replaceAll(s.url, 'URL')
      expect(strip(again)).toBe(strip(sim))
      expect(strip(other)).not.toBe(strip(sim))
      const id = sim.dataset.calls.find((c) => c.customerAudioUrl)!.callRecordId
      expect(again.groundTruth(id)).toEqual(sim.groundTruth(id))
      const wav = async (s: RunningSimulator) => Buffer.from(await (await fetch(s.dataset.calls.find((c) => c.callRecordId === id)!.fullAudioUrl!)).arrayBuffer())
      expect((await wav(again)).equals(await wav(sim))).toBe(true)
    } finally {
      await again.close()
      await other.close()
    }
  })
})

describe('simulator: call detail and task list', () => {
  it('gives a call with its customer, end time and attributes; 404 for an unknown call', async () => {
    const c = sim.dataset.calls.find((x) => x.resultStatus === 'ANSWERED')!
    const { body } = await call(`${API_PATHS.callDetail}?callRecordId=${c.callRecordId}`)
    expect(body.code).toBe(200)
    expect(body.resultMsg).toBe('执行成功')
    const detail = body.data as SimCall & { endTime: string; customerPerson: Record<string, unknown>; attributes: unknown[] }
    expect(detail.callDetailList).toEqual(c.callDetailList)
    expect(detail.endTime > detail.startTime).toBe(true)
    expect(detail.customerPerson).toMatchObject({ customerPersonId: c.customerPersonId, name: nameOf(c), phoneNumber: c.calledPhoneNumber })
    expect(['MALE', 'FEMALE', 'UNKNOWN']).toContain(detail.customerPerson['gender'])
    expect(Array.isArray(detail.attributes)).toBe(true)
    expect((await call(`${API_PATHS.callDetail}?callRecordId=1`)).body.code).toBe(404)
  })

  it('lists tasks with name and status filters, also under the older path', async () => {
    const { jobs } = sim.dataset
    const all = (await call(`${API_PATHS.jobList}?pageSize=100`)).body.data as PageBody<(typeof jobs)[number]>
    expect(all.totalElements).toBe(jobs.length)
    expect(Object.keys(all.content[0]!)).toEqual(expect.arrayContaining(['robotCallJobId', 'name', 'status', 'completedTask', 'taskCallTotal', 'createTime', 'createdByUserName', 'organizationName']))
    const byName = (await call(`${API_PATHS.jobList}?name=${encodeURIComponent('提醒')}&status=&pageNum=&pageSize=`)).body.data as PageBody<(typeof jobs)[number]>
    expect(byName.content.map((j) => j.robotCallJobId).sort()).toEqual(jobs.filter((j) => j.name.includes('提醒')).map((j) => j.robotCallJobId).sort())
    const completed = (await call(`${API_PATHS.jobList}?status=COMPLETED`)).body.data as PageBody<(typeof jobs)[number]>
    expect(completed.totalElements).toBe(jobs.filter((j) => j.status === 'COMPLETED').length)
    const legacy = (await call('/apiOpen/v1/task/getTasks?pageNum=2&pageSize=3')).body.data as PageBody<unknown>
    expect(legacy).toMatchObject({ number: 2, pageSize: 3, totalElements: jobs.length })
  })
})

// ---------------------------------------------------------------- recordings

function wavInfo(bytes: Buffer) {
  expect(bytes.toString('ascii', 0, 4)).toBe('RIFF')
  expect(bytes.toString('ascii', 8, 12)).toBe('WAVE')
  expect(bytes.toString('ascii', 36, 40)).toBe('data')
  return {
    format: bytes.readUInt16LE(20),
    channels: bytes.readUInt16LE(22),
    sampleRate: bytes.readUInt32LE(24),
    bits: bytes.readUInt16LE(34),
    samples: new Int16Array(bytes.buffer.slice(bytes.byteOffset + 44, bytes.byteOffset + 44 + bytes.readUInt32LE(40))),
  }
}

function rms(samples: Int16Array, regions: [number, number][]): number {
  let sum = 0
  let n = 0
  for (const [from, to] of regions) {
    for (let i = Math.floor(from * 8000); i < Math.min(samples.length, Math.floor(to * 8000)); i++) {
      sum += (samples[i] as number) ** 2
      n++
    }
  }
  return Math.sqrt(sum / Math.max(1, n))
}

/** Parts of [start, end) not covered by any of `others`. */
function minus(turn: TurnTiming, others: TurnTiming[]): [number, number][] {
  let parts: [number, number][] = [[turn.start, turn.end]]
  for (const o of others) {
    parts = parts.flatMap(([a, b]): [number, number][] =>
      o.end <= a || o.start >= b ? [[a, b]] : ([[a, Math.min(b, o.start)], [Math.max(a, o.end), b]] as [number, number][]).filter(([x, y]) => y - x > 0.05),
    )
  }
  return parts
}

const download = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer())

describe('simulator: recordings', () => {
  it('serves 8 kHz 16-bit mono WAV whose length is the chat duration, without authentication', async () => {
    const answered = sim.dataset.calls.filter((c) => c.customerAudioUrl).slice(0, 4)
    for (const c of answered) {
      const response = await fetch(c.fullAudioUrl!)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('audio/wav')
      expect(response.headers.get('accept-ranges')).toBe('bytes')
      const info = wavInfo(Buffer.from(await response.arrayBuffer()))
      expect(info).toMatchObject({ format: 1, channels: 1, sampleRate: 8000, bits: 16 })
      expect(Math.abs(info.samples.length / 8000 - c.chatDuration)).toBeLessThanOrEqual(0.5)
      const customer = wavInfo(await download(c.customerAudioUrl!))
      expect(customer.samples.length).toBe(info.samples.length)
    }
  })

  it('answers byte ranges, HEAD and 404', async () => {
    const c = sim.dataset.calls.find((x) => x.customerAudioUrl)!
    const full = await download(c.fullAudioUrl!)
    const ranged = await fetch(c.fullAudioUrl!, { headers: { Range: 'bytes=100-199' } })
    expect(ranged.status).toBe(206)
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-199/${full.length}`)
    expect(Buffer.from(await ranged.arrayBuffer()).equals(full.subarray(100, 200))).toBe(true)
    const tail = await fetch(c.fullAudioUrl!, { headers: { Range: 'bytes=-10' } })
    expect(Buffer.from(await tail.arrayBuffer()).equals(full.subarray(full.length - 10))).toBe(true)
    const beyond = await fetch(c.fullAudioUrl!, { headers: { Range: `bytes=${full.length}-` } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe(`bytes */${full.length}`)
    const head = await fetch(c.fullAudioUrl!, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(Number(head.headers.get('content-length'))).toBe(full.length)

    const withoutCustomerTrack = sim.dataset.calls.find((x) => x.resultStatus === 'ANSWERED' && !x.customerAudioUrl)!
    expect((await fetch(withoutCustomerTrack.fullAudioUrl!.replace('ai_user.wav', 'user.wav'))).status).toBe(404)
    expect((await fetch(`${sim.url}/recordings/TenantId1/CallJobId1/1/ai_user.wav`)).status).toBe(404)
    expect((await fetch(c.fullAudioUrl!.replace(`CallJobId${c.robotCallJobId}`, 'CallJobId7'))).status).toBe(404)
  })

  it('has ground truth in transcript order, inside the recording; the audio matches it', async () => {
    const calls = sim.dataset.calls.filter((c) => c.customerAudioUrl && c.callDetailList.some((d) => d.type === 'PERSON')).slice(0, 6)
    for (const c of calls) {
      const turns = sim.groundTruth(c.callRecordId)!
      expect(turns.map((t) => [t.callDetailId, t.type])).toEqual(c.callDetailList.map((d) => [d.callDetailId, d.type]))
      const full = wavInfo(await download(c.fullAudioUrl!)).samples
      const customer = wavInfo(await download(c.customerAudioUrl!)).samples
      const duration = full.length / 8000
      for (let i = 0; i < turns.length; i++) {
        const t = turns[i]!
        expect(t.start).toBeGreaterThanOrEqual(0)
        expect(t.end).toBeGreaterThan(t.start)
        expect(t.end).toBeLessThanOrEqual(duration)
        if (i > 0) expect(t.start).toBeGreaterThanOrEqual(turns[i - 1]!.start)
      }
      const robot = turns.filter((t) => t.type === 'ROBOT')
      const person = turns.filter((t) => t.type === 'PERSON')
      const silence = minus({ callDetailId: 0, type: 'ROBOT', start: 0, end: duration }, turns)
      const noiseFloor = rms(full, silence)
      expect(rms(full, robot.map((t) => [t.start, t.end])), `robot turns of ${c.callRecordId}`).toBeGreaterThan(10 * noiseFloor)
      const personEnergy = rms(customer, person.map((t) => [t.start, t.end]))
      const robotOnly = rms(customer, robot.flatMap((t) => minus(t, person)))
      expect(personEnergy, `customer track of ${c.callRecordId}`).toBeGreaterThan(3 * robotOnly)
    }
  })

  it('cuts the robot off at a barge-in and ends the recording at a mid-sentence hang-up', () => {
    const answered = sim.dataset.calls.filter((c) => c.resultStatus === 'ANSWERED')
    let bargeIns = 0
    for (const c of answered) {
      const turns = sim.groundTruth(c.callRecordId)!
      for (let i = 1; i < turns.length; i++) {
        const [before, t] = [turns[i - 1]!, turns[i]!]
        if (t.type === 'PERSON' && before.type === 'ROBOT' && t.start < before.end) {
          bargeIns++
          expect(before.end - t.start).toBeLessThanOrEqual(0.61) // the robot stops soon after
        }
      }
    }
    expect(bargeIns).toBeGreaterThan(20)
    const hungUp = answered.filter((c) => c.hangupBy === 'REMOTE_HANGUP' && c.callDetailList.at(-1)?.type === 'ROBOT')
    expect(hungUp.length).toBeGreaterThan(10)
  })

  it('plays an operator announcement as early media for some unanswered calls', async () => {
    const c = sim.dataset.calls.find((x) => x.resultStatus === 'VACANT_NUMBER' && x.fullAudioUrl)!
    expect(c.fullAudioUrl).toMatch(/early_media\.wav$/)
    expect(c.customerAudioUrl).toBeNull()
    const info = wavInfo(await download(c.fullAudioUrl!))
    expect(info.samples.length / 8000).toBeGreaterThan(1)
    expect(sim.groundTruth(c.callRecordId)).toEqual([])
    expect(sim.groundTruth(42)).toBeUndefined()
  })
})

// ---------------------------------------------------------------- faults

describe('simulator: faults', () => {
  const jobs = () => fetch(sim.url + API_PATHS.jobList, { headers: headers() })

  it("'code' answers HTTP 200 with that code, only on its target", async () => {
    sim.injectFault({ target: 'jobList', kind: 'code', code: 403 })
    const response = await jobs()
    expect(response.status).toBe(200)
    expect(((await response.json()) as EnvelopeBody).code).toBe(403)
    const id = sim.dataset.calls[0]!.callRecordId
    expect((await call(`${API_PATHS.callDetail}?callRecordId=${id}`)).body.code).toBe(200)
    sim.clearFaults()
    expect(((await (await jobs()).json()) as EnvelopeBody).code).toBe(200)
  })

  it("'http-status' answers that status with an envelope, `times` times", async () => {
    sim.injectFault({ target: 'jobList', kind: 'http-status', status: 503, times: 2 })
    for (const expected of [503, 503, 200]) {
      const response = await jobs()
      expect(response.status).toBe(expected)
      expect(((await response.json()) as EnvelopeBody).code).toBe(expected)
    }
    expect(sim.requestLog.slice(-3).map((r) => r.status)).toEqual([503, 503, 200])
  })

  it("'html' answers a gateway's HTML page", async () => {
    sim.injectFault({ kind: 'html' })
    const response = await jobs()
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    const text = await response.text()
    expect(text).toContain('<center><h1>502 Bad Gateway</h1></center>')
    expect(text).toContain('nginx')
  })

  it("'truncated-json' cuts a valid answer in the middle", async () => {
    sim.injectFault({ target: 'callList', kind: 'truncated-json' })
    const response = await fetch(sim.url + API_PATHS.callList, {
      method: 'POST',
      headers: { ...headers(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ robotCallJobId: mainJob() }),
    })
    const text = await response.text()
    expect(text.startsWith('{"code":200')).toBe(true)
    expect(() => JSON.parse(text)).toThrow()
  })

  it("'hang' never answers, and close() still ends at once", async () => {
    sim.injectFault({ target: 'jobList', kind: 'hang' })
    await expect(fetch(sim.url + API_PATHS.jobList, { headers: headers(), signal: AbortSignal.timeout(300) })).rejects.toThrow()
    const pending = fetch(sim.url + API_PATHS.jobList, { headers: headers() }).catch((e: unknown) => e)
    await new Promise((r) => setTimeout(r, 50))
    const started = Date.now()
    await sim.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await pending).toBeInstanceOf(Error)
  })

  it("'reset' destroys the connection", async () => {
    sim.injectFault({ target: 'any', kind: 'reset', times: 1 })
    await expect(jobs()).rejects.toThrow(/fetch failed/)
    expect((await jobs()).status).toBe(200)
  })

  it("'latency' and setLatency delay answers", async () => {
    sim.injectFault({ target: 'jobList', kind: 'latency', latencyMs: 200, times: 1 })
    let started = Date.now()
    expect((await jobs()).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    sim.setLatency(150)
    started = Date.now()
    await jobs()
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it("'huge' streams a body of about 60 MB", async () => {
    sim.injectFault({ target: 'jobList', kind: 'huge' })
    const response = await jobs()
    expect(response.headers.get('content-length')).toBeNull()
    let size = 0
    let head = ''
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (!head) head = Buffer.from(chunk.subarray(0, 20)).toString()
      size += chunk.length
    }
    expect(head.startsWith('{"code":200')).toBe(true)
    expect(size).toBeGreaterThan(60_000_000)
  })

  it('fails recordings on request, and logs every request (bounded)', async () => {
    const c = sim.dataset.calls.find((x) => x.fullAudioUrl)!
    sim.injectFault({ target: 'recording', kind: 'http-status', status: 404 })
    expect((await fetch(c.fullAudioUrl!)).status).toBe(404)
    expect((await jobs()).status).toBe(200)
    sim.clearFaults()
    expect((await fetch(c.fullAudioUrl!)).status).toBe(200)
    await fetch(sim.url + API_PATHS.jobList)
    expect(sim.requestLog.at(-1)).toMatchObject({ method: 'GET', path: API_PATHS.jobList, status: 200, code: 401 })
    for (let i = 0; i < 11; i++) await Promise.all(Array.from({ length: 100 }, () => fetch(`${sim.url}/x`).then((r) => r.arrayBuffer())))
    expect(sim.requestLog.length).toBe(1000)
  })
})
