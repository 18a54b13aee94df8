// The platform's API client: validates each request, signs it, sends it with a deadline and
// retries, and returns validated data or throws an AppError.
import type { z } from 'zod'
import {
  API_PATHS,
  callDetailQuerySchema,
  callDetailSchema,
  callListQuerySchema,
  callPageSchema,
  dialogFlowListSchema,
  intentLevelTagDetailsSchema,
  intentLevelTagListSchema,
  intentLevelTagQuerySchema,
  jobDetailSchema,
  jobListQuerySchema,
  jobPageSchema,
  jobQuerySchema,
  jobStatsSchema,
  type CallDetail,
  type CallPage,
  type DialogFlow,
  type IntentLevelTag,
  type IntentLevelTagDetails,
  type JobDetail,
  type JobPage,
  type JobStats,
} from '../../../../shared/api-schemas'
import { isLoopbackUrl } from '../../../../shared/ipc/contract'
import { keywordAttempts } from '../../../../shared/keyword-search'
import { describeValidationError } from '../../../../shared/validation'
import { stringifyJsonExact } from '../../../../shared/exact-json'
import { readAnswer } from './answer'
import { AppError } from '../../../../shared/errors'
import { invalidRequestError, redactSecrets } from './errors'
import { QUICK_RETRY, withBackoff, type RetryPolicy } from './retry'
import { exchange, type FetchLike } from './http'
import { signedHeaders, type Credentials } from './signature'

/** How long a request may take, unless the reviewer sets another in Settings. */
export const DEFAULT_TIMEOUT_MS = 15_000
export const DEFAULT_MAX_ANSWER_BYTES = 32 * 1024 * 1024

export interface ApiClientConfig {
  baseUrl: string
  credentials: Credentials
  timeoutMs?: number
  maxAnswerBytes?: number
  retry?: RetryPolicy
  now?: () => number
  fetch?: FetchLike
  /** Receives one line per request; never headers or bodies. */
  log?: (line: string) => void
}

export interface ApiClient {
  readonly baseUrl: string
  listCalls(query: z.input<typeof callListQuerySchema>): Promise<CallPage>
  getCallDetail(query: z.input<typeof callDetailQuerySchema>): Promise<CallDetail>
  listJobs(query?: z.input<typeof jobListQuerySchema>): Promise<JobPage>
  /** job/getJobDetail: the task, its flow's name and its figures. */
  getJobDetail(query: z.input<typeof jobQuerySchema>): Promise<JobDetail>
  /** job/getJobStats: answered calls, intent and result distributions. */
  getJobStats(query: z.input<typeof jobQuerySchema>): Promise<JobStats>
  /** intentLevelTag/getUsedIntentLevelTagList: the tenant's label groups in use. */
  listUsedIntentLevelTags(): Promise<IntentLevelTag[]>
  /** intentLevelTag/getIntentLevelTag: one group's names of the levels. */
  getIntentLevelTag(query: z.input<typeof intentLevelTagQuerySchema>): Promise<IntentLevelTagDetails>
  /** dialogFlow/getDialogFlowList: the tenant's dialogue flows (话术). */
  listDialogFlows(): Promise<DialogFlow[]>
}

function validate<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw invalidRequestError(describeValidationError(parsed.error))
  return parsed.data
}

function normaliseBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('baseUrl must be http or https')
  // The signed headers carry the appKey and tenantSign: in clear only to this computer itself.
  if (url.protocol === 'http:' && !isLoopbackUrl(baseUrl)) {
    throw invalidRequestError({
      'zh-CN': `接口地址必须使用 https（本机地址 127.0.0.1、localhost 除外）：${url.origin}`,
      en: `the API address must use https, except for this computer (127.0.0.1, localhost): ${url.origin}`,
    })
  }
  return url.toString().replace(/\/+$/, '')
}

