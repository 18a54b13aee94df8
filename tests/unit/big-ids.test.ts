// Ids beyond 2^53 (Number.MAX_SAFE_INTEGER) kept exact end to end. JSON.parse reads
// 9007199254740993 as 9007199254740992: a grade for one call would land on the other. The
// simulator's bigIds task holds both, so anything that rounds makes two calls one.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiClient } from '../../electron/main/services/api'
import { parseMediaPath, mediaPath } from '../../electron/main/services/audio'
import { createCallCache, detailStoreName } from '../../electron/main/services/cache/call-cache'
import { decodeLine } from '../../electron/main/services/review/checksum-line'
import { createReviewStore } from '../../electron/main/services/review'
import { BIG_ID_CALLS, BIG_ID_JOB } from '../../electron/simulator'
import { createBrowserServices, confStores } from '../../scripts/lib/browser-services'
import { runCli } from '../../scripts/lib/cli-commands'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import type { CallDetail, CallPage } from '../../shared/api-schemas'
import { parseJsonExact, stringifyJsonExact } from '../../shared/exact-json'
import { compareIds, idBlock, idSchema, parseIdText, toId } from '../../shared/ids'
import { CHANNELS, type ExportFile, type Grade, type ReviewState } from '../../shared/ipc/contract'
import { readXlsxCells } from '../support/office-files'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('big-ids')

/** The call the tests grade, and the call a double turns it into. */
const BIG = '9007199254740993'
const ROUNDED = '9007199254740992'
/** An id as the CSV writes it: a text cell, ="…" quoted (export/csv.ts). */
const csvId = (id: string) => `"=""${id}"""`

