// The offline cache at 100,000 calls: filtering a task, opening a cached call, disk per call,
// writing one call, and "download for offline" against the simulator with 50 ms latency —
// each beside the naive layout (one conf/electron-store file holding every call).
// Calls are clones of what the simulator's API really answers (list record, detail, measured
// timings), with new ids, phones, names, statuses, intents and start times.
import Conf from 'conf'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { CallDetail, CallListQuery, CallRecord } from '../../shared/api-schemas'
import { byStartTimeDesc, callMatches, paginate } from '../../shared/call-query'
import { groupBy } from '../../shared/group-by'
import { INTENT_LEVELS, RESULT_STATUSES, type IntentLevel, type ResultStatus } from '../../shared/enums'
import { createCallCache, detailStoreName, RECORD_BLOCK, type CallCache } from '../../electron/main/services/cache/call-cache'
import { type DataSource } from '../../electron/main/services/data/data-source'
import type { StoreFactory } from '../../electron/main/services/storage/ports'
import { startSimulator, type RunningSimulator } from '../lib/simulator'
import { createRng, type Rng } from '../../electron/simulator'
import { createOfflineStack } from '../lib/offline-stack'
import { startSimulatorProcess } from '../lib/sim-process'
import { timingStoreName, type TimingService } from '../../electron/main/services/timing/timing-service'
import { p95, round, type BenchFigure } from './figures'
import type { Id } from '../../shared/ids'


const CALLS = 100_000
const JOB_ID = 880_001
/** A multiple of the cache's 128-id blocks, so the task fills whole blocks. */
const FIRST_ID = 60_000_000
const FILTER_RUNS = 60
const OPEN_RUNS = 100
const WRITE_RUNS = 40
/**
 * The naive store is measured at a quarter of the calls: at 100k its JSON is longer than V8's
 * longest string (JSON.stringify throws "Invalid string length"), and every sample reads (a write
 * also rewrites) the whole file, seconds each. Its figures grow with the file.
 */
const NAIVE_CALLS = 25_000
const NAIVE_RUNS = 2
/** V8's longest string, in UTF-16 code units (2^29 - 24 on 64-bit). */
const MAX_STRING_LENGTH = 2 ** 29 - 24
const LATENCY_MS = 50
/** What the download is given up after. */
const PREFETCH_TIMEOUT_MS = 120_000

/** A call as the cache holds it: list record, detail and the timing service's stored entry. */
export interface CallFiles {
  record: CallRecord
  detail: CallDetail
  timings: StoredTimings
}

/** The timing service's stored entry, as far as cloning needs to know it. */
export interface StoredTimings {
  result: { estimated: boolean }
  corrections: Record<string, number>
  /** The engine revision that measured them: the copies keep the template's, so they are as current as it. */
  revision?: number
}



function timeOnce<T>(work: () => T): { ms: number; value: T } {
  const started = performance.now()
  const value = work()
  return { ms: performance.now() - started, value }
}

async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return performance.now() - started
}


const storeFactory =
  (dir: string): StoreFactory =>
  (name) =>
    new Conf<Record<string, unknown>>({ cwd: dir, configName: name, projectName: 'bench' })

async function dirBytes(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size
  }
  return total
}

/** The services as the app's composition root builds them, on stores in `dir`. */
function appServices(dir: string, sim: Pick<RunningSimulator, 'url'> | null, workOffline: boolean) {
  return createOfflineStack(dir, () => sim?.url ?? null, { workOffline })
}

/** Stores of the demo's account scope, named as the composition root names them. */
const DEMO_SCOPE = 'demo'
const scopedName = (name: string) => `${DEMO_SCOPE}-${name}`

