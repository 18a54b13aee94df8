// The API endpoints over the data set, after authentication: method, parameters, data.
import { API_PATHS } from '../../shared/api-schemas'
import { jsonAnswer, type Answer } from './answer'
import { byStartTimeDesc, compileCallFilter, latestAttempts, paginate } from '../../shared/call-query'
import { jobMatches } from './call-query'
import { TENANT_ID, type SimWorld } from './dataset'
import { envelope } from './envelope'
import { parseJsonExact } from '../../shared/exact-json'
import { compareIds, type Id } from '../../shared/ids'
import { jobDetailOf, jobStatsOf } from './job-figures'
import { readCallDetailQuery, readCallListQuery, readIntentLevelTagQuery, readJobListQuery, readJobQuery } from './request-params'
import { usedIntentLevelTags } from './tenant'
import type { ApiRevision, RequestTarget, SimCall, SimJob } from './types'
import { detailTime } from './wall-clock'

export type ApiRoute = Exclude<RequestTarget, 'recording'>

/** The older name of the task list, still answered. */
export const LEGACY_JOB_LIST_PATH = '/apiOpen/v1/task/getTasks'

const ROUTES: Record<string, ApiRoute> = {
  [API_PATHS.callList]: 'callList',
  [API_PATHS.callDetail]: 'callDetail',
  [API_PATHS.jobList]: 'jobList',
  [LEGACY_JOB_LIST_PATH]: 'jobList',
  [API_PATHS.jobDetail]: 'jobDetail',
  [API_PATHS.jobStats]: 'jobStats',
  [API_PATHS.usedIntentLevelTags]: 'usedIntentLevelTags',
  [API_PATHS.intentLevelTag]: 'intentLevelTag',
  [API_PATHS.dialogFlowList]: 'dialogFlowList',
}
const METHODS: Record<ApiRoute, string> = {
  callList: 'POST',
  callDetail: 'GET',
  jobList: 'GET',
  jobDetail: 'GET',
  jobStats: 'GET',
  usedIntentLevelTags: 'GET',
  intentLevelTag: 'GET',
  dialogFlowList: 'GET',
}

export function routeOf(pathname: string): ApiRoute | undefined {
  return ROUTES[pathname]
}

export interface ApiRequest {
  route: ApiRoute
  method: string
  params: URLSearchParams
  body: Buffer
}

/** The world in the orders the endpoints list it. */
export interface ApiData {
  world: SimWorld
  revision: ApiRevision
  callsNewestFirst: SimCall[]
  jobsNewestFirst: SimJob[]
  /** The latest call of each number, what lastCallRecord keeps. */
  latest: ReadonlySet<SimCall>
  /** Each task's calls, in dialling order. */
  callsOfJob: Map<Id, SimCall[]>
}

export function apiData(world: SimWorld, revision: ApiRevision = 'today'): ApiData {
  const callsOfJob = new Map<Id, SimCall[]>()
  for (const call of world.dataset.calls) {
    const list = callsOfJob.get(call.robotCallJobId)
    if (list) list.push(call)
    else callsOfJob.set(call.robotCallJobId, [call])
  }
  return {
    callsOfJob,
    world,
    revision,
    callsNewestFirst: [...world.dataset.calls].sort(byStartTimeDesc),
    latest: latestAttempts(world.dataset.calls),
    jobsNewestFirst: [...world.dataset.jobs].sort((a, b) => {
      const [x, y] = [world.jobCreated.get(a.robotCallJobId) ?? a.createTime, world.jobCreated.get(b.robotCallJobId) ?? b.createTime]
      return x < y ? 1 : x > y ? -1 : compareIds(b.robotCallJobId, a.robotCallJobId)
    }),
  }
}

const parameterError = (message: string) => jsonAnswer(envelope(412, null, message))

function listCalls(request: ApiRequest, data: ApiData): Answer {
  const text = request.body.toString('utf8')
  if (!text.trim()) return parameterError('参数错误：请求体不能为空')
  let body: unknown
  try {
    // Ids beyond 2^53 come as bare numbers: read exactly, as the platform's Java server does.
    body = parseJsonExact(text)
  } catch {
    return parameterError('参数错误：请求体不是合法的 JSON')
  }
  const query = readCallListQuery(body, data.revision)
  if (!query.ok) return parameterError(query.message)
  const q = query.value
  // An unknown task is not an error on the platform: it simply has no calls.
  // lastCallRecord: the latest call of each number, then only the filters the docs keep for it.
  const matches = compileCallFilter(q, data.latest)
  const calls = data.callsNewestFirst.filter((call) => matches(call, data.world.customers.get(call.customerPersonId)))
  return jsonAnswer(envelope(200, paginate(calls, q.pageNum, q.pageSize), '获取成功'))
}

