// The platform documentation's own request and response examples for the task figures, the
// intent label groups and the dialogue flows (public docs, yiwise/slate source/includes/,
// obtainTask.md, intentLevelTag.md, tenant.md and the flow list's last example in dialogFlow.md
// of 2019-06-05), written here as fixtures. Each documented answer goes through the API client
// unchanged; each documented request goes from the client to the simulator, whose answer has
// every field, at every depth, that the documented example has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiClient, type FetchLike } from '../../electron/main/services/api'
import { signedHeaders } from '../../electron/main/services/api/signature'
import { API_PATHS } from '../../shared/api-schemas'
import { INTENT_LEVEL_LABELS } from '../../shared/enums'
import { labelGroupOf, labelGroupOfStats } from '../../shared/intent-labels'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { missingShape } from '../support/documented-shape'

// ---------------------------------------------------------------- the documented examples

/** GET job/getJobDetail?robotCallJobId=21 (request table's example), and its answer. */
const JOB_DETAIL_REQUEST = { robotCallJobId: 21 }
const JOB_DETAIL_ANSWER = `{
  "code": 200,
  "data": {
    "robotCallJob": {
      "robotCallJobId": 1, "tenantId": 1, "dialogFlowId": 1, "dialogFlowName": "金融行业体验demo-优化版",
      "name": "dialog测试", "mode": "MANUAL", "robotCount": 12, "smsTemplateId": null, "phoneType": "LANDLINE",
      "dailyStartTime": "15:08:31", "dailyEndTime": "15:08:36",
      "inactiveTimeList": [{"startTime":"12:00", "endTime":"13:00"}],
      "description": null, "wechatAlertLevel": [], "wechatAlertLevelCode": [], "smsAlertLevel": [], "smsAlertLevelCode": [],
      "wechatConditionAlertLevel": [], "wechatConditionAlertLevelCode": [], "alertUsers": [], "wechatSendMethod": "SENDTOALL",
      "status": "TERMINATE", "startTime": null, "nextStartTime": "00:00:00",
      "createTime": "2018-10-09 15:08:54", "updateTime": "2018-10-09 15:11:20", "earlyWarningAlertUsers": [],
      "redialCondition": ["CALL_LOSS", "FROM_PHONE_ERROR", "POWER_OFF", "OUT_OF_SERVICE", "REFUSED", "CAN_NOT_CONNECT"],
      "redialInterval": 6, "redialTimes": 1
    },
    "jobPhoneNumberList": [{
      "tenantPhoneNumberId": 675, "phoneNumber": "13576084683", "phoneName": "", "enabledStatus": 1,
      "phoneType": "LANDLINE", "concurrencyQuota": 5
    }],
    "transferPhoneNumber": ["1523654789", "1758426896"],
    "completedTask": 3612,
    "taskCallTotal": 166
  },
  "requestId": "VJDMUZIC", "resultMsg": "获取成功", "errorStackTrace": null
}`

/** GET job/getJobStats?robotCallJobId=21, and its answer (11.90 as written: compare values). */
const JOB_STATS_REQUEST = { robotCallJobId: 21 }
const JOB_STATS_ANSWER = `{
  "code": 200,
  "data": {
    "taskProgress": 2175.9, "answeredRate": 9.47,
    "intentLevel": {"A": 568, "B": 555, "C": 606, "D": 598, "E": 560, "F": 569},
    "taskCallTotal": 3612, "answeredTask": 342, "chatDurationTotal": 89659, "completedTask": 0,
    "customerConcern": ["安全", "地理位置", "健身", "价格", "交通"],
    "dialResult": {"ANSWERED": 342, "NO_ANSWER": 348, "BUSY": 353, "POWER_OFF": 344, "OUT_OF_SERVICE": 341,
      "REFUSED": 366, "VACANT_NUMBER": 338, "CAN_NOT_CONNECT": 334, "FROM_PHONE_ERROR": 346, "SYSTEM_ERROR": 344},
    "chatRound": {"LESS_3": 9, "F3_T6": 1, "F6_T10": 4, "F10_MORE": 336},
    "chatDuration": {"LESS_10S": 14, "F10S_T1MIN": 28, "F1MIN_T2MIN": 35, "F2MIN_T3MIN": 43, "F3MIN_TMORE": 230},
    "callJobStatsBrokenLine": {
      "taskCallCompletedList": [{"date": "2018-09-27", "val": 1000}, {"date": "2018-10-09", "val": 1455}],
      "answeredTaskList": [{"date": "2018-09-27", "val": 119}, {"date": "2018-10-09", "val": 134}],
      "answeredTaskRateList": [{"date": "2018-09-27", "val": 11.90}, {"date": "2018-10-09", "val": 9.21}],
      "chatDurationTotalList": [{"date": "2018-09-25", "val": 22547}, {"date": "2018-09-27", "val": 31218}, {"date": "2018-10-09", "val": 35894}],
      "averageDurationList": [{"date": "2018-09-27", "val": 26233}, {"date": "2018-10-09", "val": 26786}],
      "intentLevelTagDetailList": [
        {"code": 0, "intentLevelTagDetailId": 825, "intentLevelTagId": 121, "name": "较差"},
        {"code": 1, "intentLevelTagDetailId": 826, "intentLevelTagId": 121, "name": "一般"},
        {"code": 2, "intentLevelTagDetailId": 827, "intentLevelTagId": 121, "name": "好"},
        {"code": 3, "intentLevelTagDetailId": 828, "intentLevelTagId": 121, "name": "很好"}
      ]
    }
  },
  "requestId": "VJDMUZIC", "resultMsg": "获取成功", "errorStackTrace": null
}`

