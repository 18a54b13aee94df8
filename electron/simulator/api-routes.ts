// The three API endpoints over the data set, after authentication: method, parameters, data.
import { API_PATHS } from '../../shared/api-schemas'
import { jsonAnswer, type Answer } from './answer'
import { byStartTimeDesc, compileCallFilter, latestAttempts, paginate } from '../../shared/call-query'
import { jobMatches } from './call-query'
import type { SimWorld } from './dataset'
import { envelope } from './envelope'
import { readCallDetailQuery, readCallListQuery, readJobListQuery } from './request-params'
import type { ApiRevision, SimCall, SimJob } from './types'

export type ApiRoute = 'callList' | 'callDetail' | 'jobList'

/** The older name of the task list, still answered. */
export const LEGACY_JOB_LIST_PATH = '/apiOpen/v1/task/getTasks'

const ROUTES: Record<string, ApiRoute> = {
  [API_PATHS.callList]: 'callList',
  [API_PATHS.callDetail]: 'callDetail',
  [API_PATHS.jobList]: 'jobList',
  [LEGACY_JOB_LIST_PATH]: 'jobList',
}
const METHODS: Record<ApiRoute, string> = { callList: 'POST', callDetail: 'GET', jobList: 'GET' }

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
}

export function apiData(world: SimWorld, revision: ApiRevision = 'today'): ApiData {
  return {
    world,
    revision,
    callsNewestFirst: [...world.dataset.calls].sort(byStartTimeDesc),
    latest: latestAttempts(world.dataset.calls),
    jobsNewestFirst: [...world.dataset.jobs].sort((a, b) =>
      a.creationTime < b.creationTime ? 1 : a.creationTime > b.creationTime ? -1 : b.robotCallJobId - a.robotCallJobId,
    ),
  }
}

const parameterError = (message: string) => jsonAnswer(envelope(412, null, message))

function listCalls(request: ApiRequest, data: ApiData): Answer {
  const text = request.body.toString('utf8')
  if (!text.trim()) return parameterError('参数错误：请求体不能为空')
  let body: unknown
  try {
    body = JSON.parse(text)
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
  const detail = {
    ...call,
    endTime: extras?.endTime ?? call.startTime,
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

export function apiAnswer(request: ApiRequest, data: ApiData): Answer {
  const expected = METHODS[request.route]
  if (request.method !== expected) {
    // The platform's gateway answers a wrong method inside the envelope, as code 405.
    return jsonAnswer(envelope(405, null, `请求方法 ${request.method} 不支持，请使用 ${expected}`))
  }
  if (request.route === 'callList') return listCalls(request, data)
  if (request.route === 'callDetail') return callDetail(request, data)
  return listJobs(request, data)
}
