// The offline cache answers a list query exactly as the shared filter and list order would over
// every cached call (the server's meaning), however the calls arrived, changed, or were reopened.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { CallDetail, CallListQuery, CallRecord } from '../../shared/api-schemas'
import { byStartTimeDesc, callMatches, latestAttempts, paginate } from '../../shared/call-query'
import { keywordAttempts } from '../../shared/keyword-search'
import { createCallCache, DETAIL_BLOCK } from '../../electron/main/services/cache/call-cache'
import type { StoreFactory } from '../../electron/main/services/storage/ports'
import { openRecovering } from '../../electron/main/services/storage/store-recovery'
import { createRng, type Rng } from '../../electron/simulator'
import { confStoreReader, confStores } from '../../scripts/lib/offline-stack'
import { useTempDirs } from '../support/temp-dirs'
import type { Id } from '../../shared/ids'

const tempDir = useTempDirs('call-cache')
const JOB = 4242


const STATUSES = ['ANSWERED', 'NO_ANSWER', 'BUSY', 'NEWSTATUS', null] as const
const LEVELS = ['A', 'B', 'C', 'D', 'E', 'F', null] as const
const NAMES = ['张伟', '王芳', '李娜', '张小伟', 'Li Na', '']
const CONCERNS = ['价格', '位置', '交付', '贷款']

function makeRecord(r: Rng, id: Id): CallRecord {
  const day = 1 + r.int(0, 2)
  const record: CallRecord = {
    callRecordId: id,
    robotCallJobId: r.next() < 0.05 ? undefined : JOB,
    dialogFlowId: r.pick([7, 8]),
    // Few numbers, so many are redialled (lastCallRecord keeps the latest call of each).
    robotCallTaskId: r.next() < 0.05 ? null : 900 + r.int(0, 60),
    calledPhoneNumber: r.next() < 0.03 ? null : `13${String(r.int(0, 999_999_999)).padStart(9, '0')}`,
    resultStatus: r.pick(STATUSES),
    intentLevel: r.pick(LEVELS),
    realIntentLevel: r.pick(LEVELS),
    customerConcern: r.next() < 0.5 ? [r.pick(CONCERNS)] : null,
    readStatus: r.pick(['HAS_READ', 'NOT_READ']),
    // Few distinct times, so calls of the same second are ordered by id.
    startTime: r.next() < 0.03 ? null : `2025-11-0${day} 10:0${r.int(0, 2)}:00`,
    chatDuration: r.int(0, 299),
  }
  // Documented list rows carry no name; some records here do (a server may add it).
  if (r.next() < 0.5) record['customerPersonName'] = r.pick(NAMES)
  record['hangupBy'] = r.pick(['REMOTE_HANGUP', 'SOMETHING_ELSE', null])
  record['redialTimes'] = r.int(0, 2)
  return record
}

function makeQuery(r: Rng, records: readonly CallRecord[], groups: readonly Id[]): CallListQuery {
  const q: CallListQuery = { robotCallJobId: JOB, pageNum: 1 + r.int(0, 2), pageSize: r.pick([5, 20, 100]) }
  if (r.next() < 0.4) q.resultStatuses = [r.pick(['ANSWERED', 'NO_ANSWER', 'BUSY'] as const)]
  if (r.next() < 0.4) q.intentLevels = ['A', r.pick(['B', 'C', 'F'] as const)]
  if (r.next() < 0.4) {
    const sample = r.pick(records)
    q.searchWords = r.pick([
      (sample.calledPhoneNumber ?? '').slice(3, 7),
      String(sample.callRecordId),
      String(sample.callRecordId).slice(2),
      '张',
      ' 伟 ',
      '0\n1',
    ])
  }
  if (r.next() < 0.2) q.customerGroupId = r.pick(groups)
  if (r.next() < 0.2) q.dialogFlowId = 7
  if (r.next() < 0.15) q.hangupBy = 'REMOTE_HANGUP'
  if (r.next() < 0.15) q.realIntent = r.next() < 0.5
  if (r.next() < 0.15) q.customerConcern = [r.pick(CONCERNS)]
  if (r.next() < 0.15) q.readStatus = 'NOT_READ'
  if (r.next() < 0.15) q.chatDurationMin = 100
  if (r.next() < 0.25) q.lastCallRecord = r.next() < 0.8
  if (r.next() < 0.2) q.redialTimes = r.int(0, 2)
  return q
}

/** What the answer must be: the shared filter over every cached call, in list order, paged, the
 *  keyword asked as the API client asks it (its documented field and searchWords; a run of digits
 *  as an id, then as part of a number). */
