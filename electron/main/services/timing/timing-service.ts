// When each transcript turn is spoken: inferred once per call from its recordings by the
// alignment engine, kept with the call (so it is there offline), and corrected by hand where
// the reviewer moves a turn's start.
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import type { CallDetail } from '../../../../shared/api-schemas'
import { speakerRegionSchema, TIMING_METHODS, turnTimingSchema, type TurnTimingsAnswer } from '../../../../shared/ipc/contract'
import { ALIGNMENT_REVISION, alignCall, type AlignResult, type Channel } from '../alignment'
import { inlineAlignRunner, type AlignRunner } from '../align-runner'
import type { AudioService } from '../audio'
import type { StoreFactory } from '../storage'
import { idBlock, type Id } from '../../../../shared/ids'

/** Calls per store file: small files, so caching one call's timings rewrites little. */
const CALLS_PER_FILE = 32

/** The store holding a call's timings (exported for the benchmark, which lays out 100k calls directly). */
export const timingStoreName = (jobId: Id | null | undefined, callRecordId: Id) =>
  `timings-job-${jobId ?? 0}-${idBlock(callRecordId, CALLS_PER_FILE)}`

const storedSchema = z.object({
  result: z.object({
    method: z.enum(TIMING_METHODS),
    estimated: z.boolean(),
    durationSec: z.number(),
    turns: z.array(turnTimingSchema),
    regions: z.array(speakerRegionSchema),
  }),
  corrections: z.record(z.string(), z.number()),
  /** The engine revision that measured them (absent: before revisions were kept). */
  revision: z.number().int().optional(),
})
type Stored = z.infer<typeof storedSchema>

export interface TimingDeps {
  openStore: StoreFactory
  audio: Pick<AudioService, 'localFile'>
  detail: (callRecordId: Id) => Promise<CallDetail>
  /** Where the alignment runs: the app's worker threads; inline by default (tests, command line). */
  align?: AlignRunner
}

export interface TimingService {
  /** `background`: asked by an offline download, not by a reviewer waiting for the call. */
  timings(callRecordId: Id, options?: { background?: boolean }): Promise<TurnTimingsAnswer>
  correct(callRecordId: Id, callDetailId: Id, start: number | null): Promise<TurnTimingsAnswer>
  /** Drops the alignments still waiting or running (the account's data is closing): they are not kept. */
  close(): void
}

function answer(callRecordId: Id, stored: Stored): TurnTimingsAnswer {
  return {
    callRecordId,
    method: stored.result.method,
    estimated: stored.result.estimated,
    durationSec: stored.result.durationSec,
    regions: stored.result.regions,
    turns: stored.result.turns.map((turn) => {
      const corrected = stored.corrections[String(turn.callDetailId)]
      if (corrected === undefined) return { ...turn, corrected: false }
      return { callDetailId: turn.callDetailId, start: corrected, end: Math.max(turn.end, corrected + 0.2), corrected: true }
    }),
  }
}