/** Opening a call offline, as the workspace does: its detail, then its turn timings, from disk. */
export async function offlineReader(dir: string): Promise<{ data: DataSource; timing: TimingService; cache: CallCache }> {
  const { data, timing, cache } = await appServices(dir, null, true)
  return { data, timing, cache }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the offline download')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}


/** Downloads the smallest task for offline; its cached calls become the templates of the 100k. */
export async function prefetch(dir: string, sim: Pick<RunningSimulator, 'url' | 'dataset'>): Promise<{ callsPerSecond: number; calls: number; seconds: number; templates: CallFiles[] }> {
  const job = sim.dataset.jobs
    .map((j) => ({ id: j.robotCallJobId, calls: sim.dataset.calls.filter((c) => c.robotCallJobId === j.robotCallJobId).length }))
    .filter((j) => j.calls > 0)
    .sort((a, b) => a.calls - b.calls)[0]
  if (!job) throw new Error('the simulator has no task with calls')
  const app = await appServices(dir, sim, false)
  const downloader = app.downloads
  const started = performance.now()
  downloader.start({ robotCallJobId: job.id })
  await until(() => downloader.status(job.id).state !== 'running', PREFETCH_TIMEOUT_MS)
  const seconds = (performance.now() - started) / 1000
  const status = downloader.status(job.id)
  await downloader.close()
  if (status.state !== 'done' || status.failures.length > 0) throw new Error(`the offline download ended ${status.state} with ${status.failures.length} failures`)

  const templates: CallFiles[] = []
  for (const call of sim.dataset.calls.filter((c) => c.robotCallJobId === job.id)) {
    const record = app.cache.record(job.id, call.callRecordId)
    const detail = app.cache.detail(call.callRecordId)?.detail
    const timings = app.openStore(timingStoreName(job.id, call.callRecordId)).get(String(call.callRecordId)) as StoredTimings | undefined
    if (!record || !detail || !timings?.result) throw new Error(`call ${call.callRecordId} is not fully cached: the benchmark layout is out of date`)
    templates.push({ record, detail, timings })
  }
  return { callsPerSecond: status.calls.done / seconds, calls: status.calls.done, seconds, templates }
}

const STATUS_WEIGHTS = Object.fromEntries(RESULT_STATUSES.map((s) => [s, s === 'ANSWERED' ? 68 : s === 'NO_ANSWER' ? 12 : 4])) as Record<ResultStatus, number>

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

function startTimeOf(random: Rng): string {
  // Sixty days of calling hours.
  const day = new Date(Date.UTC(2024, 10, 1) + random.int(0, 59) * 86_400_000)
  return `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())} ${pad(9 + random.int(0, 10))}:${pad(random.int(0, 59))}:${pad(random.int(0, 59))}`
}

/** `count` calls of task `jobId`: each a template call under a new id, number, name, result, intent and time. */
export function makeCalls(templates: readonly CallFiles[], names: readonly string[], count: number, jobId: number, seed: number): CallFiles[] {
  const random = createRng(seed)
  const answered = templates.filter((t) => t.record.resultStatus === 'ANSWERED')
  const other = templates.filter((t) => t.record.resultStatus !== 'ANSWERED')
  const phones = new Set<string>()
  const calls: CallFiles[] = []
  for (let i = 0; i < count; i++) {
    const callRecordId = FIRST_ID + i
    const resultStatus = random.weighted(STATUS_WEIGHTS)
    // A transcript of the right kind: answered calls talk, the others mostly do not.
    const template = random.pick(resultStatus === 'ANSWERED' ? (answered.length ? answered : templates) : other.length ? other : templates)
    let phone: string
    do phone = `1${3 + random.int(0, 6)}${String(random.int(0, 999_999_999)).padStart(9, '0')}`
    while (phones.has(phone))
    phones.add(phone)
    const name = random.pick(names)
    const intentLevel: IntentLevel = random.pick(INTENT_LEVELS)
    const changed = {
      callRecordId,
      robotCallJobId: jobId,
      robotCallTaskId: 20_000_000 + i,
      customerPersonId: 30_000_000 + i,
      customerPersonName: name,
      calledPhoneNumber: phone,
      resultStatus,
      intentLevel,
      startTime: startTimeOf(random),
    }
    const url = (u: string | null | undefined) => u?.replace(`/${template.record.callRecordId}/`, `/${callRecordId}/`) ?? null
    const record: CallRecord = { ...template.record, ...changed, fullAudioUrl: url(template.record.fullAudioUrl), customerAudioUrl: url(template.record.customerAudioUrl) }
    const person = template.detail.customerPerson
    const detail: CallDetail = {
      ...template.detail,
      ...changed,
      fullAudioUrl: record.fullAudioUrl,
      customerAudioUrl: record.customerAudioUrl,
      customerPerson: person ? { ...person, customerPersonId: changed.customerPersonId, name, phoneNumber: phone } : person,
    }
    calls.push({ record, detail, timings: template.timings })
  }
  return calls
}

/** Writes a store file as conf does (checked by fillCache), without conf's copies and checks of every value. */
function writeStoreFile(dir: string, name: string, store: Record<string, unknown>): void {
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(store, undefined, '\t'))
}

