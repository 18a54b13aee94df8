// A download's progress, kept in a store so an interrupted download (app quit, crash) resumes
// where it stopped. Writes are throttled: a big task finishes several calls a second.
import { z } from 'zod'
import { AUDIO_TRACKS, callFiltersSchema, downloadFailureSchema, type AudioTrack, type CallFilters } from '../../../../shared/ipc/contract'
import type { KeyValueStore } from '../storage'
import type { DownloadFailure } from './download-status'
import { idSchema, toId, type Id } from '../../../../shared/ids'

export const SAVE_INTERVAL_MS = 500

/** What is already fetched of one call that is not complete yet. */
export interface CallSteps {
  /** The recordings the call has; null until its detail is fetched. */
  tracks: AudioTrack[] | null
  prepared: AudioTrack[]
}

export interface DownloadProgress {
  robotCallJobId: Id
  filters: CallFilters
  /** As saved: 'running' read back after a restart means paused. */
  state: 'running' | 'done' | 'cancelled'
  startedAt: number | null
  pagesTotal: number | null
  callsTotal: number | null
  pagesDone: Set<number>
  /** Calls this download's pages listed. */
  listed: Set<Id>
  /** Calls complete offline; kept when the filters change, since they stay cached. */
  complete: Set<Id>
  partial: Map<Id, CallSteps>
  bytes: number
  failures: DownloadFailure[]
}

const ids = z.array(idSchema)
const savedSchema = z.object({
  robotCallJobId: idSchema,
  filters: callFiltersSchema,
  state: z.enum(['running', 'done', 'cancelled']),
  startedAt: z.number().nullable(),
  pagesTotal: z.number().int().nullable(),
  callsTotal: z.number().int().nullable(),
  pagesDone: z.array(z.number().int()),
  listed: ids,
  complete: ids,
  partial: z.record(z.string(), z.object({ tracks: z.array(z.enum(AUDIO_TRACKS)).nullable(), prepared: z.array(z.enum(AUDIO_TRACKS)) })),
  bytes: z.number(),
  failures: z.array(downloadFailureSchema),
})
type Saved = z.infer<typeof savedSchema>

export function newProgress(robotCallJobId: Id, filters: CallFilters): DownloadProgress {
  return {
    robotCallJobId,
    filters,
    state: 'running',
    startedAt: null,
    pagesTotal: null,
    callsTotal: null,
    pagesDone: new Set(),
    listed: new Set(),
    complete: new Set(),
    partial: new Map(),
    bytes: 0,
    failures: [],
  }
}

function toSaved(progress: DownloadProgress): Saved {
  return {
    ...progress,
    pagesDone: [...progress.pagesDone],
    listed: [...progress.listed],
    complete: [...progress.complete],
    partial: Object.fromEntries(progress.partial),
    failures: progress.failures.map((f) => ({ ...f, message: { ...f.message } })),
  }
}

function fromSaved(saved: Saved): DownloadProgress {
  return {
    ...saved,
    pagesDone: new Set(saved.pagesDone),
    listed: new Set(saved.listed),
    complete: new Set(saved.complete),
    // Keys are the ids' digits: read back in the id's one form (a long id stays its digits).
    partial: new Map(Object.entries(saved.partial).flatMap(([key, steps]) => {
      const id = toId(key)
      return id === undefined ? [] : [[id, steps] as const]
    })),
  }
}

export interface ProgressBook {
  load(robotCallJobId: Id): DownloadProgress | null
  /** Every task with a saved download. */
  known(): Id[]
  /** Saves at most every SAVE_INTERVAL_MS; `now` writes at once (state changes). */
  save(progress: DownloadProgress, now?: boolean): void
  flush(): void
}

export function createProgressBook(store: KeyValueStore, intervalMs = SAVE_INTERVAL_MS): ProgressBook {
  const keyOf = (id: Id) => `download-${id}`
  const dirty = new Map<Id, DownloadProgress>()
  let lastWrite = 0
  let timer: NodeJS.Timeout | undefined

  function known(): Id[] {
    const parsed = ids.safeParse(store.get('downloads'))
    return parsed.success ? parsed.data : []
  }

  function flush() {
    if (timer) clearTimeout(timer)
    timer = undefined
    lastWrite = Date.now()
    if (dirty.size === 0) return
    const index = known()
    for (const progress of dirty.values()) {
      store.set(keyOf(progress.robotCallJobId), toSaved(progress))
      if (!index.includes(progress.robotCallJobId)) index.push(progress.robotCallJobId)
    }
    dirty.clear()
    if (index.length !== known().length) store.set('downloads', index)
  }

  return {
    load(robotCallJobId) {
      const parsed = savedSchema.safeParse(store.get(keyOf(robotCallJobId)))
      // A damaged record costs that download's progress only: it starts over.
      return parsed.success && parsed.data.robotCallJobId === robotCallJobId ? fromSaved(parsed.data) : null
    },
    known,
    save(progress, now = false) {
      dirty.set(progress.robotCallJobId, progress)
      const wait = intervalMs - (Date.now() - lastWrite)
      if (now || wait <= 0) flush()
      else if (!timer) {
        timer = setTimeout(flush, wait)
        timer.unref()
      }
    },
    flush,
  }
}