/** GET intentLevelTag/getUsedIntentLevelTagList (no parameters), and its answer. */
const USED_TAGS_ANSWER = `{
  "code": 200,
  "data": [
    {"intentLevelTagId": 0, "name": "内置意向分类标签"},
    {"intentLevelTagId": 1, "name": "自定义标签分组"}
  ],
  "requestId": "VCWAHVEJ", "resultMsg": "获取成功", "errorStackTrace": null
}`

/** GET intentLevelTag/getIntentLevelTag?intentLevelTagId=0, and its answer. */
const TAG_REQUEST = { intentLevelTagId: 0 }
const TAG_ANSWER = `{
  "code": 200,
  "data": {
    "intentLevelTagId": 0,
    "name": "内置意向分类标签",
    "details": [
      {"code": 0, "name": "A类"}, {"code": 1, "name": "B类"}, {"code": 2, "name": "C类"},
      {"code": 3, "name": "D类"}, {"code": 4, "name": "E类"}, {"code": 5, "name": "F类"}
    ]
  },
  "requestId": "ILNBEQJF", "resultMsg": "获取成功", "errorStackTrace": null
}`

/** GET dialogFlow/getDialogFlowList (no parameters): tenant.md's answer … */
const FLOWS_ANSWER = `{
  "code": 200,
  "data": [{"dialogFlowId": 96, "name": "金融理财--行业体验demo"}, {"dialogFlowId": 136, "name": "测试变量"}],
  "requestId": "NSLARYGU", "resultMsg": "获取成功", "errorStackTrace": null
}`
/** … and the one with the fields added in 2019-06 (intentLevelTagId, status, createTime). */
const FLOWS_ANSWER_2019 = `{
  "code": 200,
  "data": [{"dialogFlowId": 1, "name": "话术标题", "intentLevelTagId": 0, "status": "APPROVED", "createTime": "2019-04-24 20:28:17"}],
  "requestId": "VCWAHVEJ", "resultMsg": "获取成功", "errorStackTrace": null
}`

// ---------------------------------------------------------------- helpers

interface Sent {
  method: string
  url: URL
  body: unknown
}

/** A client whose every request is answered with `answer`; what it sent is in `sent`. */
function clientAnswering(answer: string) {
  const sent: Sent[] = []
  const fetch: FetchLike = async (url, init) => {
    sent.push({ method: init.method ?? 'GET', url: new URL(url), body: init.body })
    return new Response(answer, { status: 200, headers: { 'Content-Type': 'application/json;charset=UTF-8' } })
  }
  const client = createApiClient({ baseUrl: 'https://openapi.tanyibot.com', credentials: DEMO_CREDENTIALS, fetch, retry: { attempts: 1, baseDelayMs: 1 } })
  return { client, sent }
}

const dataOf = (answer: string): unknown => (JSON.parse(answer) as { data: unknown }).data

// ---------------------------------------------------------------- through the client

