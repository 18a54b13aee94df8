// Trying a step again after transient failures, waiting longer each time (with jitter, so
// parallel workers do not retry in lockstep), on top of the API client's own quick retries.
import { ApiError } from '../api/errors'

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number
  baseDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 1000 }

/** Failures that may pass: the server unreachable, slow or briefly broken. */
export function worthRetrying(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  return error.retryable || error.kind === 'timeout' || error.status === 429
}

/** The wait before attempt `attempt + 1`: base · 2^(attempt-1), ±50 %. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return Math.round(policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + random()))
}

export interface BackoffContext {
  /** Resolves after `ms`, or early when the work is stopped. */
  sleep(ms: number): Promise<void>
  stopped(): boolean
}

/** Thrown when the work was stopped between attempts. */
export class StoppedError extends Error {
  constructor() {
    super('stopped')
    this.name = 'StoppedError'
  }
}

export async function withBackoff<T>(policy: RetryPolicy, context: BackoffContext, attemptOnce: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (context.stopped()) throw new StoppedError()
    try {
      return await attemptOnce()
    } catch (error) {
      if (!worthRetrying(error) || attempt >= policy.attempts) throw error
    }
    await context.sleep(backoffDelay(policy, attempt))
  }
}
