// Every call list page and call detail fetched, kept locally with its fetch time, so the
// workspace keeps working offline. electron-store rewrites a whole file on each change and
// reads a whole file on each open, so the stores are small and many:
//   cache-job-<task>-index           which record blocks (and group and name blocks) the task has
//   cache-job-<task>-calls-<id/128>  list records of 128 consecutive call ids
//   cache-job-<task>-groups-<id/128> customer groups learned for those calls
//   cache-job-<task>-names-<id/128>  customer names learned for those calls (from details: list
//                                    rows carry none), for the offline name search
//   cache-details-<id/32>            call details of 32 consecutive call ids (ids are unique
//                                    across tasks, so opening a call needs no task lookup)
// A task's records are loaded into an in-memory index (task-index.ts) on first use, where
// filtering is fast; every put keeps it current. List records are kept without their transcript
// (the detail has it), so loading a large task reads a third as much.
import { z } from 'zod'
import { callDetailSchema, callRecordSchema, utteranceSchema, type CallDetail, type CallListQuery, type CallPage, type CallRecord, type Utterance } from '../../../../shared/api-schemas'
import { paginate } from '../../../../shared/call-query'
import { groupBy } from '../../../../shared/group-by'
import { answerIdSchema, idBlock, toId, type Id } from '../../../../shared/ids'
import type { KeyValueStore, StoreFactory } from '../storage'
import type { StoreReader } from '../storage'
import { createTaskIndex, type RecordEntry, type TaskIndex } from './task-index'

/** Call ids per file of list records (and of customer groups). */
export const RECORD_BLOCK = 128
/** Call ids per file of details: opening a call reads one such file. */
export const DETAIL_BLOCK = 32

/** The store holding a call's detail (exported for the benchmark, which lays out 100k calls directly).
 *  A safe id's block is the number it always was, so existing caches stay found; a longer id's
 *  block is computed exactly (ids.ts), never from a rounded id. */
export const detailStoreName = (callRecordId: Id) => `cache-details-${idBlock(callRecordId, DETAIL_BLOCK)}`

/** Whether a profile's file is a store of cached details (`<scope>-cache-details-<block>.json`). */
export const isDetailStoreFile = (fileName: string) => /^[a-z0-9]+(-[0-9a-f]+)?-cache-details-\d+\.json$/.test(fileName)

/** The calls a detail store's file holds and the recording addresses they name, read leniently:
 *  for removing an account's data, where a damaged file still goes (its recordings unnamed). */
export function recordingsOfDetailStore(raw: string): { calls: number; urls: string[] } {
  const urls: string[] = []
  let calls = 0
  try {
    const details = (JSON.parse(raw) as { details?: Record<string, { d?: Record<string, unknown> }> }).details ?? {}
    for (const entry of Object.values(details)) {
      calls++
      for (const url of [entry.d?.fullAudioUrl, entry.d?.customerAudioUrl]) if (typeof url === 'string') urls.push(url)
    }
  } catch {
    // Damaged: counted as holding nothing.
  }
  return { calls, urls }
}

const recordEntry = z.object({ r: callRecordSchema, at: z.number() })
const detailEntry = z.object({ d: callDetailSchema, at: z.number() })
/** A cached detail read for its transcript alone: much less to check than the whole detail. */
const transcriptEntry = z.object({ d: z.object({ callDetailList: z.array(utteranceSchema).nullable().optional() }) })
const blockIdList = z.array(answerIdSchema)
const groupMap = z.record(z.string(), answerIdSchema.nullable())
const nameMap = z.record(z.string(), z.string().nullable())

/** The index key listing a task's files of each kind. */
type BlockKind = 'blocks' | 'groupBlocks' | 'nameBlocks'

/** Files read between two turns of the event loop while a task loads in the background. */
const FILES_PER_TURN = 16
/** Tasks kept in memory (100k calls take about 230 MB); the least recently used is let go. */
const TASKS_IN_MEMORY = 3

/** A task being loaded: one step per file, run in order. */
interface Loader {
  steps: (() => void)[]
  next: number
}

export interface CachedPage {
  page: CallPage
  /** When the oldest call on the page was fetched. */
  fetchedAt: number | null
}

