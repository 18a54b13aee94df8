// The simulator follows the platform's documentation as it stands today (public docs,
// yiwise/slate source/includes/: obtainTask.md, callRecord.md, callBack.md, Introduction.md; the
// signature's known-answer value of the API notes; the vendor's current Java demo's headers),
// written here as fixtures: tasks carry createTime, the call detail's times and attributes are in
// the documented form, a signed request is accepted with or without the appSecret, tenantSign and
// version headers, and only the documented codes are answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiClient, type FetchLike } from '../../electron/main/services/api'
import { computeSignature, signedHeaders } from '../../electron/main/services/api/signature'
import { API_PATHS } from '../../shared/api-schemas'
import { startTimeKey } from '../../shared/call-query'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { missingShape } from '../support/documented-shape'

// ---------------------------------------------------------------- the documented facts

/** GET job/getJobs: obtainTask.md's answer (createTime to the minute). */
const JOBS_ANSWER = `{
  "code": 200,
  "data": {
    "number": 1, "pageSize": 20, "totalElements": 1, "pages": 1,
    "content": [{
      "robotCallJobId": 1, "name": "dialog测试", "status": "TERMINATE", "completedTask": 2157, "taskCallTotal": 166,
      "createTime": "2018-09-26 18:07", "createdByUserName": null, "organizationName": null
    }]
  },
  "requestId": "OTMAGZFW", "resultMsg": "创建成功", "errorStackTrace": null
}`

/** GET callRecord/callDetail?callRecordId=1: callRecord.md's answer (times with a "T"). */
const CALL_DETAIL_ANSWER = `{
  "code": 200,
  "data": {
    "callRecordId": 1, "customerAudioUrl": null,
    "startTime": "2018-10-02T16:54:08", "endTime": "2018-10-02T16:54:08",
    "chatRound": 0, "chatDuration": 0,
    "customerPerson": {
      "customerPersonId": 2006007, "creationTime": "2018-10-01 16:39", "tenantId": 1, "customerGroupId": 181,
      "name": "空号", "phoneNumber": "18673125007", "wechatNumber": null, "source": "UPLOADED_BY_YOURSELF",
      "gender": "UNKNOWN", "properties": {"ss":"test"}, "lastFollowTime": "2018-10-01 16:39:29", "lastChatDuration": 0,
      "lastStartTime": "2018-10-02 17:20:01", "lastIntentLevel": "E", "lastDialStatus": "CAN_NOT_CONNECT",
      "assignTime": "2018-10-01 16:39:29", "customerGroupName": "研发"
    },
    "resultStatus": "VACANT_NUMBER", "intentLevel": "F", "intentLevelName": "一般", "realIntentLevel": null,
    "realIntentLevelName": "一般", "intentLevelTagId": 0, "customerConcern": ["价格", "位置"],
    "fullAudioUrl": "https://ai-call-platform-daily.oss-cn-hangzhou.aliyuncs.com/DialogueRecording/TenantId1/CallJobId17/YKUYXGLL_TaskId_1305098/early_media.wav",
    "analysisBasis": "空号",
    "callDetailList": [
      {"text": "喂，您好, （停顿2s），您好，想问下您位于江北纬七路隧道附近，均价17000的高端商业综合体，我可以给您介绍一下吗？", "type": "ROBOT", "callDetailId": 1},
      {"text": "嗯", "type": "PERSON", "callDetailId": 2}
    ],
    "robotCallJobId": 29,
    "redialTimes": 0
  },
  "requestId": "PSVILAEB", "resultMsg": "执行成功", "errorStackTrace": null
}`

/** attributes (用户属性): the detail's table lists it ("参数", List) without an example; the call
 *  record callback's example (callBack.md) gives it as a list of words. */
const DOCUMENTED_ATTRIBUTES: unknown = JSON.parse('{"attributes":["有钱"]}').attributes

/** The signature's known answer: appKey k, appSecret s, tenantSign t, version v1. */
const KNOWN = { credentials: { appKey: 'k', appSecret: 's', tenantSign: 't' }, timestamp: 1557747252783, signature: 'd510646e456d6afe97747b92a21446611839b01f6e86ec742f596bd41201a3fe' }