/** Fails when conf's files no longer look like writeStoreFile's. */
function checkStoreFormat(dir: string, sample: Record<string, unknown>): void {
  new Conf<Record<string, unknown>>({ cwd: dir, configName: 'format-conf', projectName: 'bench' }).set(sample)
  writeStoreFile(dir, 'format-direct', sample)
  const read = (name: string) => readFileSync(join(dir, `${name}.json`), 'utf8')
  if (read('format-conf') !== read('format-direct')) throw new Error('conf writes its files differently now: update writeStoreFile')
  for (const name of ['format-conf', 'format-direct']) rmSync(join(dir, `${name}.json`))
}

/** Lays the calls down in the cache's layout: records through the cache a page at a time, details and timings a file at a time. */
export function fillCache(dir: string, calls: readonly CallFiles[], jobId: number, at: number): void {
  const openStore = storeFactory(dir)
  const cache = createCallCache((name) => openStore(scopedName(name)))
  const first = calls[0]
  if (!first) return
  checkStoreFormat(dir, { details: { [first.record.callRecordId]: { d: first.detail, at } } })
  for (let from = 0; from < calls.length; from += RECORD_BLOCK) {
    cache.putRecords(jobId, calls.slice(from, from + RECORD_BLOCK).map((c) => c.record), {}, at)
  }
  // putDetail call by call rereads and rewrites its file: hours for 100k calls. So the files are
  // written whole, named as the cache and the timing service name them.
  for (const [name, group] of groupBy(calls, (c) => detailStoreName(c.record.callRecordId))) {
    writeStoreFile(dir, scopedName(name), { details: Object.fromEntries(group.map((c) => [c.record.callRecordId, { d: c.detail, at }])) })
  }
  for (const [name, group] of groupBy(calls, (c) => timingStoreName(jobId, c.record.callRecordId))) {
    writeStoreFile(dir, scopedName(name), Object.fromEntries(group.map((c) => [String(c.record.callRecordId), c.timings])))
  }
  if (cache.detail(first.record.callRecordId)?.detail.callRecordId !== first.record.callRecordId) throw new Error('the cache does not find the details written: update fillCache')
}

/** A reviewer's query: answered calls of intent A or B, searched by part of a phone number. */
export function filterQuery(calls: readonly CallFiles[], random: Rng): CallListQuery {
  const phone = random.pick(calls).record.calledPhoneNumber ?? ''
  const from = 3 + random.int(0, 3)
  return { robotCallJobId: JOB_ID, resultStatuses: ['ANSWERED'], intentLevels: ['A', 'B'], searchWords: phone.slice(from, from + 4), pageNum: 1, pageSize: 20 }
}

function naiveQuery(records: Record<string, { r: CallRecord }>, query: CallListQuery) {
  const matching = Object.values(records)
    .map((e) => e.r)
    .filter((r) => callMatches(r, query, undefined))
  matching.sort(byStartTimeDesc)
  return paginate(matching, query.pageNum, query.pageSize)
}

/** Every call in one store file, as one electron-store for the whole cache would hold them. */
function writeNaiveStore(dir: string, calls: readonly CallFiles[], at: number): void {
  const entries = <T>(value: (c: CallFiles) => T) => Object.fromEntries(calls.map((c) => [c.record.callRecordId, value(c)]))
  writeStoreFile(dir, 'cache', { records: entries((c) => ({ r: c.record, at })), details: entries((c) => ({ d: c.detail, at })), timings: entries((c) => c.timings) })
}