/** What a list answer tells beyond its records: the query's customer group holds every call in it. */
export interface ListFacts {
  customerGroupId?: Id
}

export interface CallCache {
  /**
   * Loads a task's cached calls into memory a few files at a time, so a large task does not hold
   * up other work. The other methods load what they need at once, holding it up.
   */
  load(jobId: Id): Promise<void>
  putRecords(jobId: Id, records: readonly CallRecord[], facts?: ListFacts, at?: number): void
  putDetail(detail: CallDetail, at?: number): void
  detail(callRecordId: Id): { detail: CallDetail; fetchedAt: number } | null
  /** The list query answered from the cache alone, or null when nothing of the task is cached. */
  query(query: CallListQuery): CachedPage | null
  /** A cached call of the task, as its list page gave it. */
  record(jobId: Id, callRecordId: Id): CallRecord | undefined
  /** The customer's name of a cached call of the task, when known (from its record or detail). */
  customerName(jobId: Id, callRecordId: Id): string | undefined
  /** Ids of every cached call of the task that matches the query's filters (paging ignored), in list order. */
  matchingIds(query: CallListQuery): Id[]
  /**
   * The transcripts of those calls whose detail is cached (an empty one for a call without), each
   * detail file read once: what searching many calls' transcripts reads. Calls without a cached
   * detail are left out.
   */
  transcripts(callRecordIds: readonly Id[]): Map<Id, Utterance[]>
  /** Calls `listener` with every detail put from now on (a search keeps its transcripts current); returns how to stop. */
  onDetail(listener: (detail: CallDetail) => void): () => void
}

/** Each entry of a stored map that passes its schema: one damaged entry costs that call alone. */
function validEntries<T>(raw: unknown, schema: z.ZodType<T>): Map<string, T> {
  const out = new Map<string, T>()
  if (!raw || typeof raw !== 'object') return out
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const parsed = schema.safeParse(value)
    if (parsed.success) out.set(id, parsed.data)
  }
  return out
}

function storedMap(store: KeyValueStore, key: string): Record<string, unknown> {
  const raw = store.get(key)
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {}
}

/**
 * A list record as the cache keeps it: without the transcript some list answers carry. The
 * transcript belongs to the detail (cached on its own); left in, it would triple what opening a
 * task reads from disk, for rows that never show it.
 */
function withoutTranscript(record: CallRecord): CallRecord {
  if (!('callDetailList' in record)) return record
  const { callDetailList: _transcript, ...listed } = record
  return listed
}