function expected(asked: CallListQuery, calls: Map<Id, CallRecord>, groupOf: Map<Id, Id>, nameOf: Map<Id, string>) {
  // A call cached under the task belongs to it, whatever its record says.
  const all = [...calls.values()].map((record) => ({ ...record, robotCallJobId: record.robotCallJobId ?? JOB }))
  const latest = latestAttempts(all)
  const attempts = keywordAttempts(asked)
  let matching: typeof all = []
  for (const query of attempts) {
    matching = all
      .filter((record) => callMatches(record, query, { customerGroupId: groupOf.get(record.callRecordId) ?? null, name: nameOf.get(record.callRecordId) ?? null }, latest))
      .sort(byStartTimeDesc)
    if (matching.length > 0) break
  }
  const page = paginate(matching, asked.pageNum, asked.pageSize)
  return { total: page.totalElements, ids: page.content.map((r) => r.callRecordId) }
}

describe('call cache', () => {
  it('answers random queries as the shared filter does, through updates, group facts and a reopen', () => {
    const dir = tempDir()
    let cache = createCallCache(confStores(dir))
    const r = createRng(99) // seeded, so a failure repeats
    const calls = new Map<Id, CallRecord>()
    const groupOf = new Map<Id, Id>()
    const nameOf = new Map<Id, string>()
    const groups = [181, 182]
    let nextId = 5_000
    const check = (rounds: number) => {
      const records = [...calls.values()]
      for (let i = 0; i < rounds; i++) {
        const query = makeQuery(r, records, groups)
        const answer = cache.query(query)
        const want = expected(query, calls, groupOf, nameOf)
        expect({ total: answer?.page.totalElements, ids: answer?.page.content.map((c) => c.callRecordId) }, JSON.stringify(query)).toEqual(want)
        expect(cache.matchingIds({ ...query, pageNum: undefined, pageSize: undefined })).toEqual(expected({ ...query, pageNum: 1, pageSize: 100_000 }, calls, groupOf, nameOf).ids)
      }
    }

    for (let page = 0; page < 12; page++) {
      // Pages of new calls, ids not in order (tasks dial in parallel), some fetched with a group filter.
      const fresh = Array.from({ length: 40 }, () => makeRecord(r, (nextId += 1 + r.int(0, 299))))
      const group = page % 3 === 0 ? r.pick(groups) : undefined
      cache.putRecords(JOB, fresh, { customerGroupId: group })
      for (const record of fresh) {
        calls.set(record.callRecordId, record)
        if (group !== undefined) groupOf.set(record.callRecordId, group)
      }
      check(3)
      // Calls seen again, changed: a new time moves them in the list.
      const again = Array.from({ length: 5 }, () => ({ ...makeRecord(r, r.pick([...calls.keys()])) }))
      cache.putRecords(JOB, again)
      for (const record of again) calls.set(record.callRecordId, record)
      // A detail tells a call's customer group.
      const opened = r.pick([...calls.values()])
      const group2 = r.pick(groups)
      // ... and its customer's name, which list rows do not carry.
      const name = r.pick(NAMES)
      cache.putDetail({ ...opened, robotCallJobId: JOB, customerPerson: { customerGroupId: group2, name } } as CallDetail)
      groupOf.set(opened.callRecordId, group2)
      nameOf.set(opened.callRecordId, name)
      check(15)
    }

    // After a restart, the same answers from the files alone.
    cache = createCallCache(confStores(dir))
    check(60)
  })

  it('loads a task read straight from its files as from opened stores, and sets a damaged file aside', () => {
    const dir = tempDir()
    const r = createRng(5) // seeded, so a failure repeats
    const records = Array.from({ length: 600 }, (_, i) => makeRecord(r, 10_000 + i * 3))
    createCallCache(confStores(dir)).putRecords(JOB, records)
    const everything = { robotCallJobId: JOB, pageSize: 100 }
    const opened = createCallCache(confStores(dir)).matchingIds(everything)
    expect(createCallCache(confStores(dir), confStoreReader(dir)).matchingIds(everything)).toEqual(opened)
    expect(opened).toHaveLength(600)

    // One block's file cut short: the task opens without those calls, and the file is kept aside.
    const blockFiles = readdirSync(dir).filter((name) => name.includes('-calls-'))
    const damaged = join(dir, blockFiles.sort()[1]!)
    writeFileSync(damaged, readFileSync(damaged, 'utf8').slice(0, 500))
    const setAside: string[] = []
    const recovering: StoreFactory = (name) =>
      openRecovering(() => confStores(dir)(name), join(dir, `${name}.json`), ({ setAsideAs }) => setAside.push(setAsideAs))
    const afterDamage = createCallCache(recovering, confStoreReader(dir)).matchingIds(everything)
    expect(afterDamage.length).toBeGreaterThan(300)
    expect(afterDamage.length).toBeLessThan(600)
    expect(afterDamage.every((id) => opened.includes(id))).toBe(true)
    expect(setAside).toHaveLength(1)
  })

  it('loads a task in the background, letting other work run, and keeps calls put meanwhile', async () => {
    const dir = tempDir()
    const r = createRng(8) // seeded, so a failure repeats
    // Ids 128 apart: one file per call, so loading takes many turns.
    const records = Array.from({ length: 200 }, (_, i) => makeRecord(r, 1_000_000 + i * 128))
    createCallCache(confStores(dir)).putRecords(JOB, records)
    const cache = createCallCache(confStores(dir), confStoreReader(dir))
    let turnsMeanwhile = 0
    let loaded = false
    const loading = cache.load(JOB).then(() => (loaded = true))
    const ticker = (async () => {
      while (!loaded) {
        turnsMeanwhile++
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    // A call arriving while the task loads, and a call loaded already changing.
    await new Promise((resolve) => setImmediate(resolve))
    const late = makeRecord(r, 5)
    const changed = { ...records[0]!, startTime: '2030-01-01 00:00:00' }
    cache.putRecords(JOB, [late, changed])
    await loading
    await ticker
    expect(turnsMeanwhile).toBeGreaterThan(5)
    const ids = cache.matchingIds({ robotCallJobId: JOB })
    expect(ids).toHaveLength(201)
    expect(ids[0]).toBe(changed.callRecordId)
    expect(ids).toContain(late.callRecordId)
    await cache.load(JOB) // loaded: nothing more to do
  })

  it('keeps a few tasks in memory and reads a forgotten one from its files again', () => {
    const dir = tempDir()
    const r = createRng(3) // seeded, so a failure repeats
    const tasksIds = [11, 12, 13, 14, 15]
    const writer = createCallCache(confStores(dir))
    for (const jobId of tasksIds) writer.putRecords(jobId, Array.from({ length: 30 }, (_, i) => ({ ...makeRecord(r, jobId * 1000 + i), robotCallJobId: jobId })))

    const read: string[] = []
    const reader = confStoreReader(dir)
    const cache = createCallCache(confStores(dir), (name) => (read.push(name), reader(name)))
    for (const jobId of tasksIds) expect(cache.matchingIds({ robotCallJobId: jobId })).toHaveLength(30)
    // Calls added to a task no longer in memory go to its files, and are there when it is read again.
    cache.putRecords(11, [{ ...makeRecord(r, 11_999), robotCallJobId: 11 }])
    read.length = 0
    expect(cache.matchingIds({ robotCallJobId: 11 })).toHaveLength(31)
    expect(read.some((name) => name.startsWith('cache-job-11-'))).toBe(true)
    // The three most recent (14, 15, 11) stay in memory: asking again reads nothing.
    read.length = 0
    for (const jobId of [14, 15, 11]) cache.matchingIds({ robotCallJobId: jobId })
    expect(read).toEqual([])
  })

  it('returns null for a task with nothing cached, and keeps other tasks apart', () => {
    const cache = createCallCache(confStores(tempDir()))
    expect(cache.query({ robotCallJobId: 1 })).toBeNull()
    cache.putRecords(1, [{ callRecordId: 10, robotCallJobId: 1, startTime: '2025-01-01 00:00:00' }])
    cache.putRecords(2, [{ callRecordId: 11, robotCallJobId: 2, startTime: '2025-01-01 00:00:00' }])
    expect(cache.query({ robotCallJobId: 1 })?.page.content.map((c) => c.callRecordId)).toEqual([10])
    expect(cache.record(2, 10)).toBeUndefined()
  })

  it('keeps details in small files, finds them after a restart, and loses only a damaged entry', () => {
    const dir = tempDir()
    const cache = createCallCache(confStores(dir))
    const detail = (id: number) => ({ callRecordId: id, robotCallJobId: JOB, callDetailList: [{ callDetailId: id * 10, type: 'ROBOT', text: '您好' }] }) as CallDetail
    for (let id = 640; id < 640 + 3 * DETAIL_BLOCK; id++) cache.putDetail(detail(id), 1_000)
    const files = readdirSync(dir).filter((name) => name.startsWith('cache-details-'))
    expect(files).toHaveLength(3)

    // One entry damaged by hand: the rest of its file still opens.
    const file = join(dir, files.sort()[0]!)
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { details: Record<string, unknown> }
    stored.details['641'] = { d: { callRecordId: 'not a number' }, at: 1 }
    writeFileSync(file, JSON.stringify(stored))
    const reopened = createCallCache(confStores(dir))
    expect(reopened.detail(641)).toBeNull()
    expect(reopened.detail(640)).toEqual({ detail: detail(640), fetchedAt: 1_000 })
    expect(reopened.detail(640 + 3 * DETAIL_BLOCK - 1)?.detail.callRecordId).toBe(640 + 3 * DETAIL_BLOCK - 1)
    expect(reopened.detail(9_999)).toBeNull()
    expect(statSync(file).size).toBeLessThan(10_000)
  })
})