/** Introduction.md, 错误码信息: the only codes the platform documents. */
const DOCUMENTED_CODES = [200, 401, 403, 404, 412, 500]

const MINUTE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/ // "2018-09-26 18:07"
const SECOND_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/ // "2018-08-04 11:57:33"
const DETAIL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/ // "2018-10-02T16:54:08"

const dataOf = (answer: string): Record<string, unknown> => (JSON.parse(answer) as { data: Record<string, unknown> }).data

function clientAnswering(answer: string) {
  const fetch: FetchLike = async () => new Response(answer, { status: 200, headers: { 'Content-Type': 'application/json;charset=UTF-8' } })
  return createApiClient({ baseUrl: 'https://openapi.tanyibot.com', credentials: DEMO_CREDENTIALS, fetch, retry: { attempts: 1, baseDelayMs: 1 } })
}

// ---------------------------------------------------------------- the simulator

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 4 })
})
afterAll(() => sim.close())

const client = () => createApiClient({ baseUrl: sim.url, credentials: DEMO_CREDENTIALS, retry: { attempts: 1, baseDelayMs: 1 } })

describe('the simulator’s tasks, as getJobs documents them', () => {
  it('carry createTime to the minute and every documented field; getJobDetail gives it to the second', async () => {
    const page = await client().listJobs({ pageSize: 100 })
    expect(missingShape(dataOf(JOBS_ANSWER), page)).toEqual([])
    for (const job of page.content) {
      expect(job.createTime).toMatch(MINUTE_TIME)
      expect(job).not.toHaveProperty('creationTime')
    }
    const first = page.content[0]!
    const detail = await client().getJobDetail({ robotCallJobId: first.robotCallJobId })
    expect(detail.robotCallJob.createTime).toMatch(SECOND_TIME)
    expect(detail.robotCallJob.createTime!.startsWith(first.createTime!)).toBe(true)
    // Newest task first.
    const times = page.content.map((job) => job.createTime!)
    expect(times).toEqual([...times].sort().reverse())
  })

  it('(the client reads the documented task list, createTime and all)', async () => {
    const page = await clientAnswering(JOBS_ANSWER).listJobs()
    expect(page).toEqual(dataOf(JOBS_ANSWER))
    expect(page.content[0]!.createTime).toBe('2018-09-26 18:07')
  })
})

describe('the simulator’s call detail, as callDetail documents it', () => {
  it('has every documented field, its times with a "T", and its attributes a list of words', async () => {
    const listed = (await client().listCalls({ robotCallJobId: sim.dataset.jobs[0]!.robotCallJobId, resultStatuses: ['ANSWERED'], pageSize: 5 })).content
    expect(listed.length).toBeGreaterThan(0)
    for (const row of listed) {
      const detail = await client().getCallDetail({ callRecordId: row.callRecordId })
      expect(missingShape(dataOf(CALL_DETAIL_ANSWER), detail, 'data', ['data.customerPerson.properties'])).toEqual([])
      expect(detail.startTime).toMatch(DETAIL_TIME)
      expect(detail.endTime).toMatch(DETAIL_TIME)
      // The list gives the same moment in its own form.
      expect(row.startTime).toMatch(SECOND_TIME)
      expect(detail.startTime).toBe(row.startTime!.replace(' ', 'T'))
      expect(detail.endTime! >= detail.startTime!).toBe(true)
      expect(detail.customerPerson?.creationTime).toMatch(MINUTE_TIME)
      expect(detail.customerPerson?.lastFollowTime).toMatch(SECOND_TIME)
      expect(missingShape(DOCUMENTED_ATTRIBUTES, detail.attributes, 'attributes')).toEqual([])
      expect(detail.attributes!.length).toBeGreaterThan(0)
    }
  })

  it('(the client reads the documented detail, and orders both forms of a time alike)', async () => {
    const detail = await clientAnswering(CALL_DETAIL_ANSWER).getCallDetail({ callRecordId: 1 })
    expect(detail).toEqual(dataOf(CALL_DETAIL_ANSWER))
    expect(startTimeKey(detail.startTime)).toBe(startTimeKey('2018-10-02 16:54:08'))
    expect(startTimeKey(detail.startTime)).toBe(20181002165408)
  })
})