describe('the documented examples through the API client', () => {
  it('(the shape check finds a missing or retyped field at any depth)', () => {
    expect(missingShape({ a: { b: 1, c: [{ d: 'x' }] } }, { a: { c: [{ d: 'y' }, { d: 2 }] } })).toEqual([
      'data.a.b: missing',
      'data.a.c[1].d: number, documented string',
    ])
  })

  it('getJobDetail: sends the documented GET and keeps every field of the documented answer', async () => {
    const { client, sent } = clientAnswering(JOB_DETAIL_ANSWER)
    const detail = await client.getJobDetail(JOB_DETAIL_REQUEST)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.method).toBe('GET')
    expect(sent[0]!.url.pathname).toBe(API_PATHS.jobDetail)
    expect(sent[0]!.url.pathname).toBe('/apiOpen/v1/job/getJobDetail')
    expect(Object.fromEntries(sent[0]!.url.searchParams)).toEqual({ robotCallJobId: '21' })
    expect(detail).toEqual(dataOf(JOB_DETAIL_ANSWER))
    expect(detail.robotCallJob.dialogFlowName).toBe('金融行业体验demo-优化版')
  })

  it('getJobStats: the group inside callJobStatsBrokenLine is read, and 11.90 stays 11.9', async () => {
    const { client, sent } = clientAnswering(JOB_STATS_ANSWER)
    const stats = await client.getJobStats(JOB_STATS_REQUEST)
    expect(sent[0]!.url.pathname).toBe('/apiOpen/v1/job/getJobStats')
    expect(Object.fromEntries(sent[0]!.url.searchParams)).toEqual({ robotCallJobId: '21' })
    expect(stats).toEqual(dataOf(JOB_STATS_ANSWER))
    expect(stats.callJobStatsBrokenLine?.answeredTaskRateList?.[0]?.val).toBe(11.9)
    // A group of four levels: code 0 is A … 3 is D.
    expect(labelGroupOfStats(stats)).toEqual({ intentLevelTagId: 121, name: '', levels: { A: '较差', B: '一般', C: '好', D: '很好' } })
  })

  it('getJobStats: the group is read where the table lists it too, and a concern map is accepted', async () => {
    const moved = JSON.parse(JOB_STATS_ANSWER) as { data: Record<string, unknown> & { callJobStatsBrokenLine: Record<string, unknown> } }
    moved.data['intentLevelTagDetailList'] = moved.data.callJobStatsBrokenLine['intentLevelTagDetailList']
    delete moved.data.callJobStatsBrokenLine['intentLevelTagDetailList']
    moved.data['customerConcern'] = { 价格: 12 }
    const stats = await clientAnswering(JSON.stringify(moved)).client.getJobStats(JOB_STATS_REQUEST)
    expect(labelGroupOfStats(stats)?.levels.D).toBe('很好')
  })

  it('getUsedIntentLevelTagList and getIntentLevelTag: the documented requests and answers', async () => {
    const used = clientAnswering(USED_TAGS_ANSWER)
    expect(await used.client.listUsedIntentLevelTags()).toEqual(dataOf(USED_TAGS_ANSWER))
    expect(used.sent[0]!.url.pathname).toBe('/apiOpen/v1/intentLevelTag/getUsedIntentLevelTagList')
    expect(used.sent[0]!.url.search).toBe('')

    const tag = clientAnswering(TAG_ANSWER)
    const group = await tag.client.getIntentLevelTag(TAG_REQUEST)
    expect(tag.sent[0]!.url.pathname).toBe('/apiOpen/v1/intentLevelTag/getIntentLevelTag')
    // Group 0 is an id like any other: sent, not dropped as "no value".
    expect(Object.fromEntries(tag.sent[0]!.url.searchParams)).toEqual({ intentLevelTagId: '0' })
    expect(group).toEqual(dataOf(TAG_ANSWER))
    expect(labelGroupOf(group).levels).toEqual({ A: 'A类', B: 'B类', C: 'C类', D: 'D类', E: 'E类', F: 'F类' })
  })

  it('getDialogFlowList: both documented answers', async () => {
    for (const answer of [FLOWS_ANSWER, FLOWS_ANSWER_2019]) {
      const { client, sent } = clientAnswering(answer)
      expect(await client.listDialogFlows()).toEqual(dataOf(answer))
      expect(sent[0]).toMatchObject({ method: 'GET', body: undefined })
      expect(sent[0]!.url.pathname).toBe('/apiOpen/v1/dialogFlow/getDialogFlowList')
    }
  })
})

// ---------------------------------------------------------------- client → simulator → client

