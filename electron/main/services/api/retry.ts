// The one retry policy: trying a step again after failures that may pass, waiting longer each
// time (with jitter, so parallel workers do not retry in lockstep). The API client retries
// quickly on its own; a download retries patiently on top of that.
import { AppError, isRetryable } from '../../../../shared/errors'

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number
  /** The wait before the second attempt. */
  baseDelayMs: number
  /** Each later wait is this many times the one before (default 2). */
  factor?: number
  /** Also tries again after failures that only time cures, a timeout or 429 (default false). */
  patient?: boolean
}

/** The API client's own, for blips: a request that waited out its whole timeout, or was told to
 *  slow down (429), is not repeated within the second. */
export const QUICK_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 300, factor: 3, patient: false }
/** A download's, around the client's: the server may need a while to come back. */
export const PATIENT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 1000, factor: 2, patient: true }

/** Whether the policy tries again after this failure. */
export function worthRetrying(error: unknown, policy: RetryPolicy = PATIENT_RETRY): boolean {
  if (!isRetryable(error)) return false
  const needsTime = error instanceof AppError && (error.kind === 'timeout' || error.status === 429)
  return policy.patient === true || !needsTime
}

/** The wait before attempt `attempt + 1`: base · factor^(attempt-1), ±50 %. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return Math.round(policy.baseDelayMs * (policy.factor ?? 2) ** (attempt - 1) * (0.5 + random()))
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

const plainSleep: BackoffContext = { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), stopped: () => false }

export async function withBackoff<T>(
  policy: RetryPolicy,
  context: BackoffContext | null,
  attemptOnce: (attempt: number) => Promise<T>,
  onFailure?: (error: unknown, attempt: number) => void,
): Promise<T> {
  const { sleep, stopped } = context ?? plainSleep
  for (let attempt = 1; ; attempt++) {
    if (stopped()) throw new StoppedError()
    try {
      return await attemptOnce(attempt)
    } catch (error) {
      onFailure?.(error, attempt)
      if (!worthRetrying(error, policy) || attempt >= policy.attempts) throw error
    }
    await sleep(backoffDelay(policy, attempt))
  }
}
