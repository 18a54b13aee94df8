// Where a call's alignment runs. The engine is synchronous and a 30-minute call takes long enough
// to freeze the main process, so the app runs it on worker threads (worker-pool.ts); tests and
// the command line may run it inline. Both answer the same way: a result, or the engine's error.
import { alignCall, type AlignInput, type AlignResult } from '../alignment'

export interface AlignOptions {
  /** Aborted when the result is no longer wanted: a queued job is dropped, a running one stopped. */
  signal?: AbortSignal
  /** Asked whenever a worker comes free: a job someone is waiting for now (the call open on
   *  screen) goes before the others (an offline download's), which keep their order. */
  urgent?: () => boolean
}

export interface AlignRunner {
  /** The input's audio buffers may be handed over to the worker: the caller must not use them after. */
  align(input: AlignInput, options?: AlignOptions): Promise<AlignResult>
  /** Stops every worker; queued and running jobs are rejected. */
  close(): Promise<void>
}

/** The worker stopped (crashed, ran out of memory, was terminated) before it answered. */
export class AlignmentWorkerError extends Error {
  override name = 'AlignmentWorkerError'
}

/** Alignment on the calling thread: for tests, the command line and the benchmarks. */
export function inlineAlignRunner(): AlignRunner {
  return {
    async align(input, options) {
      options?.signal?.throwIfAborted()
      return alignCall(input)
    },
    async close() {},
  }
}