describe('the documented requests against the simulator', () => {
  let sim: RunningSimulator
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 2 })
  })
  afterAll(async () => {
    await sim.close()
  })
  const client = () => createApiClient({ baseUrl: sim.url, credentials: DEMO_CREDENTIALS, retry: { attempts: 1, baseDelayMs: 1 } })
  const job = () => sim.dataset.jobs[0]!

  it('getJobDetail answers with every documented field, the flow’s name and the task’s figures', async () => {
    const detail = await client().getJobDetail({ robotCallJobId: job().robotCallJobId })
    expect(missingShape(dataOf(JOB_DETAIL_ANSWER), detail)).toEqual([])
    const flow = sim.dataset.dialogFlows.find((f) => f.dialogFlowId === job().dialogFlowId)!
    expect(detail.robotCallJob).toMatchObject({ robotCallJobId: job().robotCallJobId, name: job().name, dialogFlowId: flow.dialogFlowId, dialogFlowName: flow.name })
    expect(detail).toMatchObject({ completedTask: job().completedTask, taskCallTotal: job().taskCallTotal })
  })

  it('getJobStats answers with every documented field, counting the task’s calls', async () => {
    const stats = await client().getJobStats({ robotCallJobId: job().robotCallJobId })
    expect(missingShape(dataOf(JOB_STATS_ANSWER), stats)).toEqual([])
    const calls = sim.dataset.calls.filter((c) => c.robotCallJobId === job().robotCallJobId)
    expect(stats.answeredTask).toBe(calls.filter((c) => c.resultStatus === 'ANSWERED').length)
    expect(stats.intentLevel?.['A']).toBe(calls.filter((c) => c.intentLevel === 'A').length)
    expect(Object.values(stats.dialResult ?? {}).reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(calls.length)
    // The task's label group, as the documented example carries it.
    const flow = sim.dataset.dialogFlows.find((f) => f.dialogFlowId === job().dialogFlowId)!
    expect(labelGroupOfStats(stats)?.intentLevelTagId).toBe(flow.intentLevelTagId)
  })

  it('getJobStats of a task without calls is all zero; an unknown task is code 404', async () => {
    const idle = sim.dataset.jobs.find((j) => j.completedTask === 0)!
    const stats = await client().getJobStats({ robotCallJobId: idle.robotCallJobId })
    expect(stats).toMatchObject({ answeredTask: 0, completedTask: 0, answeredRate: 0 })
    expect(Object.values(stats.dialResult ?? {}).every((n) => n === 0)).toBe(true)
    await expect(client().getJobDetail({ robotCallJobId: 999_999 })).rejects.toMatchObject({ kind: 'api-code', code: 404 })
  })

  it('getIntentLevelTag(0) is the documented built-in group exactly; the tenant’s groups name levels otherwise', async () => {
    const builtIn = await client().getIntentLevelTag(TAG_REQUEST)
    expect(builtIn).toEqual(dataOf(TAG_ANSWER))
    const used = await client().listUsedIntentLevelTags()
    expect(missingShape(dataOf(USED_TAGS_ANSWER), used)).toEqual([])
    expect(used.map((t) => t.intentLevelTagId)).toContain(0)
    const flow = sim.dataset.dialogFlows.find((f) => f.dialogFlowId === job().dialogFlowId)!
    const own = labelGroupOf(await client().getIntentLevelTag({ intentLevelTagId: flow.intentLevelTagId }))
    expect(used.map((t) => t.intentLevelTagId)).toContain(own.intentLevelTagId)
    // As the documented call example pairs them: level A is 很好, not the built-in 较强.
    expect(own.levels.A).toBe('很好')
    expect(own.levels.A).not.toBe(INTENT_LEVEL_LABELS.A['zh-CN'])
    // The calls carry their group's names.
    const page = await client().listCalls({ robotCallJobId: job().robotCallJobId, intentLevels: ['A'], pageSize: 5 })
    for (const call of page.content) expect(call).toMatchObject({ intentLevelTagId: own.intentLevelTagId, intentLevelName: '很好' })
    await expect(client().getIntentLevelTag({ intentLevelTagId: 987 })).rejects.toMatchObject({ code: 404 })
  })

  it('getDialogFlowList answers with every field of both documented examples', async () => {
    const flows = await client().listDialogFlows()
    expect(missingShape(dataOf(FLOWS_ANSWER), flows)).toEqual([])
    expect(missingShape(dataOf(FLOWS_ANSWER_2019), flows)).toEqual([])
    expect(flows.map((f) => f.dialogFlowId)).toEqual(expect.arrayContaining([...new Set(sim.dataset.jobs.map((j) => j.dialogFlowId))]))
  })

  it('refuses a request without its parameter, and the wrong method, with documented codes', async () => {
    const raw = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(sim.url + path, { ...init, headers: signedHeaders(DEMO_CREDENTIALS, Date.now()) })
      return ((await response.json()) as { code: number }).code
    }
    expect(await raw(API_PATHS.jobDetail)).toBe(412)
    expect(await raw(API_PATHS.jobStats + '?robotCallJobId=abc')).toBe(412)
    expect(await raw(API_PATHS.intentLevelTag)).toBe(412)
    expect(await raw(API_PATHS.dialogFlowList, { method: 'POST' })).not.toBe(200)
  })
})
