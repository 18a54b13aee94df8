// Search inside transcripts, in main over the cache: the calls of a task (under the list filters)
// whose cached transcript holds every word, in list order, a page at a time, with how many
// transcripts could be searched; details fetched later are found at once, and a downloaded
// task's detail files are read once, not on every search.
import { describe, expect, it } from 'vitest'
import type { CallDetail, CallRecord } from '../../shared/api-schemas'
import { transcriptSearchRequestSchema, type TranscriptSearchRequest } from '../../shared/ipc/contract'
import { createCallCache } from '../../electron/main/services/cache/call-cache'
import { createTranscriptSearch } from '../../electron/main/services/search/transcript-search'
import { confStoreReader, confStores } from '../../scripts/lib/offline-stack'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('transcript-search')
const JOB = 7001
const OTHER_JOB = 7002

const LINES = [
  ['您好，这里是信用卡中心，请问是本人吗？', '是我，什么事？', '您的额度可以提升到五万。', '不需要，谢谢。'],
  ['您好，这里是信用卡中心。', '我在开会，晚点再说。'],
  ['您好，我们有一款贷款产品。', '利息多少？', '年化百分之五。'],
  ['您好，这里是ＶＩＰ客户服务。', '额度 提升吗？'],
]

function record(id: number, n: number, jobId = JOB): CallRecord {
  return {
    callRecordId: id,
    robotCallJobId: jobId,
    resultStatus: n % 5 === 4 ? 'NO_ANSWER' : 'ANSWERED',
    intentLevel: n % 2 ? 'B' : 'A',
    // Newest first in the list: a later start for a higher n.
    startTime: `2025-11-01 10:${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`,
  }
}

function detail(id: number, n: number, jobId = JOB): CallDetail {
  const lines = n % 5 === 4 ? [] : LINES[n % 4]!
  return { ...record(id, n, jobId), callDetailList: lines.map((text, i) => ({ callDetailId: id * 100 + i, type: i % 2 ? 'PERSON' : 'ROBOT', text })) }
}

const ask = (text: string, more: Partial<TranscriptSearchRequest> = {}): TranscriptSearchRequest => ({
  robotCallJobId: JOB,
  filters: {},
  text,
  pageNum: 1,
  pageSize: 20,
  ...more,
})

/** A cache of `count` calls of JOB (ids 1000…), the details of those `withDetail` picks. */
function cacheOf(dir: string, count: number, withDetail: (n: number) => boolean) {
  const cache = createCallCache(confStores(dir))
  const records = Array.from({ length: count }, (_, n) => record(1000 + n, n))
  cache.putRecords(JOB, records)
  for (let n = 0; n < count; n++) if (withDetail(n)) cache.putDetail(detail(1000 + n, n))
  return cache
}

