// Download for offline against the simulated server over real HTTP: a whole task cached
// (pages, details, recordings, timings), a few requests at a time, failures retried, and
// resumed after a cancel or a restart without fetching again what is already there.
import { existsSync, statSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallListQuery } from '../../shared/api-schemas'
import type { AudioTrack, CallFilters } from '../../shared/ipc/contract'
import { createOfflineDownloader, prepareAudioMeasured, type OfflineDownloaderDeps } from '../../electron/main/services/offline'
import { startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { createOfflineStack } from '../../scripts/lib/offline-stack'
import { createTimingService } from '../../electron/main/services/timing/timing-service'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('offline-download')

let sim: RunningSimulator
let dir: string

beforeEach(async () => {
  sim = await startSimulator({ port: 0, seed: 4, latencyMs: 10 })
  dir = tempDir()
})
afterEach(async () => {
  await sim.close()
})

/** The services as main-services.ts composes them, on stores in the test's folder. */
function services(workOffline = false) {
  return createOfflineStack(dir, () => sim.url, { workOffline })
}

/** The downloader's dependencies, counting every call and how many run at once. */
function instrumented(app: Awaited<ReturnType<typeof services>>, extra: Partial<OfflineDownloaderDeps> = {}) {
  const seen = {
    inFlight: 0,
    maxInFlight: 0,
    started: 0,
    queries: [] as CallListQuery[],
    detail: [] as number[],
    audio: [] as string[],
    timings: [] as number[],
    /** Calls whose timings were answered: the last step, so these calls are complete. */
    timingsAnswered: [] as number[],
  }
  const counted =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      seen.started++
      seen.maxInFlight = Math.max(seen.maxInFlight, ++seen.inFlight)
      try {
        return await fn(...args)
      } finally {
        seen.inFlight--
      }
    }
  const prepare = prepareAudioMeasured(app.audio)
  const deps: OfflineDownloaderDeps = {
    listCalls: counted((query: CallListQuery) => (seen.queries.push(query), app.data.fetchCalls(query))),
    detail: counted((id: number) => (seen.detail.push(id), app.data.fetchDetail(id))),
    prepareAudio: counted((id: number, track: AudioTrack) => (seen.audio.push(`${id}:${track}`), prepare(id, track))),
    timings: counted(async (id: number) => {
      seen.timings.push(id)
      const timings = await app.timing.timings(id)
      seen.timingsAnswered.push(id)
      return timings
    }),
    progressStore: app.openStore('offline-downloads'),
    retry: { attempts: 3, baseDelayMs: 20 },
    ...extra,
  }
  return { deps, seen }
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The smallest task with calls: a whole download in a few seconds. */
function smallestJob() {
  const sizes = sim.dataset.jobs
    .map((job) => ({ id: job.robotCallJobId, calls: sim.dataset.calls.filter((c) => c.robotCallJobId === job.robotCallJobId) }))
    .filter((job) => job.calls.length > 0)
    .sort((a, b) => a.calls.length - b.calls.length)
  return sizes[0]!
}

const countOf = (list: readonly (string | number)[], value: string | number) => list.filter((v) => v === value).length
const recordingRequests = () => sim.requestLog.filter((r) => r.path.startsWith('/recordings/')).length

describe('download for offline', () => {
  it('caches a whole task, four requests at a time, with plausible bytes and ETA', async () => {
    const job = smallestJob()
    expect(job.calls.length).toBeLessThanOrEqual(60)
    const app = await services()
    const { deps, seen } = instrumented(app)
    const downloader = createOfflineDownloader(deps)

    const first = downloader.start({ robotCallJobId: job.id })
    expect(first).toMatchObject({ state: 'running', etaSeconds: null, bytes: 0, calls: { done: 0 } })
    expect(downloader.start({ robotCallJobId: job.id }).state).toBe('running') // a no-op
    let midway = first
    await until(() => {
      const now = downloader.status(job.id)
      if (now.state === 'running' && now.calls.done > 0 && now.calls.done < job.calls.length / 2) midway = now
      return now.state === 'done'
    })
    // Halfway there, the time left is a positive estimate.
    expect(midway.etaSeconds).toBeGreaterThan(0)
    expect(midway.etaSeconds).toBeLessThan(120)

    const done = downloader.status(job.id)
    expect(done).toMatchObject({
      state: 'done',
      pages: { done: 1, total: 1 },
      calls: { done: job.calls.length, total: job.calls.length },
      failures: [],
      etaSeconds: 0,
    })
    expect(seen.maxInFlight).toBeLessThanOrEqual(4)
    expect(seen.maxInFlight).toBeGreaterThan(1)
    expect(seen.queries.every((q) => q.pageSize === 100)).toBe(true)

    // Every recording once; the bytes are exactly the files on disk.
    const tracks = job.calls.flatMap((c) => [...(c.fullAudioUrl ? [`${c.callRecordId}:full`] : []), ...(c.customerAudioUrl ? [`${c.callRecordId}:customer`] : [])])
    expect([...seen.audio].sort()).toEqual([...tracks].sort())
    let bytes = 0
    for (const key of tracks) {
      const [id, track] = key.split(':') as [string, AudioTrack]
      bytes += statSync(await app.audio.localFile(Number(id), track)).size
    }
    expect(done.bytes).toBeGreaterThan(0)
    expect(done.bytes).toBe(bytes)
    await downloader.close()

    // With the server gone, a restarted app working offline has it all.
    await sim.close()
    const offline = await services(true)
    const audioMissing = { localFile: async () => Promise.reject(new Error('recordings must not be needed')) }
    const cachedTimings = createTimingService({ openStore: offline.openStore, audio: audioMissing, detail: (id) => offline.data.knownDetail(id) })
    for (const call of job.calls) {
      const detail = await offline.data.detail(call.callRecordId)
      expect(detail.callDetailList?.length).toBe(call.callDetailList.length)
      if (call.fullAudioUrl) {
        expect(existsSync(await offline.audio.localFile(call.callRecordId, 'full'))).toBe(true)
        // Measured from the audio and kept: not recomputed (the audio is out of reach here).
        expect((await cachedTimings.timings(call.callRecordId)).estimated).toBe(false)
      }
      if (call.customerAudioUrl) expect(existsSync(await offline.audio.localFile(call.callRecordId, 'customer'))).toBe(true)
    }
    sim = await startSimulator({ port: 0 })
  })

  it('lists every page of a filtered selection, 100 calls a page', async () => {
    // A selection just over one page; recordings and timings stubbed, they are tested above.
    const candidates = sim.dataset.jobs.flatMap((job) =>
      (['A', 'B', 'E', 'F'] as const).map((level) => ({
        job: job.robotCallJobId,
        filters: { intentLevels: [level] } satisfies CallFilters,
        ids: sim.dataset.calls.filter((c) => c.robotCallJobId === job.robotCallJobId && c.intentLevel === level).map((c) => c.callRecordId),
      })),
    )
    const selection = candidates.find((c) => c.ids.length > 100 && c.ids.length <= 200)!
    const app = await services()
    const { deps, seen } = instrumented(app, { prepareAudio: async () => ({ bytes: 1 }), timings: async () => null })
    const downloader = createOfflineDownloader(deps)
    downloader.start({ robotCallJobId: selection.job, filters: selection.filters })
    await until(() => downloader.status(selection.job).state === 'done')
    expect(downloader.status(selection.job)).toMatchObject({ pages: { done: 2, total: 2 }, calls: { done: selection.ids.length, total: selection.ids.length } })
    expect(seen.queries.map((q) => [q.pageNum, q.pageSize, q.intentLevels])).toEqual([
      [1, 100, selection.filters.intentLevels],
      [2, 100, selection.filters.intentLevels],
    ])
    expect([...seen.detail].sort()).toEqual([...selection.ids].sort())
    expect(seen.maxInFlight).toBeLessThanOrEqual(4)
    await downloader.close()
  })

  it('lists what failed with the reason, backs off on resets, and retries only the failures', async () => {
    const job = smallestJob()
    const app = await services()
    const { deps, seen } = instrumented(app)
    const downloader = createOfflineDownloader(deps)
    // Three recordings answered 404 (no use retrying), then two connections reset (retried).
    sim.injectFault({ target: 'recording', kind: 'http-status', status: 404, times: 3 })
    sim.injectFault({ target: 'recording', kind: 'reset', times: 2 })
    downloader.start({ robotCallJobId: job.id })
    await until(() => downloader.status(job.id).state === 'done')

    const withFailures = downloader.status(job.id)
    expect(withFailures.failures).toHaveLength(3)
    for (const failure of withFailures.failures) {
      expect(failure).toMatchObject({ step: 'recording', callRecordId: expect.any(Number) })
      expect(failure.message.en).toContain('HTTP 404')
      expect(failure.message['zh-CN']).toContain('HTTP 404')
    }
    expect(withFailures.calls.done).toBe(job.calls.length - 3)
    expect(sim.requestLog.filter((r) => r.path.startsWith('/recordings/') && r.status === 0)).toHaveLength(2)

    const failedIds = withFailures.failures.map((f) => f.callRecordId as number)
    const before = { detail: seen.detail.length, audio: seen.audio.length, timings: seen.timings.length }
    sim.clearFaults()
    expect(downloader.retryFailures(job.id).state).toBe('running')
    await until(() => downloader.status(job.id).state === 'done')
    expect(downloader.status(job.id)).toMatchObject({ failures: [], calls: { done: job.calls.length } })
    // Only the failed calls again, and from the failed step on: their details were already there.
    expect(seen.detail.length).toBe(before.detail)
    expect(new Set(seen.audio.slice(before.audio).map((key) => Number(key.split(':')[0])))).toEqual(new Set(failedIds))
    expect([...seen.timings.slice(before.timings)].sort()).toEqual([...failedIds].sort())
    await downloader.close()
  })

  it('reports a page that fails with its reason and fetches it on retry', async () => {
    const job = smallestJob()
    const app = await services()
    const { deps } = instrumented(app, { prepareAudio: async () => ({}), timings: async () => null })
    const downloader = createOfflineDownloader(deps)
    sim.injectFault({ target: 'callList', kind: 'code', code: 403, times: 1 })
    downloader.start({ robotCallJobId: job.id })
    await until(() => downloader.status(job.id).state === 'done')
    const failed = downloader.status(job.id)
    expect(failed.failures).toEqual([{ callRecordId: null, pageNum: 1, step: 'page', message: { 'zh-CN': expect.any(String), en: expect.any(String) } }])
    expect(failed.pages).toEqual({ done: 0, total: null })

    downloader.retryFailures(job.id)
    await until(() => downloader.status(job.id).state === 'done')
    expect(downloader.status(job.id)).toMatchObject({ failures: [], pages: { done: 1, total: 1 }, calls: { done: job.calls.length } })
    await downloader.close()
  })

  it('cancels at once and resumes without fetching completed calls again', async () => {
    const job = smallestJob()
    const app = await services()
    const { deps, seen } = instrumented(app)
    const downloader = createOfflineDownloader(deps)
    downloader.start({ robotCallJobId: job.id })
    await until(() => downloader.status(job.id).calls.done >= 5)

    const startedBefore = seen.started
    expect(downloader.cancel(job.id).state).toBe('cancelled')
    await until(() => seen.inFlight === 0)
    // In-flight requests were let finish; nothing new was started.
    expect(seen.started).toBe(startedBefore)
    const requests = sim.requestLog.length
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(sim.requestLog.length).toBe(requests)
    const cancelled = downloader.status(job.id)
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.calls.done).toBeLessThan(job.calls.length)

    const recordingsBefore = recordingRequests()
    const preparedBefore = seen.audio.length
    expect(downloader.start({ robotCallJobId: job.id }).state).toBe('running')
    await until(() => downloader.status(job.id).state === 'done')
    expect(downloader.status(job.id)).toMatchObject({ calls: { done: job.calls.length }, failures: [] })
    // Each call's detail, recordings and timings were fetched exactly once across both runs.
    for (const call of job.calls) {
      expect(countOf(seen.detail, call.callRecordId)).toBe(1)
      expect(countOf(seen.timings, call.callRecordId)).toBe(1)
      if (call.fullAudioUrl) expect(countOf(seen.audio, `${call.callRecordId}:full`)).toBe(1)
    }
    // And the server saw one recording request per track left, none for those already on disk.
    expect(recordingRequests() - recordingsBefore).toBe(seen.audio.length - preparedBefore)
    await downloader.close()
  })

  it('after a restart reports the download paused and finishes it without redoing finished calls', async () => {
    const job = smallestJob()
    const before = instrumented(await services())
    const first = createOfflineDownloader(before.deps)
    first.start({ robotCallJobId: job.id })
    await until(() => first.status(job.id).calls.done >= 8)
    // Finished before the app stopped: a call whose timings were still being worked out is not.
    const finishedBefore = new Set(before.seen.timingsAnswered)
    await first.close()
    const atClose = first.status(job.id)
    expect(atClose.state).toBe('paused')

    // A new app: new services and a new downloader on the same stores.
    const after = instrumented(await services())
    const second = createOfflineDownloader(after.deps)
    const paused = second.status(job.id)
    expect(paused).toMatchObject({ state: 'paused', calls: { done: atClose.calls.done, total: job.calls.length }, pages: { done: 1, total: 1 } })
    expect(paused.bytes).toBe(atClose.bytes)
    expect(second.list().map((s) => [s.robotCallJobId, s.state])).toEqual([[job.id, 'paused']])

    second.start({ robotCallJobId: job.id })
    await until(() => second.status(job.id).state === 'done')
    expect(second.status(job.id)).toMatchObject({ calls: { done: job.calls.length }, failures: [] })
    // The list was not fetched again, nor any call finished before the restart.
    expect(after.seen.queries).toEqual([])
    expect(after.seen.detail.filter((id) => finishedBefore.has(id))).toEqual([])
    expect(after.seen.timings.filter((id) => finishedBefore.has(id))).toEqual([])
    expect(after.seen.timings).toHaveLength(job.calls.length - atClose.calls.done)
    await second.close()
  })
})