describe('ids: one form each', () => {
  it('keeps a safe integer a number and a longer one its exact digits', () => {
    expect(toId(4_870_001)).toBe(4_870_001)
    expect(toId('4870001')).toBe(4_870_001)
    expect(toId('0004870001')).toBe(4_870_001)
    expect(toId(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER)
    expect(toId(BIG)).toBe(BIG)
    expect(toId(ROUNDED)).toBe(ROUNDED)
    expect(toId('18446744073709551615')).toBe('18446744073709551615')
    // A number beyond the safe range has lost its digits already: refused, never guessed.
    expect(toId(Number(BIG))).toBeUndefined()
    expect(toId(1.5)).toBeUndefined()
    expect(toId('1e3')).toBeUndefined()
    expect(toId('9'.repeat(40))).toBeUndefined()
    expect(parseIdText(` ${BIG} `)).toBe(BIG)
    expect(parseIdText('0')).toBeUndefined()
    expect(parseIdText('-5')).toBeUndefined()
    expect(idSchema.parse(BIG)).toBe(BIG)
    expect(idSchema.parse('12')).toBe(12)
    expect(idSchema.safeParse(Number(BIG)).success).toBe(false)
    expect(idSchema.safeParse(0).success).toBe(false)
  })

  it('orders and blocks ids by their value, the safe ones as before', () => {
    const ids = ['9007199254740995', 9_007_199_254_740_991, BIG, '10000000000000000000', ROUNDED, 7]
    expect([...ids].sort(compareIds)).toEqual([7, 9_007_199_254_740_991, ROUNDED, BIG, '9007199254740995', '10000000000000000000'])
    // A cached call's file: a safe id's is what it always was, so existing caches stay found.
    expect(idBlock(4_870_033, 32)).toBe(Math.floor(4_870_033 / 32))
    expect(detailStoreName(4_870_033)).toBe('cache-details-152188')
    expect(idBlock('9007199254741023', 32)).toBe(281474976710656)
    expect(idBlock('9007199254741024', 32)).toBe(281474976710657)
    expect(idBlock('18446744073709551615', 1)).toBe('18446744073709551615')
  })
})

describe('exact JSON', () => {
  it('reads integers beyond the safe range as their digits, everything else as JSON.parse does', () => {
    const text = `{"callRecordId":${BIG},"list":[${ROUNDED}, -${BIG},1.5,12,1e400,1234567890123456.5],"text":"${BIG} \\"${BIG}\\"","n":null,"t":true}`
    expect(parseJsonExact(text)).toEqual({
      callRecordId: BIG,
      list: [ROUNDED, `-${BIG}`, 1.5, 12, Infinity, 1234567890123456.5],
      text: `${BIG} "${BIG}"`,
      n: null,
      t: true,
    })
    expect(parseJsonExact(BIG)).toBe(BIG)
    // Rounding is what this guards against: JSON.parse alone makes the two ids one.
    expect(JSON.parse(`[${BIG},${ROUNDED}]`)).toEqual([Number(ROUNDED), Number(ROUNDED)])
    for (const sample of ['{"a":[1,2,{"b":"c\\u0041"}],"d":-0.5e-3}', '[]', '"x"', ' 42 ', '{"k":"12345678901234567"}']) {
      expect(parseJsonExact(sample)).toEqual(JSON.parse(sample))
    }
  })

  it('leaves text that is not JSON not JSON', () => {
    for (const broken of [`{${BIG}:1}`, `{"a":1,${BIG}:2}`, `[${BIG}`, `[0${BIG}]`, `{"a":${BIG}x}`, `["a"${BIG}]`]) {
      expect(() => parseJsonExact(broken), broken).toThrow(SyntaxError)
    }
  })

  it('writes id fields held as digits as bare numbers, other strings as strings', () => {
    const value = { robotCallJobId: BIG_ID_JOB, nested: [{ callRecordId: BIG, callDetailId: 5 }], searchWords: BIG, note: `"callRecordId":"${BIG}"` }
    const json = stringifyJsonExact(value)
    expect(json).toBe(
      `{"robotCallJobId":${BIG_ID_JOB},"nested":[{"callRecordId":${BIG},"callDetailId":5}],"searchWords":"${BIG}","note":"\\"callRecordId\\":\\"${BIG}\\""}`,
    )
    expect(parseJsonExact(json)).toEqual(value)
    expect(stringifyJsonExact({ callRecordId: BIG }, 2)).toBe(`{\n  "callRecordId": ${BIG}\n}`)
  })
})

describe('ids beyond 2^53 through the client, the services, the cache, the journal, the exports and the CLI', () => {
  let sim: RunningSimulator
  const client = () => createApiClient({ baseUrl: sim.url, credentials: DEMO_CREDENTIALS, fetch: recordingFetch })
  const sentBodies: string[] = []
  const recordingFetch = (url: string, init: RequestInit) => {
    if (typeof init.body === 'string') sentBodies.push(init.body)
    return fetch(url, init)
  }

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 3, bigIds: true })
  })
  afterAll(async () => {
    await sim.close()
  })

  it('the simulator answers the long ids as bare JSON numbers', async () => {
    const detail = await fetch(`${sim.url}/apiOpen/v1/callRecord/callDetail?callRecordId=${BIG}`, { headers: await signed() })
    const text = await detail.text()
    expect(text).toContain(`"callRecordId":${BIG},`)
    expect(text).toContain(`"robotCallJobId":${BIG_ID_JOB},`)
    expect(text).not.toContain(`"${BIG}"`)
  })

  it('a list page and a detail keep the exact ids; the request carries the task id as a bare number', async () => {
    const page = await client().listCalls({ robotCallJobId: BIG_ID_JOB, pageSize: 100 })
    expect(page.totalElements).toBe(BIG_ID_CALLS.length)
    expect([...page.content.map((c) => c.callRecordId)].sort(compareIds)).toEqual([...BIG_ID_CALLS])
    for (const call of page.content) expect(call.robotCallJobId).toBe(BIG_ID_JOB)
    expect(sentBodies.at(-1)).toContain(`"robotCallJobId":${BIG_ID_JOB}`)

    const big = await client().getCallDetail({ callRecordId: BIG })
    const rounded = await client().getCallDetail({ callRecordId: ROUNDED })
    expect(big.callRecordId).toBe(BIG)
    expect(rounded.callRecordId).toBe(ROUNDED)
    expect(big.calledPhoneNumber).not.toBe(rounded.calledPhoneNumber)
    const expected = sim.dataset.calls.find((c) => c.callRecordId === BIG)!
    expect(big.calledPhoneNumber).toBe(expected.calledPhoneNumber)
    expect(big.callDetailList?.map((u) => u.callDetailId)).toEqual(expected.callDetailList.map((u) => u.callDetailId))
    expect(typeof big.callDetailList?.[0]?.callDetailId).toBe('string')

    // The newer callRecordId filter: sent as a number, matched exactly by the server.
    const one = await client().listCalls({ robotCallJobId: BIG_ID_JOB, callRecordId: BIG })
    expect(sentBodies.at(-1)).toContain(`"callRecordId":${BIG}`)
    expect(one.content.map((c) => c.callRecordId)).toEqual([BIG])

    // The search box's keyword: a long run of digits (or #id) asks the exact id, never the rounded one.
    for (const searchWords of [BIG, `#${BIG}`]) {
      const found = await client().listCalls({ robotCallJobId: BIG_ID_JOB, searchWords })
      expect(sentBodies.at(-1)).toContain(`"callRecordId":${BIG}`)
      expect(found.content.map((c) => c.callRecordId)).toEqual([BIG])
    }
    const byRounded = await client().listCalls({ robotCallJobId: BIG_ID_JOB, searchWords: ROUNDED })
    expect(byRounded.content.map((c) => c.callRecordId)).toEqual([ROUNDED])
  })

  it('the cache stores and answers them, across a reopen, and filters by them offline', async () => {
    const dir = tempDir()
    const page = await client().listCalls({ robotCallJobId: BIG_ID_JOB, pageSize: 100 })
    const details = await Promise.all([BIG, ROUNDED].map((id) => client().getCallDetail({ callRecordId: id })))
    const first = createCallCache(confStores(dir))
    first.putRecords(BIG_ID_JOB, page.content)
    for (const detail of details) first.putDetail(detail)

    const cache = createCallCache(confStores(dir))
    await cache.load(BIG_ID_JOB)
    const all = cache.query({ robotCallJobId: BIG_ID_JOB, pageSize: 100 })!
    expect(all.page.content.map((c) => c.callRecordId)).toEqual(page.content.map((c) => c.callRecordId))
    expect(cache.detail(BIG)?.detail.calledPhoneNumber).toBe(details[0]!.calledPhoneNumber)
    expect(cache.detail(ROUNDED)?.detail.calledPhoneNumber).toBe(details[1]!.calledPhoneNumber)
    expect(cache.detail('9007199254740994')).toBeNull()
    expect(cache.query({ robotCallJobId: BIG_ID_JOB, callRecordId: BIG })!.page.content.map((c) => c.callRecordId)).toEqual([BIG])
    expect(cache.query({ robotCallJobId: BIG_ID_JOB, searchWords: BIG })!.page.content.map((c) => c.callRecordId)).toEqual([BIG])
    expect(cache.matchingIds({ robotCallJobId: BIG_ID_JOB, searchWords: ROUNDED })).toEqual([ROUNDED])
    expect(cache.matchingIds({ robotCallJobId: BIG_ID_JOB, searchWords: `#${BIG}` })).toEqual([BIG])
    // Written as digits: the store's file holds the id whole.
    expect(readFileSync(join(dir, `${detailStoreName(BIG)}.json`), 'utf8')).toContain(`"${BIG}"`)
  })

  it('two grades, for the id and for its rounded neighbour, stay two across a restart and a compaction', async () => {
    const dir = tempDir()
    const store = createReviewStore(dir)
    await store.saveGrade({ robotCallJobId: BIG_ID_JOB, callRecordId: BIG, realIntentLevel: 'A', note: '993' }, 'r')
    await store.saveGrade({ robotCallJobId: BIG_ID_JOB, callRecordId: ROUNDED, realIntentLevel: 'F', note: '992' }, 'r')
    await store.markRead(BIG_ID_JOB, BIG)
    await store.close()

    const gradesOf = async (s: ReturnType<typeof createReviewStore>) =>
      Object.fromEntries((await s.grades(BIG_ID_JOB)).map((g) => [g.callRecordId, [g.realIntentLevel, g.note, g.robotCallJobId]]))
    const reopened = createReviewStore(dir)
    expect(await gradesOf(reopened)).toEqual({ [BIG]: ['A', '993', BIG_ID_JOB], [ROUNDED]: ['F', '992', BIG_ID_JOB] })
    expect((await reopened.state(BIG_ID_JOB)).readIds).toEqual([BIG])
    expect(await reopened.jobIds()).toEqual([BIG_ID_JOB])
    await reopened.compact(BIG_ID_JOB)
    await reopened.close()
    const compacted = createReviewStore(dir)
    expect(await gradesOf(compacted)).toEqual({ [BIG]: ['A', '993', BIG_ID_JOB], [ROUNDED]: ['F', '992', BIG_ID_JOB] })
    await compacted.close()
  })

  it('a journal line with a bare long id (another tool wrote it) is read exactly', () => {
    const json = `{"s":1,"k":"r","c":${BIG}}`
    const line = `${crc32(json).toString(16).padStart(8, '0')} ${json}`
    expect(decodeLine(line)).toEqual({ s: 1, k: 'r', c: BIG })
  })

  describe('through the app’s services, as the page calls them (JSON over the test bridge)', () => {
    const profileDir = tempDir()
    const start = () =>
      createBrowserServices({ profileDir, startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }) })
    let services = start()
    /** One request as the browser bridge sends it: JSON both ways. */
    async function call<T>(method: keyof typeof CHANNELS, payload?: unknown): Promise<T> {
      const result = await services.dispatch(CHANNELS[method], payload === undefined ? undefined : JSON.parse(JSON.stringify(payload)))
      const answer = JSON.parse(JSON.stringify(result)) as { ok: boolean; value?: T; error?: unknown }
      if (!answer.ok) throw new Error(JSON.stringify(answer.error))
      return answer.value as T
    }
    afterAll(() => services.close())

    it('lists, opens, grades (both neighbours), restarts, exports and finds the calls offline', async () => {
      const list = await call<{ page: CallPage }>('listCalls', { robotCallJobId: BIG_ID_JOB, pageSize: 100 })
      expect(list.page.content.map((c) => c.callRecordId).sort(compareIds)).toEqual([...BIG_ID_CALLS])
      const detail = await call<CallDetail>('getCallDetail', { callRecordId: BIG })
      expect(detail.callRecordId).toBe(BIG)

      await call<Grade>('saveGrade', { robotCallJobId: BIG_ID_JOB, callRecordId: BIG, realIntentLevel: 'B', note: 'big' })
      await call<Grade>('saveGrade', { robotCallJobId: BIG_ID_JOB, callRecordId: ROUNDED, realIntentLevel: 'E', note: 'rounded' })
      await call('markRead', { robotCallJobId: BIG_ID_JOB, callRecordId: BIG })
      await call('saveWorkspaceState', { lastJobId: BIG_ID_JOB, filters: {}, pageSize: 20 })

      // A turn of the long call moved by hand: its long callDetailId keys the correction.
      const turn = detail.callDetailList![1]!
      const corrected = await call<{ callRecordId: unknown; turns: { callDetailId: unknown; corrected: boolean }[] }>('correctTurnStart', {
        callRecordId: BIG,
        callDetailId: turn.callDetailId,
        start: 1.5,
      })
      expect(corrected.callRecordId).toBe(BIG)
      expect(corrected.turns.find((t) => t.callDetailId === turn.callDetailId)?.corrected).toBe(true)
      expect(corrected.turns.filter((t) => t.corrected)).toHaveLength(1)

      // The recording is served under the exact id.
      const audio = await call<{ src: string }>('prepareAudio', { callRecordId: BIG, track: 'full' })
      expect(audio.src).toBe(`/media${mediaPath(BIG, 'full')}`)
      expect(parseMediaPath(audio.src.slice('/media'.length))).toEqual({ callRecordId: BIG, track: 'full' })

      await services.close()
      services = start()
      const review = await call<ReviewState>('getReviewState', { robotCallJobId: BIG_ID_JOB })
      expect(Object.fromEntries(review.grades.map((g) => [g.callRecordId, g.realIntentLevel]))).toEqual({ [BIG]: 'B', [ROUNDED]: 'E' })
      expect(review.readIds).toEqual([BIG])
      expect((await call<{ lastJobId: unknown }>('getWorkspaceState')).lastJobId).toBe(BIG_ID_JOB)

      const csv = await call<ExportFile>('exportGrades', { robotCallJobId: BIG_ID_JOB, format: 'csv', language: 'en' })
      const text = Buffer.from(csv.base64, 'base64').toString('utf8')
      expect(csv.rowCount).toBe(2)
      const lines = text.split('\r\n')
      expect(lines.filter((line) => line.startsWith(`${csvId(BIG_ID_JOB)},`))).toHaveLength(2)
      expect(lines.some((line) => line.includes(`,${csvId(BIG)},`) && line.includes(',B,big,'))).toBe(true)
      expect(lines.some((line) => line.includes(`,${csvId(ROUNDED)},`) && line.includes(',E,rounded,'))).toBe(true)
      expect(csv.fileName).toContain(BIG_ID_JOB)

      const xlsx = await call<ExportFile>('exportGrades', { robotCallJobId: BIG_ID_JOB, format: 'xlsx', language: 'en' })
      const path = join(tempDir(), 'grades.xlsx')
      writeFileSync(path, Buffer.from(xlsx.base64, 'base64'))
      const cells = readXlsxCells(path)
      const column = (letter: string) => [2, 3].map((row) => cells.get(`${letter}${row}`))
      expect(column('A').map((c) => c?.value)).toEqual([BIG_ID_JOB, BIG_ID_JOB])
      expect(column('C').map((c) => c?.value).sort()).toEqual([ROUNDED, BIG])
      for (const cell of [...column('A'), ...column('C')]) expect(cell?.type).not.toBe('n')

      // The task in the picker and its figures, under its exact id.
      const jobs = await call<{ content: { robotCallJobId: unknown }[] }>('listJobs', { pageSize: 100 })
      expect(jobs.content.map((j) => j.robotCallJobId)).toContain(BIG_ID_JOB)
      const figures = await call<{ robotCallJobId: unknown; detail: { robotCallJob: { robotCallJobId: unknown } } }>('getJobFigures', { robotCallJobId: BIG_ID_JOB })
      expect([figures.robotCallJobId, figures.detail.robotCallJob.robotCallJobId]).toEqual([BIG_ID_JOB, BIG_ID_JOB])

      // Downloaded for offline use: every call's detail, recordings and timings, under its own id.
      await call('startDownload', { robotCallJobId: BIG_ID_JOB })
      let status: { state: string; calls: { done: number }; failures: unknown[]; robotCallJobId: unknown } | undefined
      await expect
        .poll(async () => (status = await call<NonNullable<typeof status>>('getDownloadStatus', { robotCallJobId: BIG_ID_JOB })).state, { timeout: 30_000 })
        .toBe('done')
      expect(status).toMatchObject({ robotCallJobId: BIG_ID_JOB, calls: { done: BIG_ID_CALLS.length }, failures: [] })

      // Offline: the same calls, found by their exact ids.
      await call('updateSettings', { workOffline: true })
      for (const id of BIG_ID_CALLS) expect((await call<CallDetail>('getCallDetail', { callRecordId: id })).callRecordId).toBe(id)
      const offline = await call<{ page: CallPage; source: string }>('listCalls', { robotCallJobId: BIG_ID_JOB, callRecordId: BIG })
      expect(offline.source).toBe('cache')
      expect(offline.page.content.map((c) => c.callRecordId)).toEqual([BIG])
      const searched = await call<{ page: CallPage }>('listCalls', { robotCallJobId: BIG_ID_JOB, searchWords: ROUNDED })
      expect(searched.page.content.map((c) => c.callRecordId)).toEqual([ROUNDED])
      expect((await call<CallDetail>('getCallDetail', { callRecordId: BIG })).calledPhoneNumber).toBe(detail.calledPhoneNumber)
      expect(await call<{ graded: number }>('getFilterProgress', { robotCallJobId: BIG_ID_JOB, filters: { callRecordId: BIG } })).toEqual({ graded: 1 })
      await call('updateSettings', { workOffline: false })
    })

    it('refuses an id the page already rounded (a number beyond the safe range)', async () => {
      await expect(call('saveGrade', { robotCallJobId: BIG_ID_JOB, callRecordId: Number(BIG), realIntentLevel: 'A', note: '' })).rejects.toThrow(
        /callRecordId|通话编号/,
      )
    })
  })

  describe('the command line', () => {
    const env = () => ({
      TANYI_BASE_URL: sim.url,
      TANYI_APP_KEY: DEMO_CREDENTIALS.appKey,
      TANYI_APP_SECRET: DEMO_CREDENTIALS.appSecret,
      TANYI_TENANT_SIGN: DEMO_CREDENTIALS.tenantSign,
    })
    async function cli(argv: string[], environment: Record<string, string> = env()) {
      let stdout = ''
      let stderr = ''
      const code = await runCli(argv, { env: environment, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) })
      return { code, stdout, stderr }
    }

    it('cli detail and cli calls --job take and print the exact ids, as bare numbers', async () => {
      const detail = await cli(['detail', BIG])
      expect(detail.stderr).toBe('')
      expect(detail.stdout).toContain(`"callRecordId": ${BIG},`)
      expect((parseJsonExact(detail.stdout) as { callRecordId: unknown }).callRecordId).toBe(BIG)

      const calls = await cli(['calls', '--job', BIG_ID_JOB, '--size', '100'])
      expect(calls.stderr).toBe('')
      const page = parseJsonExact(calls.stdout) as { content: { callRecordId: unknown }[] }
      expect(page.content.map((c) => c.callRecordId).sort((a, b) => compareIds(a as string, b as string))).toEqual([...BIG_ID_CALLS])
      expect((await cli(['job', BIG_ID_JOB])).stdout).toContain(`"robotCallJobId": ${BIG_ID_JOB},`)
      expect((await cli(['calls', '--job', `${BIG}x`])).stderr).toMatch(/--job must be a positive integer/)
    })

    it('cli export --job writes the exact ids of the local grades', async () => {
      const profileDir = tempDir()
      const services = createBrowserServices({ profileDir, startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }) })
      await services.handlers.listCalls({ robotCallJobId: BIG_ID_JOB, pageSize: 100 })
      await services.handlers.saveGrade({ robotCallJobId: BIG_ID_JOB, callRecordId: BIG, realIntentLevel: 'C', note: '' })
      await services.handlers.saveGrade({ robotCallJobId: BIG_ID_JOB, callRecordId: ROUNDED, realIntentLevel: 'D', note: '' })
      await services.close()
      const out = join(profileDir, 'big.csv')
      const result = await cli(['export', '--job', BIG_ID_JOB, '--format', 'csv', '--out', out, '--profile', profileDir], { TANYI_LANG: 'en' })
      expect(result.stderr).toBe('')
      const rows = readFileSync(out, 'utf8').split('\r\n').filter((line) => line.includes(BIG_ID_JOB))
      expect(rows).toHaveLength(2)
      expect(rows.some((row) => row.includes(csvId(BIG)) && row.includes(',C,'))).toBe(true)
      expect(rows.some((row) => row.includes(csvId(ROUNDED)) && row.includes(',D,'))).toBe(true)
    })
  })

  /** The simulator's signed headers for a raw request. */
  async function signed(): Promise<Record<string, string>> {
    const { signedHeaders } = await import('../../electron/main/services/api/signature')
    return signedHeaders(DEMO_CREDENTIALS, Date.now())
  }
})