describe('search inside transcripts', () => {
  it('finds the calls whose transcript holds every word, newest first, with the turns and a snippet', async () => {
    const search = createTranscriptSearch(cacheOf(tempDir(), 12, () => true))
    const answer = await search.search(ask('信用卡 额度'))
    // Calls 0, 4 and 8 say the first conversation; 4 was not answered (no transcript).
    expect(answer.page.content.map((hit) => hit.call.callRecordId)).toEqual([1008, 1000])
    expect(answer.page.totalElements).toBe(2)
    const [hit] = answer.page.content
    expect(hit!.turns).toEqual([0, 2])
    expect(hit!.snippet).toMatchObject({ turn: 0, speaker: 'ROBOT', text: '您好，这里是信用卡中心，请问是本人吗？', ranges: [[6, 9]] })
    expect(answer).toMatchObject({ searched: 12, known: 12 })
  })

  it('ignores case, width, spaces and punctuation', async () => {
    const search = createTranscriptSearch(cacheOf(tempDir(), 8, () => true))
    expect((await search.search(ask('vip'))).page.content.map((hit) => hit.call.callRecordId)).toEqual([1007, 1003])
    // "额度 提升吗" is said with a space; "额度提升" finds it, and the first conversation does not hold it.
    expect((await search.search(ask('额度提升'))).page.content.map((hit) => hit.call.callRecordId)).toEqual([1007, 1003])
  })

  it('searches only the calls matching the list filters, and pages the hits', async () => {
    const search = createTranscriptSearch(cacheOf(tempDir(), 40, () => true))
    const all = await search.search(ask('您好'))
    expect(all.page.totalElements).toBe(32) // every answered call
    const onlyA = await search.search(ask('您好', { filters: { intentLevels: ['A'] } }))
    expect(onlyA.page.content.every((hit) => hit.call.intentLevel === 'A')).toBe(true)
    expect(onlyA.known).toBe(20)
    const second = await search.search(ask('您好', { pageNum: 2, pageSize: 10 }))
    expect(second.page).toMatchObject({ number: 2, pageSize: 10, pages: 4, totalElements: 32 })
    expect(second.page.content.map((hit) => hit.call.callRecordId)).toEqual(all.page.content.slice(10, 20).map((hit) => hit.call.callRecordId))
  })

  it('keeps to the calls the list’s own filters gave, in their order, and gives every hit’s id', async () => {
    const search = createTranscriptSearch(cacheOf(tempDir(), 12, () => true))
    // The page's local query (by my review, oldest first) gave these; 1011 is no A, 1099 not fetched.
    const within = [1000, 1002, 1004, 1006, 1008, 1011, 1099]
    const answer = await search.search(ask('您好', { within, filters: { intentLevels: ['A'] }, pageSize: 2 }))
    // 1004 was not answered: no transcript.
    expect(answer.ids).toEqual([1000, 1002, 1006, 1008])
    expect(answer.page.content.map((hit) => hit.call.callRecordId)).toEqual([1000, 1002])
    expect(answer).toMatchObject({ searched: 5, known: 5 })
    expect(answer.page.totalElements).toBe(4)
    const second = await search.search(ask('您好', { within, pageNum: 2, pageSize: 2 }))
    expect(second.page.content.map((hit) => hit.call.callRecordId)).toEqual([1006, 1008])
  })

  it('says how many transcripts it could search, and finds a detail fetched later at once', async () => {
    const dir = tempDir()
    const cache = cacheOf(dir, 10, (n) => n < 3)
    const search = createTranscriptSearch(cache)
    const before = await search.search(ask('信用卡'))
    expect(before).toMatchObject({ searched: 3, known: 10 })
    expect(before.page.content.map((hit) => hit.call.callRecordId)).toEqual([1001, 1000])
    // Another call's detail arrives (opened, or downloaded).
    cache.putDetail(detail(1005, 5))
    const after = await search.search(ask('信用卡'))
    expect(after).toMatchObject({ searched: 4, known: 10 })
    expect(after.page.content.map((hit) => hit.call.callRecordId)).toEqual([1005, 1001, 1000])
  })

  it('never mixes in another task’s calls', async () => {
    const cache = cacheOf(tempDir(), 4, () => true)
    cache.putRecords(OTHER_JOB, [record(9000, 0, OTHER_JOB)])
    cache.putDetail(detail(9000, 0, OTHER_JOB))
    const search = createTranscriptSearch(cache)
    expect((await search.search(ask('信用卡'))).page.content.map((hit) => hit.call.callRecordId)).toEqual([1001, 1000])
    expect((await search.search(ask('信用卡', { robotCallJobId: OTHER_JOB }))).page.content.map((hit) => hit.call.callRecordId)).toEqual([9000])
  })

  it('reads a downloaded task’s detail files once, not on every search', async () => {
    const dir = tempDir()
    cacheOf(dir, 300, () => true)
    // The app started again: the details are on disk only.
    const reader = confStoreReader(dir)
    const reads: string[] = []
    const cache = createCallCache(confStores(dir), (name) => {
      if (name.includes('cache-details-')) reads.push(name)
      return reader(name)
    })
    const search = createTranscriptSearch(cache)
    const first = await search.search(ask('贷款', { pageSize: 5 }))
    expect(first.searched).toBe(300)
    expect(first.page.totalElements).toBe(60) // n % 4 === 2, less the unanswered
    const filesRead = new Set(reads)
    // Every file once to learn the transcripts, then the files of the page's five hits.
    expect(reads.length).toBeLessThanOrEqual(filesRead.size + 5)
    reads.length = 0
    const again = await search.search(ask('利息', { pageSize: 5 }))
    expect(again.page.totalElements).toBe(60)
    expect(reads.length).toBeLessThanOrEqual(5)
  })
})

describe('the request', () => {
  it('is refused with nothing to look for', () => {
    expect(transcriptSearchRequestSchema.safeParse(ask('  ，。')).success).toBe(false)
    expect(transcriptSearchRequestSchema.safeParse(ask('')).success).toBe(false)
    expect(transcriptSearchRequestSchema.safeParse(ask('额度')).success).toBe(true)
    expect(transcriptSearchRequestSchema.safeParse({ ...ask('额度'), pageSize: 1000 }).success).toBe(false)
  })
})