/** `readStore` reads a store without opening it: loading a large task reads hundreds of stores. */
export function createCallCache(openStore: StoreFactory, readStore?: StoreReader): CallCache {
  const stores = new Map<string, KeyValueStore>()
  const open = (name: string) => {
    let store = stores.get(name)
    if (!store) {
      store = openStore(name)
      stores.set(name, store)
    }
    return store
  }
  /** A store's value for `key`; read from its file unless the store is open already. */
  const peek = (name: string, key: string): unknown => {
    if (readStore && !stores.has(name)) {
      try {
        return readStore(name)?.[key]
      } catch {
        // A damaged file: opening the store sets it aside and starts afresh (store-recovery.ts).
      }
    }
    return open(name).get(key)
  }
  const recordBlockOf = (id: Id) => idBlock(id, RECORD_BLOCK)
  const indexStore = (jobId: Id) => open(`cache-job-${jobId}-index`)
  const recordStoreName = (jobId: Id, block: Id) => `cache-job-${jobId}-calls-${block}`
  const groupStoreName = (jobId: Id, block: Id) => `cache-job-${jobId}-groups-${block}`
  const nameStoreName = (jobId: Id, block: Id) => `cache-job-${jobId}-names-${block}`

  const tasks = new Map<Id, TaskIndex>()
  const detailListeners = new Set<(detail: CallDetail) => void>()
  /** Tasks whose loading has begun and not ended. */
  const loaders = new Map<Id, Loader>()

  function blockList(jobId: Id, key: BlockKind): Id[] {
    const parsed = blockIdList.safeParse(indexStore(jobId).get(key))
    return parsed.success ? parsed.data : []
  }

  function rememberBlock(jobId: Id, key: BlockKind, block: Id) {
    const blocks = blockList(jobId, key)
    if (!blocks.includes(block)) indexStore(jobId).set(key, [...blocks, block])
  }

  /** Each entry of a stored per-call map (keyed by call id) that parsed; none when it did not. */
  function eachCall<T>(parsed: { success: true; data: Record<string, T> } | { success: false }, use: (id: Id, value: T) => void) {
    if (!parsed.success) return
    for (const [key, value] of Object.entries(parsed.data)) {
      const id = toId(key)
      if (id !== undefined) use(id, value)
    }
  }

  /**
   * Starts loading a task: one step per stored file. The index is in `tasks` from the start, so
   * calls put meanwhile reach it; a step reads its file when it runs, so it sees them too.
   */
  function startLoading(jobId: Id): Loader {
    const index = createTaskIndex(jobId)
    tasks.set(jobId, index)
    const steps = [
      ...blockList(jobId, 'blocks').map((block) => () => {
        for (const entry of validEntries(peek(recordStoreName(jobId, block), 'records'), recordEntry).values()) index.put(entry)
      }),
      // Groups after records: a group is kept on the call's row.
      ...blockList(jobId, 'groupBlocks').map((block) => () =>
        eachCall(groupMap.safeParse(peek(groupStoreName(jobId, block), 'groups')), (id, group) => index.setGroup(id, group)),
      ),
      ...blockList(jobId, 'nameBlocks').map((block) => () =>
        eachCall(nameMap.safeParse(peek(nameStoreName(jobId, block), 'names')), (id, name) => index.setName(id, name)),
      ),
    ]
    const loader = { steps, next: 0 }
    loaders.set(jobId, loader)
    forgetOldTasks()
    return loader
  }

  /** Runs up to `budget` steps; true when the task is loaded. */
  function advance(jobId: Id, loader: Loader, budget: number): boolean {
    for (let n = 0; n < budget && loader.next < loader.steps.length; n++) loader.steps[loader.next++]!()
    const done = loader.next >= loader.steps.length
    if (done) loaders.delete(jobId)
    return done
  }

  /** Marks a task as just used: a Map keeps insertion order, so the first one is the least recent. */
  function touch(jobId: Id) {
    const index = tasks.get(jobId)
    if (!index) return
    tasks.delete(jobId)
    tasks.set(jobId, index)
  }

  function forgetOldTasks() {
    for (const jobId of tasks.keys()) {
      if (tasks.size <= TASKS_IN_MEMORY) return
      // A task being loaded is in use; what is forgotten is read from its files again when needed.
      if (!loaders.has(jobId)) tasks.delete(jobId)
    }
  }

  /** The task's loading still to do, begun if the task is not in memory; undefined when it is loaded. */
  function loadingOf(jobId: Id): Loader | undefined {
    touch(jobId)
    return loaders.get(jobId) ?? (tasks.has(jobId) ? undefined : startLoading(jobId))
  }

  /** The task's index, loaded (or its loading finished) now if need be. */
  function task(jobId: Id): TaskIndex {
    const loader = loadingOf(jobId)
    if (loader) advance(jobId, loader, Infinity)
    return tasks.get(jobId) as TaskIndex
  }

  async function load(jobId: Id): Promise<void> {
    const loader = loadingOf(jobId)
    if (!loader) return
    // A few files at a time, letting other work (grades, audio, the page's requests) run between.
    while (!advance(jobId, loader, FILES_PER_TURN)) await new Promise((resolve) => setImmediate(resolve))
  }

  /** Stores the customer group of calls of one task, in the group files of their blocks. */
  function putGroups(jobId: Id, ids: readonly Id[], customerGroupId: Id | null) {
    for (const [block, group] of groupBy(ids, recordBlockOf)) {
      const store = open(groupStoreName(jobId, block))
      const groups = storedMap(store, 'groups')
      if (group.every((id) => groups[id] === customerGroupId)) continue
      for (const id of group) groups[id] = customerGroupId
      store.set('groups', groups)
      rememberBlock(jobId, 'groupBlocks', block)
    }
  }

  /** Stores the customer's name of a call, in the name file of its block. */
  function putName(jobId: Id, callRecordId: Id, name: string | null) {
    const block = recordBlockOf(callRecordId)
    const store = open(nameStoreName(jobId, block))
    const names = storedMap(store, 'names')
    if (names[callRecordId] === name) return
    names[callRecordId] = name
    store.set('names', names)
    rememberBlock(jobId, 'nameBlocks', block)
  }

  function matchingIds(query: CallListQuery): Id[] {
    return task(query.robotCallJobId)
      .select(query)
      .map((row) => row.callRecordId)
  }

  return {
    putRecords(jobId, records, facts = {}, at = Date.now()) {
      // A task not loaded yet finds these in its stores when it is.
      const index = tasks.get(jobId)
      const group = facts.customerGroupId
      for (const [block, blockRecords] of groupBy(records, (r) => recordBlockOf(r.callRecordId))) {
        const store = open(recordStoreName(jobId, block))
        const stored = storedMap(store, 'records')
        for (const record of blockRecords) {
          const entry: RecordEntry = { r: withoutTranscript(record), at }
          stored[record.callRecordId] = entry
          index?.put(entry, group)
        }
        store.set('records', stored)
        rememberBlock(jobId, 'blocks', block)
      }
      if (group !== undefined) putGroups(jobId, records.map((r) => r.callRecordId), group)
    },
    putDetail(detail, at = Date.now()) {
      const store = open(detailStoreName(detail.callRecordId))
      const stored = storedMap(store, 'details')
      stored[detail.callRecordId] = { d: detail, at }
      store.set('details', stored)
      // The customer group, known from the detail, lets the group filter work offline.
      const group = detail.customerPerson?.customerGroupId
      const jobId = detail.robotCallJobId
      if (group !== undefined && jobId) {
        tasks.get(jobId)?.setGroup(detail.callRecordId, group)
        putGroups(jobId, [detail.callRecordId], group)
      }
      // So is the customer's name, which list records do not carry: the offline name search.
      const name = detail.customerPerson?.name
      if (name !== undefined && jobId) {
        tasks.get(jobId)?.setName(detail.callRecordId, name)
        putName(jobId, detail.callRecordId, name)
      }
      for (const listener of detailListeners) listener(detail)
    },
    detail(callRecordId) {
      // Only the wanted entry is checked against the schema, not the whole file.
      const details = peek(detailStoreName(callRecordId), 'details') as Record<string, unknown> | undefined
      const raw = details && typeof details === 'object' ? details[callRecordId] : undefined
      const parsed = raw === undefined ? null : detailEntry.safeParse(raw)
      return parsed?.success ? { detail: parsed.data.d, fetchedAt: parsed.data.at } : null
    },
    query(query) {
      const index = task(query.robotCallJobId)
      if (index.size === 0) return null
      const page = paginate(index.select(query), query.pageNum, query.pageSize)
      let fetchedAt: number | null = null
      for (const row of page.content) fetchedAt = fetchedAt === null ? row.entry.at : Math.min(fetchedAt, row.entry.at)
      return { page: { ...page, content: page.content.map((row) => row.entry.r) }, fetchedAt }
    },
    load,
    record: (jobId, callRecordId) => task(jobId).get(callRecordId)?.r,
    customerName: (jobId, callRecordId) => task(jobId).nameOf(callRecordId),
    matchingIds,
    transcripts(callRecordIds) {
      const out = new Map<Id, Utterance[]>()
      for (const [name, ids] of groupBy(callRecordIds, detailStoreName)) {
        const details = peek(name, 'details') as Record<string, unknown> | undefined
        if (!details || typeof details !== 'object') continue
        for (const id of ids) {
          const raw = details[id]
          const parsed = raw === undefined ? null : transcriptEntry.safeParse(raw)
          if (parsed?.success) out.set(id, parsed.data.d.callDetailList ?? [])
        }
      }
      return out
    },
    onDetail(listener) {
      detailListeners.add(listener)
      return () => detailListeners.delete(listener)
    },
  }
}