function callDetail(request: ApiRequest, data: ApiData): Answer {
  const query = readCallDetailQuery(request.params)
  if (!query.ok) return parameterError(query.message)
  const id = query.value.callRecordId
  const call = data.world.calls.get(id)
  if (!call) return jsonAnswer(envelope(404, null, `通话记录不存在：${id}`))
  const extras = data.world.extras.get(id)
  // The detail's times are documented as '2018-10-02T16:54:08', the list's as '2018-08-04 11:57:33'.
  const detail = {
    ...call,
    startTime: detailTime(call.startTime),
    endTime: detailTime(extras?.endTime ?? call.startTime),
    customerPerson: data.world.customers.get(call.customerPersonId) ?? null,
    attributes: extras?.attributes ?? [],
  }
  return jsonAnswer(envelope(200, detail, '执行成功'))
}

function listJobs(request: ApiRequest, data: ApiData): Answer {
  const query = readJobListQuery(request.params)
  if (!query.ok) return parameterError(query.message)
  const jobs = data.jobsNewestFirst.filter((job) => jobMatches(job, query.value))
  return jsonAnswer(envelope(200, paginate(jobs, query.value.pageNum, query.value.pageSize), '获取成功'))
}

/** The task of a getJobDetail or getJobStats request; an unknown task is code 404. */
function jobOf(request: ApiRequest, data: ApiData): { job: SimJob } | { answer: Answer } {
  const query = readJobQuery(request.params)
  if (!query.ok) return { answer: parameterError(query.message) }
  const job = data.world.dataset.jobs.find((j) => j.robotCallJobId === query.value.robotCallJobId)
  return job ? { job } : { answer: jsonAnswer(envelope(404, null, `任务不存在：${query.value.robotCallJobId}`)) }
}

const flowOf = (data: ApiData, job: SimJob) => data.world.dataset.dialogFlows.find((flow) => flow.dialogFlowId === job.dialogFlowId)

function jobDetail(request: ApiRequest, data: ApiData): Answer {
  const found = jobOf(request, data)
  if ('answer' in found) return found.answer
  const { job } = found
  const createTime = data.world.jobCreated.get(job.robotCallJobId) ?? job.createTime
  const detail = jobDetailOf(job, data.callsOfJob.get(job.robotCallJobId) ?? [], flowOf(data, job), TENANT_ID, createTime)
  return jsonAnswer(envelope(200, detail, '获取成功'))
}

function jobStats(request: ApiRequest, data: ApiData): Answer {
  const found = jobOf(request, data)
  if ('answer' in found) return found.answer
  const { job } = found
  const stats = jobStatsOf(job, data.callsOfJob.get(job.robotCallJobId) ?? [], flowOf(data, job)?.intentLevelTagId)
  return jsonAnswer(envelope(200, stats, '获取成功'))
}

function intentLevelTag(request: ApiRequest, data: ApiData): Answer {
  const query = readIntentLevelTagQuery(request.params)
  if (!query.ok) return parameterError(query.message)
  const tag = data.world.dataset.intentLevelTags.find((t) => t.intentLevelTagId === query.value.intentLevelTagId)
  if (!tag) return jsonAnswer(envelope(404, null, `意向标签分组不存在：${query.value.intentLevelTagId}`))
  return jsonAnswer(envelope(200, tag, '获取成功'))
}

export function apiAnswer(request: ApiRequest, data: ApiData): Answer {
  const expected = METHODS[request.route]
  if (request.method !== expected) {
    // No documented code means "wrong method": nothing is found at this method and path (404),
    // and the message names the method that is.
    return jsonAnswer(envelope(404, null, `资源未找到：${request.method} 不支持此接口，请使用 ${expected}`))
  }
  switch (request.route) {
    case 'callList':
      return listCalls(request, data)
    case 'callDetail':
      return callDetail(request, data)
    case 'jobList':
      return listJobs(request, data)
    case 'jobDetail':
      return jobDetail(request, data)
    case 'jobStats':
      return jobStats(request, data)
    case 'usedIntentLevelTags':
      return jsonAnswer(envelope(200, usedIntentLevelTags(data.world.dataset.dialogFlows), '获取成功'))
    case 'intentLevelTag':
      return intentLevelTag(request, data)
    case 'dialogFlowList':
      return jsonAnswer(envelope(200, data.world.dataset.dialogFlows, '获取成功'))
  }
}