export function createApiClient(config: ApiClientConfig): ApiClient {
  const baseUrl = normaliseBaseUrl(config.baseUrl)
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxBytes = config.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES
  const retry = config.retry ?? QUICK_RETRY
  const now = config.now ?? Date.now
  // tenantSign too: it names the account, and a server may echo any header back into its error text.
  const secrets = [config.credentials.appSecret, config.credentials.appKey, config.credentials.tenantSign]
  const log = config.log ?? (() => {})

  async function send<T extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, unknown> | undefined,
    dataSchema: T,
  ): Promise<z.output<T>> {
    let url = baseUrl + path
    let body: string | undefined
    if (method === 'GET' && params) {
      const search = new URLSearchParams()
      for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value))
      const qs = search.toString()
      if (qs) url += `?${qs}`
    } else if (method === 'POST') {
      // An id beyond 2^53 (held as digits) is sent as the bare number the server's long expects.
      body = stringifyJsonExact(params ?? {})
    }

    try {
      return await withBackoff(
        retry,
        null,
        async () => {
          const started = now()
          // Signed afresh for each attempt: the timestamp is part of the signature.
          const headers: Record<string, string> = { ...signedHeaders(config.credentials, now()), Accept: 'application/json' }
          if (body !== undefined) headers['Content-Type'] = 'application/json;charset=UTF-8'
          const answer = await exchange({ url, method, headers, body, timeoutMs, maxBytes }, config.fetch)
          const data = readAnswer(answer, dataSchema)
          log(`${method} ${path} → ${answer.status} in ${now() - started} ms`)
          return data
        },
        (error, attempt) => log(`${method} ${path} failed (${error instanceof AppError ? error.kind : 'internal'}) attempt ${attempt}/${retry.attempts}`),
      )
    } catch (error) {
      throw error instanceof AppError ? scrub(error) : error
    }
  }

  /** Servers sometimes echo request headers into their error text; never pass a secret on. */
  function scrub(error: AppError): AppError {
    const messages = {
      'zh-CN': redactSecrets(error.messages['zh-CN'], secrets),
      en: redactSecrets(error.messages.en, secrets),
    }
    if (messages['zh-CN'] === error.messages['zh-CN'] && messages.en === error.messages.en) return error
    return new AppError(error.kind, messages, error)
  }

  return {
    baseUrl,
    listCalls: async (query) => {
      // The keyword as both revisions of the docs name it: searchWords (the seed) and the field
      // of today's three its form names; each server reads the one it knows. A run of digits is
      // asked as an id first, then as part of a number (shared/keyword-search.ts).
      const attempts = keywordAttempts(validate(callListQuerySchema, query))
      for (let i = 0; ; i++) {
        const page = await send('POST', API_PATHS.callList, { pageNum: 1, pageSize: 20, ...attempts[i] }, callPageSchema)
        if (page.totalElements > 0 || i === attempts.length - 1) return page
      }
    },
    getCallDetail: async (query) => send('GET', API_PATHS.callDetail, validate(callDetailQuerySchema, query), callDetailSchema),
    listJobs: async (query = {}) => {
      const valid = validate(jobListQuerySchema, query)
      return send('GET', API_PATHS.jobList, { pageNum: 1, pageSize: 20, ...valid }, jobPageSchema)
    },
    getJobDetail: async (query) => send('GET', API_PATHS.jobDetail, validate(jobQuerySchema, query), jobDetailSchema),
    getJobStats: async (query) => send('GET', API_PATHS.jobStats, validate(jobQuerySchema, query), jobStatsSchema),
    listUsedIntentLevelTags: async () => send('GET', API_PATHS.usedIntentLevelTags, undefined, intentLevelTagListSchema),
    getIntentLevelTag: async (query) => send('GET', API_PATHS.intentLevelTag, validate(intentLevelTagQuerySchema, query), intentLevelTagDetailsSchema),
    listDialogFlows: async () => send('GET', API_PATHS.dialogFlowList, undefined, dialogFlowListSchema),
  }
}
