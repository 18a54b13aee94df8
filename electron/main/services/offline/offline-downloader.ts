// "Download for offline": every call of a task (or of the reviewer's filter) fetched into the
// local cache — list pages, details, recordings and turn timings — a few requests at a time,
// backing off on failures, resumable after a cancel or an app restart.
import { MAX_PAGE_SIZE, type CallDetail, type CallListQuery, type CallPage } from '../../../../shared/api-schemas'
import type { AudioTrack, CallFilters } from '../../../../shared/ipc/contract'
import { toErrorPayload } from '../api'
import type { KeyValueStore } from '../storage'
import { PATIENT_RETRY, withBackoff, type RetryPolicy } from '../api'
import { createProgressBook, newProgress, type CallSteps, type DownloadProgress, type ProgressBook } from './download-progress'
import type { DownloadFailure, DownloadRequest, DownloadState, DownloadStatus } from './download-status'
import { createRequestSlots } from './request-slots'
import { createWorkQueue, type WorkQueue } from './work-queue'
import type { Id } from '../../../../shared/ids'

export const DEFAULT_CONCURRENCY = 4
/** How long close() waits for requests already in flight. */
const CLOSE_GRACE_MS = 2000

export interface OfflineDownloaderDeps {
  /** From the server only (DataSource.fetchCalls): each page fetched is cached on the way. */
  listCalls(query: CallListQuery): Promise<CallPage>
  detail(callRecordId: Id): Promise<CallDetail>
  /** Downloads and caches one recording; `bytes` counts towards the progress. */
  prepareAudio(callRecordId: Id, track: AudioTrack): Promise<{ bytes?: number }>
  timings(callRecordId: Id): Promise<unknown>
  /** Keeps the progress, so a restart resumes. */
  progressStore: KeyValueStore
  /** Requests in flight at most, all steps and downloads together. */
  concurrency?: number
  retry?: RetryPolicy
  now?: () => number
  /** After each change of a download's progress; `stateChanged` for a start, cancel or end. */
  onChange?: (robotCallJobId: Id, stateChanged: boolean) => void
}

export interface OfflineDownloader {
  /** Returns at once; the work runs in the background. Starting a running download changes nothing. */
  start(request: DownloadRequest): DownloadStatus
  status(robotCallJobId: Id): DownloadStatus
  cancel(robotCallJobId: Id): DownloadStatus
  /** Runs again only the pages and calls that failed. */
  retryFailures(robotCallJobId: Id): DownloadStatus
  /** Every download this store knows of, interrupted ones ('paused') included. */
  list(): DownloadStatus[]
  /** Stops all work (app quit); a download that was running is 'paused' for the next downloader. */
  close(): Promise<void>
}

type WorkItem = { kind: 'page'; pageNum: number } | { kind: 'call'; callRecordId: Id }
type SavedState = DownloadProgress['state']

interface Run {
  queue: WorkQueue<WorkItem>
  /** Items this run has queued, so a page listing a call again does not queue it twice. */
  queued: Set<string>
  stopped: boolean
  startedAt: number
  /** Calls this run completed: the rate behind the ETA. */
  callsDone: number
  sleepers: Set<() => void>
  /** Settles once every worker of the run has returned. */
  finished: Promise<void>
  /** A run of retries alone leaves an incomplete download as it found it. */
  stateWhenIncomplete: SavedState | null
}

interface Download {
  progress: DownloadProgress | null
  run: Run | null
}

type Outcome<T> = { value: T } | { error: unknown }

const keyOf = (item: WorkItem) => (item.kind === 'page' ? `p${item.pageNum}` : `c${item.callRecordId}`)

function filtersOf(request: DownloadRequest): CallFilters {
  // Paging belongs to the downloader, and the task to the request.
  const { robotCallJobId: _job, pageNum: _page, pageSize: _size, ...filters } = (request.filters ?? {}) as CallFilters & Partial<CallListQuery>
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as CallFilters
}

function sameFilters(a: CallFilters, b: CallFilters): boolean {
  const canonical = (f: CallFilters) => JSON.stringify(Object.entries(f).sort(([x], [y]) => x.localeCompare(y)))
  return canonical(a) === canonical(b)
}

