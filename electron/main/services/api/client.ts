// The platform's API client: validates each request, signs it, sends it with a deadline and
// retries, and returns validated data or throws an ApiError.
import type { z } from 'zod'
import {
  API_PATHS,
  callDetailQuerySchema,
  callDetailSchema,
  callListQuerySchema,
  callPageSchema,
  jobListQuerySchema,
  jobPageSchema,
  type CallDetail,
  type CallPage,
  type JobPage,
} from '../../../../shared/api-schemas'
import { describeValidationError } from '../../../../shared/validation'
import { readAnswer } from './answer'
import { ApiError, invalidRequestError, redactSecrets } from './errors'
import { exchange, type FetchLike } from './http'
import { signedHeaders, type Credentials } from './signature'

export const DEFAULT_TIMEOUT_MS = 15_000
export const DEFAULT_MAX_ANSWER_BYTES = 32 * 1024 * 1024

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number
  /** Delay before the second attempt; each later one waits three times longer. */
  baseDelayMs: number
}

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
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 300 }

function validate<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw invalidRequestError(describeValidationError(parsed.error))
  return parsed.data
}

function normaliseBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('baseUrl must be http or https')
  return url.toString().replace(/\/+$/, '')
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export function createApiClient(config: ApiClientConfig): ApiClient {
  const baseUrl = normaliseBaseUrl(config.baseUrl)
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxBytes = config.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES
  const retry = config.retry ?? DEFAULT_RETRY
  const now = config.now ?? Date.now
  const secrets = [config.credentials.appSecret, config.credentials.appKey]
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
      body = JSON.stringify(params ?? {})
    }

    for (let attempt = 1; ; attempt++) {
      const started = now()
      try {
        // Signed afresh for each attempt: the timestamp is part of the signature.
        const headers: Record<string, string> = { ...signedHeaders(config.credentials, now()), Accept: 'application/json' }
        if (body !== undefined) headers['Content-Type'] = 'application/json;charset=UTF-8'
        const answer = await exchange({ url, method, headers, body, timeoutMs, maxBytes }, config.fetch)
        const data = readAnswer(answer, dataSchema)
        log(`${method} ${path} → ${answer.status} in ${now() - started} ms`)
        return data
      } catch (error) {
        const apiError = error instanceof ApiError ? error : undefined
        log(`${method} ${path} failed (${apiError?.kind ?? 'internal'}) attempt ${attempt}/${retry.attempts}`)
        if (apiError?.retryable && attempt < retry.attempts) {
          await sleep(retry.baseDelayMs * 3 ** (attempt - 1) * (0.8 + Math.random() * 0.4))
          continue
        }
        if (apiError) throw scrub(apiError)
        throw error
      }
    }
  }

  /** Servers sometimes echo request headers into their error text; never pass a secret on. */
  function scrub(error: ApiError): ApiError {
    const messages = {
      'zh-CN': redactSecrets(error.messages['zh-CN'], secrets),
      en: redactSecrets(error.messages.en, secrets),
    }
    if (messages['zh-CN'] === error.messages['zh-CN'] && messages.en === error.messages.en) return error
    return new ApiError(error.kind, messages, { code: error.code, status: error.status, requestId: error.requestId })
  }

  return {
    baseUrl,
    listCalls: async (query) => {
      const valid = validate(callListQuerySchema, query)
      return send('POST', API_PATHS.callList, { pageNum: 1, pageSize: 20, ...valid }, callPageSchema)
    },
    getCallDetail: async (query) => send('GET', API_PATHS.callDetail, validate(callDetailQuerySchema, query), callDetailSchema),
    listJobs: async (query = {}) => {
      const valid = validate(jobListQuerySchema, query)
      return send('GET', API_PATHS.jobList, { pageNum: 1, pageSize: 20, ...valid }, jobPageSchema)
    },
  }
}
