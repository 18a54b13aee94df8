// Alignment on one or two worker threads, so a long call never stalls the main process. Jobs wait
// in a queue, first come first served except that an urgent one (the call on screen) goes first; a job whose signal aborts is dropped from the queue or, when
// running, its worker is stopped. A worker that crashes or exits fails only its own job, with an
// AlignmentWorkerError, and the next job starts a new one. Idle workers are let go.
import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { AlignmentInputError, type AlignInput, type AlignResult } from '../alignment'
import { AlignmentWorkerError, type AlignRunner } from './runner'
import type { AnswerMessage, JobMessage } from './protocol'

export interface WorkerPoolOptions {
  /** Starts one worker running serveAlignJobs (the built align-worker.js, or its source in tests). */
  startWorker: () => Worker
  /** Workers at most; by default one per core but one, and at most two. */
  size?: number
  /** An idle worker is stopped after this long (it holds tens of megabytes). */
  idleMs?: number
  log?: (line: string) => void
}

interface Job {
  id: number
  input: AlignInput
  transfer: ArrayBuffer[]
  resolve: (result: AlignResult) => void
  reject: (error: unknown) => void
  detach: () => void
  urgent?: () => boolean
}

interface Slot {
  worker: Worker
  job: Job | null
  idleTimer?: ReturnType<typeof setTimeout>
}

const DEFAULT_IDLE_MS = 30_000

export const defaultPoolSize = () => Math.min(2, Math.max(1, availableParallelism() - 1))

/** The audio as buffers of their own, to be moved to the worker rather than copied. */
function movable(input: AlignInput): { input: AlignInput; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = []
  const own = (bytes: Uint8Array | null | undefined) => {
    if (!bytes) return bytes
    const buffer = bytes.buffer
    // A view into a larger buffer (Node's small-Buffer pool) or a buffer already moved is copied:
    // moving it would take the rest of the buffer with it.
    const whole = buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength && !transfer.includes(buffer)
    const mine = whole ? bytes : new Uint8Array(bytes)
    transfer.push(mine.buffer as ArrayBuffer)
    return mine
  }
  return { input: { ...input, full: own(input.full) ?? null, customer: own(input.customer) }, transfer }
}

function answerError(answer: Extract<AnswerMessage, { ok: false }>): Error {
  if (answer.name === 'AlignmentInputError') return new AlignmentInputError(answer.message)
  const error = new Error(answer.message)
  error.name = answer.name
  return error
}

export function createWorkerAlignRunner(options: WorkerPoolOptions): AlignRunner {
  const size = Math.max(1, options.size ?? defaultPoolSize())
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS
  const log = options.log ?? (() => {})
  const queue: Job[] = []
  const slots = new Set<Slot>()
  let closed = false
  let nextId = 1

  function stop(slot: Slot): Promise<unknown> {
    slots.delete(slot)
    clearTimeout(slot.idleTimer)
    return slot.worker.terminate()
  }

  /** The worker is gone: its job fails as an alignment failure; a new worker comes when needed. */
  function lost(slot: Slot, reason: string) {
    if (!slots.has(slot)) return
    void stop(slot)
    const job = slot.job
    slot.job = null
    log(`alignment worker stopped: ${reason}`)
    if (job) {
      job.detach()
      job.reject(new AlignmentWorkerError(`alignment worker stopped: ${reason}`))
    }
    pump()
  }

  function start(): Slot {
    const slot: Slot = { worker: options.startWorker(), job: null }
    slots.add(slot)
    log(`alignment worker started (${slots.size} of ${size})`)
    slot.worker.on('message', (answer: AnswerMessage) => {
      const job = slot.job
      if (!job || job.id !== answer.id) return
      slot.job = null
      slot.worker.unref()
      slot.idleTimer = setTimeout(() => void stop(slot), idleMs)
      slot.idleTimer.unref?.()
      job.detach()
      if (answer.ok) job.resolve(answer.result)
      else job.reject(answerError(answer))
      pump()
    })
    slot.worker.on('error', (error: Error) => lost(slot, error.message))
    slot.worker.on('exit', (code: number) => lost(slot, `exit code ${code}`))
    return slot
  }

  function pump() {
    while (!closed && queue.length > 0) {
      const slot = [...slots].find((s) => !s.job) ?? (slots.size < size ? start() : null)
      if (!slot) return
      const urgent = queue.findIndex((j) => j.urgent?.() === true)
      const job = queue.splice(urgent >= 0 ? urgent : 0, 1)[0] as Job
      clearTimeout(slot.idleTimer)
      slot.job = job
      // A busy worker keeps the process alive; an idle one does not.
      slot.worker.ref()
      try {
        slot.worker.postMessage({ id: job.id, input: job.input } satisfies JobMessage, job.transfer)
      } catch (error) {
        slot.job = null
        job.detach()
        job.reject(error)
      }
    }
  }

  function cancel(job: Job, reason: unknown) {
    const queued = queue.indexOf(job)
    if (queued >= 0) queue.splice(queued, 1)
    const running = [...slots].find((s) => s.job === job)
    if (running) {
      // The engine cannot be interrupted: the worker goes, and the next job starts another.
      running.job = null
      void stop(running)
      log('alignment worker stopped: its job was cancelled')
    }
    job.reject(reason)
    pump()
  }

  return {
    align(input, { signal, urgent } = {}) {
      if (closed) return Promise.reject(new AlignmentWorkerError('alignment workers are closed'))
      if (signal?.aborted) return Promise.reject(signal.reason)
      const moved = movable(input)
      return new Promise<AlignResult>((resolve, reject) => {
        const onAbort = () => cancel(job, signal?.reason)
        const job: Job = { id: nextId++, ...moved, resolve, reject, urgent, detach: () => signal?.removeEventListener('abort', onAbort) }
        signal?.addEventListener('abort', onAbort, { once: true })
        queue.push(job)
        pump()
      })
    },
    async close() {
      closed = true
      const error = new AlignmentWorkerError('alignment workers are closed')
      for (const job of queue.splice(0)) {
        job.detach()
        job.reject(error)
      }
      const stopping = [...slots].map((slot) => {
        const job = slot.job
        slot.job = null
        job?.detach()
        job?.reject(error)
        return stop(slot)
      })
      await Promise.all(stopping)
    },
  }
}