function tracksOf(detail: CallDetail): AudioTrack[] {
  const tracks: AudioTrack[] = []
  if (detail.fullAudioUrl) tracks.push('full')
  if (detail.customerAudioUrl) tracks.push('customer')
  return tracks
}

function isComplete(progress: DownloadProgress): boolean {
  if (progress.pagesTotal === null) return false
  const failedPages = new Set(progress.failures.map((f) => f.pageNum))
  const failedCalls = new Set(progress.failures.map((f) => f.callRecordId))
  for (let pageNum = 1; pageNum <= progress.pagesTotal; pageNum++) {
    if (!progress.pagesDone.has(pageNum) && !failedPages.has(pageNum)) return false
  }
  for (const id of progress.listed) {
    if (!progress.complete.has(id) && !failedCalls.has(id)) return false
  }
  return true
}

/** Everything of the download not done yet. */
function pendingWork(progress: DownloadProgress): WorkItem[] {
  const items: WorkItem[] = []
  if (progress.pagesTotal === null) items.push({ kind: 'page', pageNum: 1 })
  for (let pageNum = 1; pageNum <= (progress.pagesTotal ?? 0); pageNum++) {
    if (!progress.pagesDone.has(pageNum)) items.push({ kind: 'page', pageNum })
  }
  for (const id of progress.listed) if (!progress.complete.has(id)) items.push({ kind: 'call', callRecordId: id })
  return items
}

function failedWork(failures: readonly DownloadFailure[]): WorkItem[] {
  return failures.flatMap((f): WorkItem[] => {
    if (f.step === 'page') return [{ kind: 'page', pageNum: f.pageNum ?? 1 }]
    return f.callRecordId === null ? [] : [{ kind: 'call', callRecordId: f.callRecordId }]
  })
}