export function createTimingService(deps: TimingDeps): TimingService {
  const runner = deps.align ?? inlineAlignRunner()
  const closing = new AbortController()
  const inFlight = new Map<Id, Promise<Stored>>()
  // Calls a reviewer is waiting for: their alignment goes before a download's, even one queued earlier.
  const awaited = new Map<Id, number>()
  // A recorder keeps each side on the same channel call after call: the channel a task's last
  // two-channel recording held the customer on (any task's, before its own first) is tried first
  // for its next (the other side is then placed only where the first is not sure).
  const customerChannels = new Map<Id, Channel>()
  let lastChannel: Channel | undefined
  // Opened once each: opening a store reads its whole file.
  const stores = new Map<string, ReturnType<StoreFactory>>()
  const storeFor = (detail: CallDetail) => {
    const name = timingStoreName(detail.robotCallJobId, detail.callRecordId)
    let store = stores.get(name)
    if (!store) {
      store = deps.openStore(name)
      stores.set(name, store)
    }
    return store
  }

  async function readAudio(detail: CallDetail, track: 'full' | 'customer'): Promise<Uint8Array | null> {
    const url = track === 'full' ? detail.fullAudioUrl : detail.customerAudioUrl
    if (!url) return null
    try {
      return await readFile(await deps.audio.localFile(detail.callRecordId, track))
    } catch {
      // A missing or broken recording: align without it (or fall back to the estimate).
      return null
    }
  }

  async function compute(detail: CallDetail): Promise<AlignResult> {
    const utterances = (detail.callDetailList ?? []).map((u) => ({ callDetailId: u.callDetailId, type: u.type, text: u.text }))
    const full = await readAudio(detail, 'full')
    const customer = full ? await readAudio(detail, 'customer') : null
    const estimate = () => alignCall({ full: null, utterances, durationSec: detail.chatDuration ?? undefined })
    // Without a recording only the proportional estimate is left: too quick to send to a worker.
    if (!full) return estimate()
    try {
      // The recordings are moved to the worker: read for this job only.
      const urgent = () => awaited.has(detail.callRecordId)
      const task = detail.robotCallJobId ?? 0
      const input = { full, customer, utterances, durationSec: detail.chatDuration ?? undefined, customerChannel: customerChannels.get(task) ?? lastChannel }
      const { customerChannel, ...result } = await runner.align(input, { signal: closing.signal, urgent })
      if (customerChannel) {
        customerChannels.set(task, customerChannel)
        lastChannel = customerChannel
      }
      return result
    } catch (error) {
      // Cancelled: nothing to keep, not even an estimate.
      if (closing.signal.aborted) throw error
      // An unusable recording format, or the worker lost: the proportional estimate, marked as
      // such (and measured again next time, as an estimate is for a call with a recording).
      return estimate()
    }
  }

  async function load(callRecordId: Id): Promise<{ stored: Stored; detail: CallDetail }> {
    const detail = await deps.detail(callRecordId)
    const store = storeFor(detail)
    const cached = storedSchema.safeParse(store.get(String(callRecordId)))
    // Measured timings stand until the engine improves; an estimate is redone only when the call
    // has a recording that may now be fetched (a call without one keeps its estimate).
    const outdated = cached.success && !cached.data.result.estimated && (cached.data.revision ?? 0) < ALIGNMENT_REVISION
    if (cached.success && !outdated && (!cached.data.result.estimated || !detail.fullAudioUrl)) return { stored: cached.data, detail }
    let pending = inFlight.get(callRecordId)
    if (!pending) {
      pending = compute(detail)
        .then((result) => {
          // Measured by an older revision, and now only estimated (the recording is not here
          // offline): the old measurement is better than an estimate, and is tried again next time.
          if (outdated && cached.success && result.estimated) return cached.data
          // The reviewer's corrections are kept through a new measurement.
          const stored: Stored = { result, corrections: cached.success ? cached.data.corrections : {}, revision: ALIGNMENT_REVISION }
          store.set(String(callRecordId), stored)
          return stored
        })
        .finally(() => inFlight.delete(callRecordId))
      inFlight.set(callRecordId, pending)
    }
    return { stored: await pending, detail }
  }

  return {
    async timings(callRecordId, options) {
      if (options?.background) return answer(callRecordId, (await load(callRecordId)).stored)
      awaited.set(callRecordId, (awaited.get(callRecordId) ?? 0) + 1)
      try {
        return answer(callRecordId, (await load(callRecordId)).stored)
      } finally {
        const left = (awaited.get(callRecordId) ?? 1) - 1
        if (left > 0) awaited.set(callRecordId, left)
        else awaited.delete(callRecordId)
      }
    },
    async correct(callRecordId, callDetailId, start) {
      const { stored, detail } = await load(callRecordId)
      const corrections = { ...stored.corrections }
      if (start === null) delete corrections[String(callDetailId)]
      else corrections[String(callDetailId)] = Math.round(start * 1000) / 1000
      const next = { ...stored, corrections }
      storeFor(detail).set(String(callRecordId), next)
      return answer(callRecordId, next)
    },
    close() {
      closing.abort(new Error('timings closed'))
    },
  }
}