describe('the simulator’s authentication', () => {
  let signed: RunningSimulator
  beforeAll(async () => {
    signed = await startSimulator({ port: 0, credentials: KNOWN.credentials, now: () => KNOWN.timestamp })
  })
  afterAll(() => signed.close())

  const codeFor = async (headers: Record<string, string>) => {
    const response = await fetch(signed.url + API_PATHS.jobList, { headers })
    return ((await response.json()) as { code: number }).code
  }
  const timestamp = String(KNOWN.timestamp)
  /** The vendor's current demo: appKey, version, timestamp and signature; no appSecret, no tenantSign. */
  const demoHeaders = { appKey: 'k', version: 'v1', timestamp, signature: KNOWN.signature }

  it('accepts the known-answer signature whether or not appSecret, tenantSign and version are sent', async () => {
    expect(computeSignature(KNOWN.credentials, timestamp)).toBe(KNOWN.signature)
    const six = signedHeaders(KNOWN.credentials, KNOWN.timestamp)
    expect(six).toMatchObject(demoHeaders)
    const { version: _v, ...noVersion } = six
    const { appSecret: _s, ...noSecret } = six
    const { version: _dv, ...bare } = demoHeaders
    for (const headers of [demoHeaders, six, noVersion, noSecret, bare]) expect(await codeFor(headers)).toBe(200)
  })

  it('still checks the signature over them all, and any credential that is sent', async () => {
    const otherSecret = computeSignature({ ...KNOWN.credentials, appSecret: 'x' }, timestamp)
    const otherSign = computeSignature({ ...KNOWN.credentials, tenantSign: 'u' }, timestamp)
    const otherVersion = computeSignature(KNOWN.credentials, timestamp, 'v2')
    const refused: Record<string, string>[] = [
      { ...demoHeaders, signature: otherSecret },
      { ...demoHeaders, signature: otherSign },
      { ...demoHeaders, signature: otherVersion },
      { ...demoHeaders, appSecret: 'x' },
      { ...demoHeaders, tenantSign: 'u' },
      { ...demoHeaders, version: 'v2' },
      { ...demoHeaders, appKey: 'other' },
      { appKey: 'k', version: 'v1', timestamp },
      { version: 'v1', timestamp, signature: KNOWN.signature },
    ]
    for (const headers of refused) expect(await codeFor(headers)).toBe(401)
  })
})

describe('the simulator’s codes', () => {
  it('are only the documented ones, a wrong method included', async () => {
    const raw = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(sim.url + path, { ...init, headers: { ...signedHeaders(DEMO_CREDENTIALS, Date.now()), ...(init.headers as Record<string, string>) } })
      return ((await response.json()) as { code: number }).code
    }
    const json = { 'Content-Type': 'application/json' }
    const codes = {
      unknownPath: await raw('/apiOpen/v1/callRecord/nothing'),
      wrongMethod: await raw(API_PATHS.callList),
      wrongMethodGet: await raw(API_PATHS.jobList, { method: 'POST', headers: json, body: '{}' }),
      noParameter: await raw(API_PATHS.callDetail),
      badBody: await raw(API_PATHS.callList, { method: 'POST', headers: json, body: '{' }),
      unknownCall: await raw(`${API_PATHS.callDetail}?callRecordId=1`),
      unknownJob: await raw(`${API_PATHS.jobDetail}?robotCallJobId=999999`),
      pageTooLarge: await raw(`${API_PATHS.jobList}?pageSize=101`),
      badSignature: await raw(API_PATHS.jobList, { headers: { signature: '0'.repeat(64) } }),
      fine: await raw(API_PATHS.jobList),
    }
    for (const code of Object.values(codes)) expect(DOCUMENTED_CODES).toContain(code)
    expect(codes).toMatchObject({ unknownPath: 404, wrongMethod: 404, wrongMethodGet: 404, noParameter: 412, badBody: 412, unknownCall: 404, unknownJob: 404, pageTooLarge: 412, badSignature: 401, fine: 200 })
  })
})
