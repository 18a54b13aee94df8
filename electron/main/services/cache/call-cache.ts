// Every call list page and call detail fetched, kept locally with its fetch time, so the
// workspace keeps working offline. Stores are split per task and per block of call ids, so
// one write stays small however much is cached (electron-store rewrites a whole file on each
// change); a task's calls are loaded into memory once, where filtering is fast.
import { z } from 'zod'
import { callDetailSchema, callRecordSchema, type CallDetail, type CallListQuery, type CallPage, type CallRecord } from '../../../../shared/api-schemas'
import { byStartTimeDesc, compileCallFilter, paginate } from '../../../../shared/call-query'
import type { KeyValueStore, StoreFactory } from '../settings/ports'

/** Call ids per store file. */
const BLOCK = 128
/** Call ids per file of the id → task map. */
const WHERE_BLOCK = 4096

const recordEntry = z.object({ r: callRecordSchema, at: z.number() })
const detailEntry = z.object({ d: callDetailSchema, at: z.number() })
type RecordEntry = z.infer<typeof recordEntry>
type DetailEntry = z.infer<typeof detailEntry>

export interface CachedPage {
  page: CallPage
  /** When the oldest call on the page was fetched. */
  fetchedAt: number | null
}

export interface CallCache {
  putRecords(jobId: number, records: readonly CallRecord[], at?: number): void
  putDetail(detail: CallDetail, at?: number): void
  detail(callRecordId: number): { detail: CallDetail; fetchedAt: number } | null
  /** The list query answered from the cache alone, or null when nothing of the task is cached. */
  query(query: CallListQuery): CachedPage | null
  cachedCallCount(jobId: number): number
  /** A cached call of the task, as its list page gave it. */
  record(jobId: number, callRecordId: number): CallRecord | undefined
  /** Ids of every cached call of the task that matches the query's filters (paging ignored). */
  matchingIds(query: CallListQuery): number[]
}

export function createCallCache(openStore: StoreFactory): CallCache {
  const stores = new Map<string, KeyValueStore>()
  const open = (name: string) => {
    let store = stores.get(name)
    if (!store) {
      store = openStore(name)
      stores.set(name, store)
    }
    return store
  }
  const blockOf = (id: number) => Math.floor(id / BLOCK)
  const indexStore = (jobId: number) => open(`cache-job-${jobId}-index`)
  const recordStore = (jobId: number, block: number) => open(`cache-job-${jobId}-calls-${block}`)
  const detailStore = (jobId: number, block: number) => open(`cache-job-${jobId}-details-${block}`)
  const whereStore = (id: number) => open(`cache-where-${Math.floor(id / WHERE_BLOCK)}`)

  /** A task's cached calls, loaded on first use and kept current by every put. */
  const jobs = new Map<number, Map<number, RecordEntry>>()

  function blocksOf(jobId: number): number[] {
    const parsed = z.array(z.number()).safeParse(indexStore(jobId).get('blocks'))
    return parsed.success ? parsed.data : []
  }

  function entries<T>(store: KeyValueStore, key: string, schema: z.ZodType<T>): Record<string, T> {
    const raw = store.get(key)
    if (!raw || typeof raw !== 'object') return {}
    const out: Record<string, T> = {}
    // Entry by entry, so one damaged entry costs that call alone.
    for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
      const parsed = schema.safeParse(value)
      if (parsed.success) out[id] = parsed.data
    }
    return out
  }

  function jobCalls(jobId: number): Map<number, RecordEntry> {
    let calls = jobs.get(jobId)
    if (!calls) {
      calls = new Map()
      for (const block of blocksOf(jobId)) {
        for (const entry of Object.values(entries(recordStore(jobId, block), 'records', recordEntry))) {
          calls.set(entry.r.callRecordId, entry)
        }
      }
      jobs.set(jobId, calls)
    }
    return calls
  }

  function remember(jobId: number, block: number) {
    const blocks = blocksOf(jobId)
    if (!blocks.includes(block)) indexStore(jobId).set('blocks', [...blocks, block])
  }

  function noteWhere(ids: readonly number[], jobId: number) {
    const byFile = new Map<number, number[]>()
    for (const id of ids) byFile.set(Math.floor(id / WHERE_BLOCK), [...(byFile.get(Math.floor(id / WHERE_BLOCK)) ?? []), id])
    for (const group of byFile.values()) {
      const store = whereStore(group[0] as number)
      const where = (store.get('jobs') as Record<string, number> | undefined) ?? {}
      if (group.every((id) => where[id] === jobId)) continue
      for (const id of group) where[id] = jobId
      store.set('jobs', where)
    }
  }

  function jobIdOf(callRecordId: number): number | undefined {
    const where = whereStore(callRecordId).get('jobs') as Record<string, unknown> | undefined
    const jobId = where?.[callRecordId]
    return typeof jobId === 'number' ? jobId : undefined
  }

  function matchingIds(query: CallListQuery): number[] {
    const ids: number[] = []
    const matches = compileCallFilter(query)
    for (const entry of jobCalls(query.robotCallJobId).values()) {
      if (matches(entry.r, undefined)) ids.push(entry.r.callRecordId)
    }
    return ids
  }

  return {
    putRecords(jobId, records, at = Date.now()) {
      const calls = jobCalls(jobId)
      const byBlock = new Map<number, CallRecord[]>()
      for (const record of records) byBlock.set(blockOf(record.callRecordId), [...(byBlock.get(blockOf(record.callRecordId)) ?? []), record])
      for (const [block, group] of byBlock) {
        const store = recordStore(jobId, block)
        const stored = entries(store, 'records', recordEntry)
        for (const record of group) {
          const entry = { r: record, at }
          stored[record.callRecordId] = entry
          calls.set(record.callRecordId, entry)
        }
        store.set('records', stored)
        remember(jobId, block)
      }
      noteWhere(records.map((r) => r.callRecordId), jobId)
    },
    putDetail(detail, at = Date.now()) {
      const jobId = detail.robotCallJobId ?? jobIdOf(detail.callRecordId)
      if (!jobId) return
      const store = detailStore(jobId, blockOf(detail.callRecordId))
      const stored = entries(store, 'details', detailEntry)
      stored[detail.callRecordId] = { d: detail, at }
      store.set('details', stored)
      noteWhere([detail.callRecordId], jobId)
    },
    detail(callRecordId) {
      const jobId = jobIdOf(callRecordId)
      if (!jobId) return null
      const entry: DetailEntry | undefined = entries(detailStore(jobId, blockOf(callRecordId)), 'details', detailEntry)[callRecordId]
      return entry ? { detail: entry.d, fetchedAt: entry.at } : null
    },
    query(query) {
      const calls = jobCalls(query.robotCallJobId)
      if (calls.size === 0) return null
      const matching: RecordEntry[] = []
      for (const id of matchingIds(query)) matching.push(calls.get(id) as RecordEntry)
      matching.sort((a, b) => byStartTimeDesc(a.r, b.r))
      const page = paginate(matching, query.pageNum ?? 1, query.pageSize ?? 20)
      const fetchedAt = page.content.length ? Math.min(...page.content.map((e) => e.at)) : null
      return { page: { ...page, content: page.content.map((e) => e.r) }, fetchedAt }
    },
    cachedCallCount: (jobId) => jobCalls(jobId).size,
    matchingIds,
    record: (jobId, callRecordId) => jobCalls(jobId).get(callRecordId)?.r,
  }
}