export function createOfflineDownloader(deps: OfflineDownloaderDeps): OfflineDownloader {
  const now = deps.now ?? Date.now
  const concurrency = Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY)
  const retry: RetryPolicy = { ...PATIENT_RETRY, ...deps.retry }
  const slots = createRequestSlots(concurrency)
  const saved = createProgressBook(deps.progressStore)
  // Every change of progress is saved, and a state change saved at once: the place to tell.
  const book: ProgressBook = {
    ...saved,
    save(progress, now = false) {
      saved.save(progress, now)
      deps.onChange?.(progress.robotCallJobId, now)
    },
  }
  const downloads = new Map<Id, Download>()
  let closed = false

  function downloadOf(robotCallJobId: Id): Download {
    let download = downloads.get(robotCallJobId)
    if (!download) {
      download = { progress: book.load(robotCallJobId), run: null }
      downloads.set(robotCallJobId, download)
    }
    return download
  }

  const live = (download: Download): Run | null => (download.run && !download.run.stopped ? download.run : null)

  function stateOf(download: Download): DownloadState {
    if (!download.progress) return 'idle'
    if (live(download)) return 'running'
    return download.progress.state === 'running' ? 'paused' : download.progress.state
  }

  function status(robotCallJobId: Id): DownloadStatus {
    const download = downloadOf(robotCallJobId)
    const progress = download.progress
    if (!progress) {
      return { robotCallJobId, state: 'idle', pages: { done: 0, total: null }, calls: { done: 0, total: null }, bytes: 0, startedAt: null, etaSeconds: null, failures: [] }
    }
    const state = stateOf(download)
    let callsDone = 0
    for (const id of progress.listed) if (progress.complete.has(id)) callsDone++
    let etaSeconds: number | null = null
    const run = live(download)
    if (state === 'done') etaSeconds = 0
    else if (run && run.callsDone > 0 && progress.callsTotal !== null) {
      const msPerCall = (now() - run.startedAt) / run.callsDone
      etaSeconds = Math.ceil((Math.max(0, progress.callsTotal - callsDone) * msPerCall) / 1000)
    }
    return {
      robotCallJobId,
      state,
      pages: { done: progress.pagesDone.size, total: progress.pagesTotal },
      calls: { done: callsDone, total: progress.callsTotal },
      bytes: progress.bytes,
      startedAt: progress.startedAt,
      etaSeconds,
      failures: progress.failures.map((f) => ({ ...f, message: { ...f.message } })),
    }
  }

  function stop(run: Run) {
    run.stopped = true
    run.queue.stop()
    for (const wake of run.sleepers) wake()
  }

  function sleep(run: Run, ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (run.stopped) return resolve()
      const wake = () => {
        clearTimeout(timer)
        run.sleepers.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      run.sleepers.add(wake)
    })
  }

  /** One step with its retries; null when the run stopped or the downloader closed meanwhile. */
  async function attempt<T>(run: Run, task: () => Promise<T>): Promise<Outcome<T> | null> {
    let outcome: Outcome<T>
    try {
      const value = await withBackoff(retry, { stopped: () => run.stopped, sleep: (ms) => sleep(run, ms) }, () =>
        slots.run(task, () => run.stopped),
      )
      outcome = { value }
    } catch (error) {
      outcome = { error }
    }
    // After close the store belongs to the next downloader; after a cancel, a late error is no failure.
    if (closed || ('error' in outcome && run.stopped)) return null
    return outcome
  }

  function enqueue(run: Run, item: WorkItem) {
    const key = keyOf(item)
    if (run.queued.has(key)) return
    if (run.queue.push(item)) run.queued.add(key)
  }

  function fail(progress: DownloadProgress, failure: Omit<DownloadFailure, 'message'>, error: unknown) {
    progress.failures.push({ ...failure, message: toErrorPayload(error).message })
    book.save(progress)
  }

  async function fetchPage(progress: DownloadProgress, run: Run, pageNum: number) {
    const query: CallListQuery = { ...progress.filters, robotCallJobId: progress.robotCallJobId, pageNum, pageSize: MAX_PAGE_SIZE }
    const outcome = await attempt(run, () => deps.listCalls(query))
    if (!outcome) return
    if ('error' in outcome) return fail(progress, { callRecordId: null, pageNum, step: 'page' }, outcome.error)
    const page = outcome.value
    progress.pagesDone.add(pageNum)
    progress.pagesTotal = page.pages
    progress.callsTotal = page.totalElements
    for (let n = 1; n <= page.pages; n++) if (!progress.pagesDone.has(n)) enqueue(run, { kind: 'page', pageNum: n })
    for (const call of page.content) {
      progress.listed.add(call.callRecordId)
      if (!progress.complete.has(call.callRecordId)) enqueue(run, { kind: 'call', callRecordId: call.callRecordId })
    }
    book.save(progress)
  }

  async function fetchCall(progress: DownloadProgress, run: Run, callRecordId: Id) {
    const steps: CallSteps = progress.partial.get(callRecordId) ?? { tracks: null, prepared: [] }
    if (steps.tracks === null) {
      const outcome = await attempt(run, () => deps.detail(callRecordId))
      if (!outcome) return
      if ('error' in outcome) return fail(progress, { callRecordId, step: 'detail' }, outcome.error)
      steps.tracks = tracksOf(outcome.value)
      progress.partial.set(callRecordId, steps)
      book.save(progress)
    }
    for (const track of steps.tracks) {
      if (steps.prepared.includes(track)) continue
      const outcome = await attempt(run, () => deps.prepareAudio(callRecordId, track))
      if (!outcome) return
      if ('error' in outcome) return fail(progress, { callRecordId, step: 'recording' }, outcome.error)
      steps.prepared.push(track)
      progress.bytes += outcome.value.bytes ?? 0
      book.save(progress)
    }
    const outcome = await attempt(run, () => deps.timings(callRecordId))
    if (!outcome) return
    if ('error' in outcome) return fail(progress, { callRecordId, step: 'timing' }, outcome.error)
    progress.partial.delete(callRecordId)
    progress.complete.add(callRecordId)
    run.callsDone++
    book.save(progress)
  }

  async function work(progress: DownloadProgress, run: Run) {
    for (let item = await run.queue.take(); item; item = await run.queue.take()) {
      try {
        if (item.kind === 'page') await fetchPage(progress, run, item.pageNum)
        else await fetchCall(progress, run, item.callRecordId)
      } finally {
        run.queue.done()
      }
    }
  }

  function ended(download: Download, run: Run) {
    // A newer run (a retry that came as this one ran dry) owns the download now.
    if (download.run !== run) return
    download.run = null
    const progress = download.progress
    if (run.stopped || closed || !progress) return
    progress.state = isComplete(progress) ? 'done' : (run.stateWhenIncomplete ?? 'done')
    book.save(progress, true)
  }

  function launch(download: Download, items: () => WorkItem[], stateWhenIncomplete: SavedState | null) {
    const previous = download.run
    const progress = download.progress as DownloadProgress
    const run: Run = {
      queue: createWorkQueue<WorkItem>(),
      queued: new Set(),
      stopped: false,
      startedAt: now(),
      callsDone: 0,
      sleepers: new Set(),
      finished: Promise.resolve(),
      stateWhenIncomplete,
    }
    download.run = run
    run.finished = (async () => {
      // A cancelled run's requests may still land: wait for them, so nothing is fetched twice.
      if (previous) await previous.finished
      if (run.stopped) return
      run.startedAt = now()
      for (const item of items()) enqueue(run, item)
      await Promise.all(Array.from({ length: concurrency }, () => work(progress, run)))
    })().finally(() => ended(download, run))
  }

  function start(request: DownloadRequest): DownloadStatus {
    const { robotCallJobId } = request
    const download = downloadOf(robotCallJobId)
    if (closed || live(download)) return status(robotCallJobId)
    const filters = filtersOf(request)
    const previous = download.progress
    let progress: DownloadProgress
    if (!previous || !sameFilters(previous.filters, filters)) {
      // Another selection: list it afresh, but calls complete offline stay complete.
      progress = newProgress(robotCallJobId, filters)
      if (previous) {
        progress.complete = previous.complete
        progress.partial = previous.partial
      }
    } else {
      progress = previous
      if (progress.state === 'done') {
        // Again after done: list the pages anew (a running task gains calls); complete calls are skipped.
        progress.pagesDone.clear()
        progress.listed.clear()
        progress.bytes = 0
        progress.startedAt = null
      }
    }
    // Everything not done is tried again, failures included.
    progress.failures = []
    progress.state = 'running'
    progress.startedAt ??= now()
    download.progress = progress
    launch(download, () => pendingWork(progress), null)
    book.save(progress, true)
    return status(robotCallJobId)
  }

  function cancel(robotCallJobId: Id): DownloadStatus {
    const download = downloadOf(robotCallJobId)
    const run = live(download)
    if (run) stop(run)
    if (download.progress?.state === 'running' && !closed) {
      download.progress.state = 'cancelled'
      book.save(download.progress, true)
    }
    return status(robotCallJobId)
  }

  function retryFailures(robotCallJobId: Id): DownloadStatus {
    const download = downloadOf(robotCallJobId)
    const progress = download.progress
    if (closed || !progress || progress.failures.length === 0) return status(robotCallJobId)
    const items = failedWork(progress.failures)
    progress.failures = []
    const run = live(download)
    const pushed = run
      ? items.every((item) => {
          run.queued.delete(keyOf(item))
          enqueue(run, item)
          return run.queued.has(keyOf(item))
        })
      : false
    if (!pushed) {
      // The download is not running (or its queue just ran dry): a run of these items alone.
      const stateWhenIncomplete = progress.state === 'done' ? null : progress.state
      progress.state = 'running'
      launch(download, () => items, stateWhenIncomplete)
    }
    book.save(progress, true)
    return status(robotCallJobId)
  }

  return {
    start,
    status,
    cancel,
    retryFailures,
    list() {
      const ids = new Set([...book.known(), ...downloads.keys()])
      return [...ids].map(status).filter((s) => s.state !== 'idle')
    },
    async close() {
      if (closed) return
      closed = true
      const running: Promise<void>[] = []
      for (const download of downloads.values()) {
        if (!download.run) continue
        stop(download.run)
        running.push(download.run.finished)
      }
      book.flush()
      let timer: NodeJS.Timeout | undefined
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_GRACE_MS)
        timer.unref()
      })
      await Promise.race([Promise.all(running), grace])
      clearTimeout(timer)
    },
  }
}