function answeredOpens(calls: readonly CallFiles[], ids: readonly Id[], samples: readonly number[], answered: boolean): number {
  const byId = new Map(calls.map((c) => [c.record.callRecordId, c.record.resultStatus === 'ANSWERED']))
  return p95(samples.filter((_, i) => byId.get(ids[i] as Id) === answered))
}

export async function benchCache(note: (line: string) => void): Promise<BenchFigure[]> {
  const root = await mkdtemp(join(tmpdir(), 'bench-cache-'))
  // The download runs against a simulator in its own process, as against a real server; this one
  // of the same seed only says which calls there are.
  const sim = await startSimulator({ port: 0, seed: 1 })
  const server = await startSimulatorProcess({ seed: 1, latencyMs: LATENCY_MS })
  const figures: BenchFigure[] = []
  const figure = (name: string, value: number, unit: string) => figures.push({ name, value: round(value), unit })
  const ms = (n: number) => `${n.toFixed(1)} ms`
  try {
    // Download for offline: the smallest task, every call's page, detail, recordings and timings.
    const fetched = await prefetch(join(root, 'prefetch'), { url: server.url, dataset: sim.dataset })
    await server.close()
    note(`prefetch: ${fetched.calls} calls in ${fetched.seconds.toFixed(1)} s at ${LATENCY_MS} ms latency, 4 requests at a time, the server in another process`)
    figure('prefetch_calls_per_s', fetched.callsPerSecond, 'calls/s')

    let calls = makeCalls(fetched.templates, sim.dataset.customers.map((c) => c.name), CALLS, JOB_ID, 7)
    await sim.close()
    const at = Date.now()
    const random = createRng(11)

    // The cache's layout.
    const cacheDir = join(root, 'cache')
    const filled = timeOnce(() => fillCache(cacheDir, calls, JOB_ID, at))
    note(`cache layout: ${CALLS} calls laid down in ${(filled.ms / 1000).toFixed(1)} s`)
    figure('cache_bytes_per_call', (await dirBytes(cacheDir)) / CALLS, 'B')
    {
      const { cache } = await offlineReader(cacheDir)
      const first = timeOnce(() => cache.query(filterQuery(calls, random)))
      if (first.value?.page.totalElements === undefined) throw new Error('the cache answered nothing for the task')
      figure('filter_100k_first_load_ms', first.ms, 'ms')
      const samples: number[] = []
      for (let i = 0; i < FILTER_RUNS; i++) {
        const query = filterQuery(calls, random)
        samples.push(timeOnce(() => cache.query(query)).ms)
      }
      figure('filter_100k_p95_ms', p95(samples), 'ms')
      note(`filter_100k: median ${ms([...samples].sort((a, b) => a - b)[samples.length >> 1] ?? NaN)} over ${FILTER_RUNS} queries`)
    }

    // Opening a random call: cold-ish (new cache and services, so new store objects; every read goes to the file) and warm.
    {
      const cold: number[] = []
      const warm: number[] = []
      const ids: Id[] = []
      const reader = await offlineReader(cacheDir)
      for (let i = 0; i < OPEN_RUNS; i++) {
        const call = random.pick(calls)
        const id = call.record.callRecordId
        ids.push(id)
        const fresh = await offlineReader(cacheDir)
        cold.push(
          await timeAsync(async () => {
            await fresh.data.detail(id)
            // Calls without a recording keep an estimate, which is worked out (and stored) again on opening.
            const timings = await fresh.timing.timings(id)
            if (timings.estimated !== call.timings.result.estimated) throw new Error('timings not cached: update fillCache')
          }),
        )
        warm.push(await timeAsync(() => reader.data.detail(id).then(() => reader.timing.timings(id))))
      }
      figure('open_cached_call_p95_ms', p95(cold), 'ms')
      figure('open_cached_call_warm_p95_ms', p95(warm), 'ms')
      note(
        `open_cached_call p95: answered calls ${ms(answeredOpens(calls, ids, cold, true))}, ` +
          `unanswered ${ms(answeredOpens(calls, ids, cold, false))} (their estimated timings are recomputed and their timing file rewritten)`,
      )
    }

    // Adding one call's detail to a full cache: its block's file is read and rewritten.
    {
      const { cache } = await offlineReader(cacheDir)
      const samples: number[] = []
      for (let i = 0; i < WRITE_RUNS; i++) {
        const call = random.pick(calls)
        samples.push(timeOnce(() => cache.putDetail({ ...call.detail, readStatus: 'HAS_READ' })).ms)
      }
      figure('cache_write_one_call_ms', p95(samples), 'ms')
      note(`cache_write_one_call_ms: p95 of ${WRITE_RUNS} putDetail calls`)
    }

    // The naive layout: one store holding every record, detail and timing entry. The store object is
    // made before its file exists: conf keeps no copy, so every read below still parses the whole file
    // (a new instance on the full file would add a deep copy and a deep comparison of it, as long again).
    const naiveDir = join(root, 'naive')
    const naive = new Conf<Record<string, unknown>>({ cwd: naiveDir, configName: 'cache', projectName: 'bench' })
    checkStoreFormat(naiveDir, { records: { 1: { r: calls[0]?.record, at } } })
    writeNaiveStore(naiveDir, calls.slice(0, NAIVE_CALLS), at)
    const naiveBytes = await dirBytes(naiveDir)
    figure('cache_bytes_per_call_naive', naiveBytes / NAIVE_CALLS, 'B')
    // How close one store of all 100k calls comes to the longest string conf could write or read.
    figure('naive_100k_string_limit_ratio', (readFileSync(naive.path, 'utf8').length * (CALLS / NAIVE_CALLS)) / MAX_STRING_LENGTH, 'x')
    note(`naive layout: one ${(naiveBytes / 1e6).toFixed(0)} MB file of ${NAIVE_CALLS} calls; each naive figure is the worst of ${NAIVE_RUNS} samples`)
    // Only a few calls are needed from here on: the rest can go before the big file is parsed.
    calls = Array.from({ length: 20 }, (_, i) => calls[(i * 1_237) % NAIVE_CALLS] as CallFiles)
    {
      const samples: number[] = []
      for (let i = 0; i < NAIVE_RUNS; i++) {
        const query = filterQuery(calls, random)
        samples.push(timeOnce(() => naiveQuery(naive.get('records') as Record<string, { r: CallRecord }>, query)).ms)
      }
      figure('filter_25k_naive_p95_ms', p95(samples), 'ms')
    }
    {
      const samples: number[] = []
      for (let i = 0; i < NAIVE_RUNS; i++) {
        const id = random.pick(calls).record.callRecordId
        // One read of the file for both, as a careful naive reader would do.
        samples.push(
          timeOnce(() => {
            const all = naive.store as { details?: Record<string, unknown>; timings?: Record<string, unknown> }
            if (!all.details?.[id] || !all.timings?.[id]) throw new Error(`call ${id} missing from the naive store`)
          }).ms,
        )
      }
      figure('open_cached_call_naive_25k_p95_ms', p95(samples), 'ms')
    }
    {
      const samples: number[] = []
      for (let i = 0; i < NAIVE_RUNS; i++) {
        const call = random.pick(calls)
        samples.push(timeOnce(() => naive.set(`details.${call.record.callRecordId}`, { d: { ...call.detail, readStatus: 'HAS_READ' }, at })).ms)
      }
      const writeMs = p95(samples)
      figure('cache_write_one_call_naive_25k_ms', writeMs, 'ms')
      // Downloading a call writes its detail and its timings: two whole-file rewrites in the naive
      // layout. Its download rate is at best one call per two writes, however fast the network.
      figure('prefetch_calls_per_s_naive_25k_bound', 1000 / (2 * writeMs), 'calls/s')
      note('prefetch_calls_per_s_naive_25k_bound: an upper bound worked out from the naive write, not a run (a run would take minutes a call)')
    }
    return figures
  } finally {
    await server.close()
    await sim.close()
    await rm(root, { recursive: true, force: true })
  }
}
