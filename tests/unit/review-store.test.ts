import Conf from 'conf'
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compareGrades } from '../../shared/grade-comparison'
import type { GradeInput } from '../../shared/ipc/contract'
import { createReviewStore, type ReviewStoreOptions } from '../../electron/main/services/review/review-store'
import { decodeLine, encodeLine } from '../../electron/main/services/review/checksum-line'
import type { KeyValueStore, StoreFactory } from '../../electron/main/services/storage/ports'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('review-store-test')

const FIXED_NOW = new Date('2024-06-01T12:00:00.000Z')
const open = (dir: string, over: Partial<ReviewStoreOptions> = {}) =>
  createReviewStore({ dir, now: () => FIXED_NOW, ...over })

const input = (over: Partial<GradeInput> = {}): GradeInput => ({
  robotCallJobId: 7,
  callRecordId: 1001,
  realIntentLevel: 'A',
  note: 'wants a callback',
  ...over,
})

const T1 = new Date('2024-05-01T08:00:00.000Z')
const T2 = new Date('2024-05-01T09:30:00.000Z')
const T3 = new Date('2024-05-02T10:00:00.000Z')

const taskFiles = (dir: string, jobId = 7) => readdirSync(join(dir, `task-${jobId}`)).sort()
const SNAPSHOT = /^snapshot-\d+\.json$/
const JOURNAL = /^journal-\d+\.jsonl$/
const genOf = (name: string) => Number(/-(\d+)\./.exec(name)?.[1])
const notes = (count: number) => Array.from({ length: count }, (_, i) => `n${i + 1}`)

describe('review store: grades and read marks', () => {
  it('starts empty and creates nothing on reads', async () => {
    const dir = tempDir()
    const store = open(join(dir, 'reviews'))
    expect(await store.state(7)).toEqual({ grades: [], readIds: [] })
    expect(await store.allGrades()).toEqual([])
    expect(existsSync(join(dir, 'reviews'))).toBe(false)
  })

  it('saves a grade with reviewer, time and no history', async () => {
    const store = open(tempDir())
    const grade = await store.saveGrade(input(), 'Li Lei', T1)
    expect(grade).toEqual({
      robotCallJobId: 7,
      callRecordId: 1001,
      realIntentLevel: 'A',
      note: 'wants a callback',
      reviewer: 'Li Lei',
      updatedAt: '2024-05-01T08:00:00.000Z',
      history: [],
    })
    expect((await store.state(7)).grades).toEqual([grade])
  })

  it('stamps the current time by default', async () => {
    const store = open(tempDir())
    const before = Date.now()
    const at = Date.parse((await store.saveGrade(input(), 'r')).updatedAt)
    expect(at).toBeGreaterThanOrEqual(before)
    expect(at).toBeLessThanOrEqual(Date.now())
  })

  it('keeps the previous values, oldest first, on each change — across restarts', async () => {
    const dir = tempDir()
    const store = open(dir)
    await store.saveGrade(input({ realIntentLevel: 'A', note: 'first' }), 'Li Lei', T1)
    await store.saveGrade(input({ realIntentLevel: 'C', note: 'second' }), 'Han Meimei', T2)
    await store.close()
    const again = open(dir)
    const third = await again.saveGrade(input({ realIntentLevel: null, note: '' }), 'Li Lei', T3)
    expect(third.realIntentLevel).toBeNull()
    expect(third.history).toEqual([
      { realIntentLevel: 'A', note: 'first', reviewer: 'Li Lei', updatedAt: T1.toISOString() },
      { realIntentLevel: 'C', note: 'second', reviewer: 'Han Meimei', updatedAt: T2.toISOString() },
    ])
    expect((await open(dir).state(7)).grades).toEqual([third])
  })

  it('keeps calls, tasks and read marks apart; marks a call read once', async () => {
    const dir = tempDir()
    const store = open(dir)
    const a = await store.saveGrade(input({ callRecordId: 1 }), 'r', T1)
    const b = await store.saveGrade(input({ callRecordId: 2, realIntentLevel: 'F' }), 'r', T2)
    const c = await store.saveGrade(input({ robotCallJobId: 8, callRecordId: 1 }), 'r', T2)
    await store.markRead(8, 5)
    await store.markRead(8, 6)
    await store.markRead(8, 5)
    expect(await store.state(7)).toEqual({ grades: [a, b], readIds: [] })
    expect(await store.state(8)).toEqual({ grades: [c], readIds: [5, 6] })
    expect(await store.jobIds()).toEqual([7, 8])
    expect(readdirSync(dir).sort()).toEqual(['task-7', 'task-8', 'writer.lock'])
    const reopened = open(dir)
    expect(await reopened.state(8)).toEqual({ grades: [c], readIds: [5, 6] })
    expect(await reopened.allGrades()).toEqual([a, b, c])
  })

  it('answers copies: changing them changes nothing stored', async () => {
    const store = open(tempDir())
    const saved = await store.saveGrade(input(), 'r', T1)
    saved.note = 'changed'
    const state = await store.state(7)
    state.grades[0]!.history.push({ realIntentLevel: 'B', note: 'x', reviewer: 'x', updatedAt: 'x' })
    state.readIds.push(99)
    expect(await store.state(7)).toEqual({ grades: [{ ...saved, note: 'wants a callback' }], readIds: [] })
  })

  it('applies concurrent saves one after another, none lost', async () => {
    const dir = tempDir()
    const store = open(dir)
    const saves = Array.from({ length: 40 }, (_, i) => store.saveGrade(input({ note: `n${i}` }), 'r', T1))
    const results = await Promise.all(saves)
    expect(results.map((r) => r.history.length)).toEqual(results.map((_, i) => i))
    const final = (await open(dir).state(7)).grades[0]!
    expect(final.note).toBe('n39')
    expect(final.history.map((h) => h.note)).toEqual(Array.from({ length: 39 }, (_, i) => `n${i}`))
  })

  it('refuses invalid input before writing anything', async () => {
    const dir = tempDir()
    const store = open(dir)
    await expect(store.saveGrade(input({ callRecordId: 0 }), 'r', T1)).rejects.toThrow()
    await expect(store.saveGrade(input({ robotCallJobId: -1 }), 'r', T1)).rejects.toThrow()
    await expect(store.saveGrade(input({ realIntentLevel: 'Z' as 'A' }), 'r', T1)).rejects.toThrow()
    expect(await store.state(7)).toEqual({ grades: [], readIds: [] })
    expect(existsSync(join(dir, 'task-7', 'journal-0.jsonl')) ? readFileSync(join(dir, 'task-7', 'journal-0.jsonl'), 'utf8') : '').toBe('')
    const ok = await store.saveGrade(input(), 'r', T1)
    expect((await open(dir).state(7)).grades).toEqual([ok])
  })
})

describe('review store: files on disk', () => {
  it('appends one checksummed line per change to the task journal', async () => {
    const dir = tempDir()
    const store = open(dir)
    await store.saveGrade(input({ note: '第一次 "quoted"\nline' }), '李雷', T1)
    await store.markRead(7, 1001)
    expect(taskFiles(dir)).toEqual(['high-water', 'journal-0.jsonl'])
    const lines = readFileSync(join(dir, 'task-7', 'journal-0.jsonl'), 'utf8').split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[2]).toBe('')
    expect(lines[0]).toMatch(/^[0-9a-f]{8} \{/)
    expect(decodeLine(lines[0]!)).toMatchObject({ s: 1, k: 'g', c: 1001, l: 'A', n: '第一次 "quoted"\nline', r: '李雷' })
    expect(decodeLine(lines[1]!)).toEqual({ s: 2, k: 'r', c: 1001 })
  })

  it('detects a changed byte in a line', () => {
    const line = encodeLine({ a: 1, note: '好' }).trimEnd()
    expect(decodeLine(line)).toEqual({ a: 1, note: '好' })
    expect(decodeLine(line.replace('1', '2'))).toBeUndefined()
    expect(decodeLine(line.slice(0, -1))).toBeUndefined()
    expect(decodeLine('')).toBeUndefined()
  })

  it('folds the journal into a snapshot, keeping one older generation as a backup', async () => {
    const dir = tempDir()
    const store = open(dir, { compactAfterLines: 3 })
    for (let i = 1; i <= 10; i++) await store.saveGrade(input({ callRecordId: i, note: `n${i}` }), 'r', T1)
    await store.markRead(7, 3)
    await store.close()
    // 10 grades + 1 mark = 11 lines → compactions after lines 3, 6, 9: generation 3 with 2 lines.
    expect(taskFiles(dir)).toEqual(['high-water', 'journal-2.jsonl', 'journal-3.jsonl', 'snapshot-2.json', 'snapshot-3.json'])
    const state = await open(dir).state(7)
    expect(state.grades.map((a) => a.note)).toEqual(Array.from({ length: 10 }, (_, i) => `n${i + 1}`))
    expect(state.readIds).toEqual([3])
  })

  it('replays only what a snapshot does not hold when a crash interrupted a compaction', async () => {
    const dir = tempDir()
    const store = open(dir)
    for (let i = 1; i <= 4; i++) await store.saveGrade(input({ note: `n${i}` }), 'r', T1)
    await store.close()
    // As if the process stopped right after writing snapshot-1 at sequence 2, journal-0 still full.
    const partial = open(join(dir, 'copy'))
    for (let i = 1; i <= 2; i++) await partial.saveGrade(input({ note: `n${i}` }), 'r', T1)
    await partial.compact(7)
    await partial.close()
    writeFileSync(join(dir, 'task-7', 'snapshot-1.json'), readFileSync(join(dir, 'copy', 'task-7', 'snapshot-1.json')))
    const final = (await open(dir).state(7)).grades[0]!
    expect(final.note).toBe('n4')
    expect(final.history.map((h) => h.note)).toEqual(['n1', 'n2', 'n3'])
  })

  it('removes leftover temp files of an unfinished replace', async () => {
    const dir = tempDir()
    const store = open(dir)
    await store.saveGrade(input(), 'r', T1)
    await store.close()
    writeFileSync(join(dir, 'task-7', 'snapshot-1.json.123-1.tmp'), '{"half')
    expect((await open(dir).state(7)).grades).toHaveLength(1)
    expect(taskFiles(dir)).toEqual(['high-water', 'journal-0.jsonl'])
  })
})

describe('review store: damaged files', () => {
  async function graded(dir: string, count: number, options: Partial<ReviewStoreOptions> = {}) {
    const store = open(dir, options)
    for (let i = 1; i <= count; i++) await store.saveGrade(input({ callRecordId: i, note: `n${i}` }), 'r', T1)
    await store.close()
  }

  it('notices a journal cut exactly at a line boundary, says what is missing, and never reuses its numbers', async () => {
    const dir = tempDir()
    await graded(dir, 3)
    const journal = join(dir, 'task-7', 'journal-0.jsonl')
    const lines = readFileSync(journal, 'utf8').split('\n').filter(Boolean)
    writeFileSync(journal, `${lines.slice(0, 2).join('\n')}\n`)

    const store = open(dir)
    expect((await store.state(7)).grades.map((a) => a.note)).toEqual(['n1', 'n2'])
    const [recovery, ...more] = store.recoveries()
    expect(more).toEqual([])
    expect(recovery).toMatchObject({ kind: 'truncated', file: journal, recoveredCount: 2, droppedEntries: 1 })
    expect(recovery!.message['zh-CN']).toContain('比最后确认保存的记录短')
    // The next change continues after the lost one, and a reopen finds nothing amiss.
    await store.saveGrade(input({ callRecordId: 9, note: 'after' }), 'r', T2)
    await store.close()
    const again = open(dir)
    expect((await again.state(7)).grades.map((a) => a.note)).toEqual(['n1', 'n2', 'after'])
    expect(again.recoveries()).toEqual([])
    await again.close()
  })

  it('notices a journal emptied to 0 bytes', async () => {
    const dir = tempDir()
    await graded(dir, 2)
    writeFileSync(join(dir, 'task-7', 'journal-0.jsonl'), '')
    const store = open(dir)
    expect((await store.state(7)).grades).toEqual([])
    expect(store.recoveries()).toMatchObject([{ kind: 'truncated', droppedEntries: 2 }])
    await store.close()
  })

  it('recovers the good lines before a torn last line, sets the file aside and says so', async () => {
    const dir = tempDir()
    await graded(dir, 3)
    const journal = join(dir, 'task-7', 'journal-0.jsonl')
    const torn = encodeLine({ s: 4, k: 'g', c: 4, l: 'B', n: 'unfinished', r: 'r', t: T2.toISOString() }).slice(0, 30)
    appendFileSync(journal, torn)
    const before = readFileSync(journal, 'utf8')

    const store = open(dir)
    const state = await store.state(7)
    expect(state.grades.map((a) => a.note)).toEqual(['n1', 'n2', 'n3'])
    const [recovery, ...more] = store.recoveries()
    expect(more).toEqual([])
    expect(recovery).toMatchObject({
      robotCallJobId: 7,
      file: journal,
      kind: 'torn',
      recoveredCount: 3,
      droppedEntries: 1,
      at: FIXED_NOW.toISOString(),
    })
    expect(recovery!.setAsideAs).toBe(`${journal}.damaged-2024-06-01T12-00-00-000Z`)
    expect(readFileSync(recovery!.setAsideAs, 'utf8')).toBe(before)
    expect(recovery!.message.en).toContain('3 grades were recovered')
    expect(recovery!.message['zh-CN']).toContain('已恢复 3 条')
    expect(recovery!.message.en).toContain(recovery!.setAsideAs)
    // Every confirmed change is there: only the torn, unconfirmed one may be missing.
    expect(recovery!.lostChanges).toBe(0)
    expect(recovery!.message['zh-CN']).toContain('只有最后一次未确认保存的修改可能丢失')
    expect(recovery!.message.en).toContain('only the last change, which was not confirmed as saved, may be missing')
    expect(recovery!.message.en).not.toContain('could not be recovered')

    // Saving goes on cleanly in a new generation; a restart reports nothing more.
    await store.saveGrade(input({ callRecordId: 9, note: 'after' }), 'r', T3)
    await store.close()
    const again = open(dir)
    expect((await again.state(7)).grades.map((a) => a.note)).toEqual(['n1', 'n2', 'n3', 'after'])
    expect(again.recoveries()).toEqual([])
  })

  it('keeps the valid lines around a damaged one in the middle', async () => {
    const dir = tempDir()
    await graded(dir, 5)
    const journal = join(dir, 'task-7', 'journal-0.jsonl')
    const lines = readFileSync(journal, 'utf8').split('\n')
    lines[2] = lines[2]!.replace('"n3"', '"nX"')
    writeFileSync(journal, lines.join('\n'))
    const store = open(dir)
    expect((await store.state(7)).grades.map((a) => a.note)).toEqual(['n1', 'n2', 'n4', 'n5'])
    expect(store.recoveries()).toMatchObject([{ kind: 'corrupt', recoveredCount: 4, droppedEntries: 1, lostChanges: 1 }])
    expect(store.recoveries()[0]!.message.en).toContain('1 change confirmed as saved (a grade or a read mark) could not be recovered')
    expect(store.recoveries()[0]!.message['zh-CN']).toContain('有 1 条已确认保存的修改（评级或已读标记）无法恢复')
  })

  it('notices a confirmed change gone from between good lines', async () => {
    const dir = tempDir()
    await graded(dir, 5)
    const journal = join(dir, 'task-7', 'journal-0.jsonl')
    const lines = readFileSync(journal, 'utf8').split('\n')
    lines.splice(2, 1)
    writeFileSync(journal, lines.join('\n'))
    const store = open(dir)
    expect((await store.state(7)).grades.map((a) => a.note)).toEqual(['n1', 'n2', 'n4', 'n5'])
    expect(store.recoveries()).toMatchObject([{ kind: 'truncated', file: journal, lostChanges: 1 }])
    await store.close()
  })

  it('counts the confirmed changes that could not be recovered rather than blaming one unconfirmed change', async () => {
    const dir = tempDir()
    await graded(dir, 42)
    const journal = join(dir, 'task-7', 'journal-0.jsonl')
    const lines = readFileSync(journal, 'utf8').split('\n')
    // Cut in the middle of the 13th line: the file ends torn, and the 30 confirmed changes from there on are gone.
    writeFileSync(journal, `${lines.slice(0, 12).join('\n')}\n${lines[12]!.slice(0, 20)}`)
    const store = open(dir)
    expect((await store.state(7)).grades).toHaveLength(12)
    const [recovery, ...more] = store.recoveries()
    expect(more).toEqual([])
    expect(recovery).toMatchObject({ kind: 'truncated', file: journal, recoveredCount: 12, lostChanges: 30 })
    expect(recovery!.message['zh-CN']).toContain('已恢复 12 条复核结果；有 30 条已确认保存的修改（评级或已读标记）无法恢复')
    expect(recovery!.message.en).toContain('12 grades were recovered; 30 changes confirmed as saved (grades or read marks) could not be recovered')
    expect(`${recovery!.message['zh-CN']} ${recovery!.message.en}`).not.toMatch(/可能丢失|may be missing/)
    await store.close()
  })

  it('falls back to the backup generation when the newest snapshot is damaged', async () => {
    const dir = tempDir()
    await graded(dir, 8, { compactAfterLines: 3 })
    expect(taskFiles(dir)).toEqual(['high-water', 'journal-1.jsonl', 'journal-2.jsonl', 'snapshot-1.json', 'snapshot-2.json'])
    const snapshot = join(dir, 'task-7', 'snapshot-2.json')
    writeFileSync(snapshot, readFileSync(snapshot, 'utf8').slice(0, 100))
    const store = open(dir)
    expect((await store.state(7)).grades.map((a) => a.note)).toEqual(Array.from({ length: 8 }, (_, i) => `n${i + 1}`))
    const [recovery] = store.recoveries()
    expect(recovery).toMatchObject({ file: snapshot, kind: 'corrupt', recoveredCount: 8 })
    expect(existsSync(recovery!.setAsideAs)).toBe(true)
    expect(taskFiles(dir)).toContain('snapshot-3.json')
  })

  it('recovers every grade again when the state a recovery wrote is damaged in turn', async () => {
    const dir = tempDir()
    await graded(dir, 10)
    appendFileSync(join(dir, 'task-7', 'journal-0.jsonl'), 'torn')
    const first = open(dir)
    expect((await first.state(7)).grades).toHaveLength(10)
    await first.close()
    // The recovery's snapshot is now the only live file holding the grades: damage it too.
    const [snapshot] = taskFiles(dir).filter((n) => SNAPSHOT.test(n))
    writeFileSync(join(dir, 'task-7', snapshot!), 'garbage\n')
    const second = open(dir)
    expect((await second.state(7)).grades.map((a) => a.note)).toEqual(notes(10))
    expect(second.recoveries()).toMatchObject([{ kind: 'corrupt', recoveredCount: 10, lostChanges: 0 }])
    expect(second.recoveries()[0]!.message.en).toContain('every change confirmed as saved is there')
    expect(second.recoveries()[0]!.message['zh-CN']).toContain('已确认保存的修改均未丢失')
    await second.close()
  })

  it('falls back past each recovery to the older snapshot and the set-aside journal, damage after damage', async () => {
    const dir = tempDir()
    await graded(dir, 10, { compactAfterLines: 4 })
    // Snapshots after lines 4 and 8: grades 9 and 10 live only in journal-2.
    appendFileSync(join(dir, 'task-7', 'journal-2.jsonl'), 'torn')
    const store = open(dir)
    expect((await store.state(7)).grades).toHaveLength(10)
    await store.saveGrade(input({ callRecordId: 11, note: 'n11' }), 'r', T2)
    await store.close()
    for (let round = 0; round < 3; round++) {
      const newest = taskFiles(dir).filter((n) => SNAPSHOT.test(n)).sort((a, b) => genOf(b) - genOf(a))[0]!
      writeFileSync(join(dir, 'task-7', newest), 'garbage\n')
      const again = open(dir)
      expect((await again.state(7)).grades.map((a) => a.note), `round ${round}`).toEqual(notes(11))
      expect(again.recoveries()).toMatchObject([{ kind: 'corrupt', recoveredCount: 11, lostChanges: 0 }])
      await again.close()
    }
  })

  it('keeps a bounded number of files through 120 torn restarts, none that a recovery still needs', async () => {
    const dir = tempDir()
    for (let i = 1; i <= 120; i++) {
      const store = open(dir)
      await store.saveGrade(input({ callRecordId: i, note: `n${i}` }), 'r', T1)
      await store.close()
      // The app stopped while writing the next change.
      const journal = taskFiles(dir).find((n) => JOURNAL.test(n))!
      appendFileSync(join(dir, 'task-7', journal), 'torn')
    }
    const store = open(dir)
    expect((await store.state(7)).grades.map((a) => a.note)).toEqual(notes(120))
    await store.close()
    const files = taskFiles(dir)
    // Two good generations and the newest three set-aside files, besides the high-water mark.
    expect(files.filter((n) => SNAPSHOT.test(n))).toHaveLength(2)
    expect(files.filter((n) => n.includes('.damaged-'))).toHaveLength(3)
    expect(files).toHaveLength(6)
    // What was pruned was not needed: with the newest snapshot damaged, the older generation and
    // the set-aside journal still bring back every grade.
    const newest = files.filter((n) => SNAPSHOT.test(n)).sort((a, b) => genOf(b) - genOf(a))[0]!
    writeFileSync(join(dir, 'task-7', newest), 'garbage\n')
    const again = open(dir)
    expect((await again.state(7)).grades.map((a) => a.note)).toEqual(notes(120))
    expect(again.recoveries()).toMatchObject([{ lostChanges: 0 }])
    await again.close()
  })

  it('prunes at opening what a stop inside a compaction or an earlier version left behind', async () => {
    const dir = tempDir()
    await graded(dir, 12, { compactAfterLines: 3 })
    const taskDir = join(dir, 'task-7')
    const newest = taskFiles(dir).filter((n) => SNAPSHOT.test(n)).sort((a, b) => genOf(b) - genOf(a))[0]!
    // Older generations never deleted, and a pile of set-aside files from earlier damage.
    for (let g = genOf(newest) - 2; g >= 1; g--) writeFileSync(join(taskDir, `snapshot-${g}.json`), readFileSync(join(taskDir, `snapshot-${g + 1}.json`)))
    for (let i = 0; i < 6; i++) writeFileSync(join(taskDir, `snapshot-${i + 1}.json.damaged-2024-05-0${i + 1}T00-00-00-000Z`), 'x')
    const store = open(dir)
    expect((await store.state(7)).grades.map((a) => a.note)).toEqual(notes(12))
    expect(store.recoveries()).toEqual([])
    await store.close()
    expect(taskFiles(dir).filter((n) => SNAPSHOT.test(n))).toHaveLength(2)
    expect(taskFiles(dir).filter((n) => n.includes('.damaged-'))).toEqual([4, 5, 6].map((i) => `snapshot-${i}.json.damaged-2024-05-0${i}T00-00-00-000Z`))
  })

  it('says only that the last unconfirmed change may be missing when no high-water mark tells more', async () => {
    const dir = tempDir()
    await graded(dir, 3)
    // A folder of the version before the high-water mark.
    unlinkSync(join(dir, 'task-7', 'high-water'))
    appendFileSync(join(dir, 'task-7', 'journal-0.jsonl'), 'torn')
    const store = open(dir)
    expect(store.recoveries()).toEqual([])
    expect((await store.state(7)).grades).toHaveLength(3)
    expect(store.recoveries()).toMatchObject([{ kind: 'torn', lostChanges: null }])
    expect(store.recoveries()[0]!.message.en).toContain('3 grades were recovered; the last change that was not confirmed as saved may be missing')
    expect(store.recoveries()[0]!.message['zh-CN']).toContain('已恢复 3 条复核结果；最后一次未确认保存的修改可能丢失')
    await store.close()
  })

  it('recovers what the journals hold when no snapshot is readable, never crashing', async () => {
    const dir = tempDir()
    await graded(dir, 4, { compactAfterLines: 3 })
    writeFileSync(join(dir, 'task-7', 'snapshot-1.json'), '\u0000\u0000\u0000')
    const store = open(dir)
    const notes = (await store.state(7)).grades.map((a) => a.note)
    expect(notes).toEqual(['n1', 'n2', 'n3', 'n4'].filter((n) => notes.includes(n)))
    expect(notes).toContain('n4')
    expect(store.recoveries()).toHaveLength(1)
  })

  it('finds damage in every task at start with openAll, and sets each file aside only once', async () => {
    const dir = tempDir()
    await graded(dir, 2)
    const other = open(dir)
    await other.saveGrade(input({ robotCallJobId: 9 }), 'r', T1)
    await other.close()
    appendFileSync(join(dir, 'task-7', 'journal-0.jsonl'), 'garbage')
    appendFileSync(join(dir, 'task-9', 'journal-0.jsonl'), '\n')
    const store = open(dir)
    await store.openAll()
    expect(store.recoveries().map((r) => [r.robotCallJobId, r.kind])).toEqual([
      [7, 'torn'],
      [9, 'corrupt'],
    ])
    expect(readdirSync(join(dir, 'task-7')).filter((n) => n.includes('.damaged-'))).toHaveLength(1)
  })

  it('never overwrites an earlier set-aside file of the same moment', async () => {
    const dir = tempDir()
    for (let round = 0; round < 2; round++) {
      const store = open(dir)
      await store.saveGrade(input({ note: `round ${round}` }), 'r', T1)
      await store.close()
      const journal = readdirSync(join(dir, 'task-7')).find((n) => /^journal-\d+\.jsonl$/.test(n))!
      appendFileSync(join(dir, 'task-7', journal), 'torn')
      await open(dir).state(7)
    }
    const setAside = readdirSync(join(dir, 'task-7')).filter((n) => n.includes('.damaged-'))
    expect(setAside).toHaveLength(2)
    expect((await open(dir).state(7)).grades[0]!.note).toBe('round 1')
  })
})

describe('review store: the earlier version’s grades', () => {
  function openConf(dir: string, name: string): KeyValueStore {
    return new Conf<Record<string, unknown>>({ cwd: dir, configName: name, projectName: 'test' })
  }

  it('takes a folder', async () => {
    const dir = tempDir()
    const store = createReviewStore(dir)
    const saved = await store.saveGrade(input(), 'r', T1)
    await store.markRead(7, 1001)
    expect(await createReviewStore({ dir }).state(7)).toEqual({ grades: [saved], readIds: [1001] })
  })

  it('imports the grades of the earlier key-value store once, skipping damaged entries', async () => {
    const dir = tempDir()
    const legacyDir = join(dir, 'legacy')
    mkdirSync(legacyDir)
    const legacy: StoreFactory = (name) => openConf(legacyDir, name)
    const old = {
      robotCallJobId: 7,
      callRecordId: 5,
      realIntentLevel: 'B',
      note: 'old',
      reviewer: 'r',
      updatedAt: T1.toISOString(),
      history: [],
    }
    legacy('review-job-7').set('annotations', { 5: old, 6: { robotCallJobId: 'x' } })
    legacy('review-job-7').set('readIds', [5, 'two', 6])
    const store = createReviewStore({ dir: join(dir, 'reviews'), legacyStore: legacy })
    expect(await store.state(7)).toEqual({ grades: [old], readIds: [5, 6] })
    const changed = await store.saveGrade(input({ callRecordId: 5, realIntentLevel: 'C' }), 'r', T2)
    expect(changed.history).toEqual([{ realIntentLevel: 'B', note: 'old', reviewer: 'r', updatedAt: T1.toISOString() }])
    // Imported once: later changes to the old store are not read again.
    legacy('review-job-7').set('readIds', [])
    expect((await createReviewStore({ dir: join(dir, 'reviews'), legacyStore: legacy }).state(7)).readIds).toEqual([5, 6])
    expect(await createReviewStore({ dir: join(dir, 'reviews'), legacyStore: legacy }).state(8)).toEqual({
      grades: [],
      readIds: [],
    })
  })
})

describe('compareGrades', () => {
  it('says the grades differ only when both exist and are not the same', () => {
    expect(compareGrades('A', 'B')).toEqual({ differs: true, local: 'A', server: 'B' })
    expect(compareGrades('A', 'A')).toEqual({ differs: false, local: 'A', server: 'A' })
    expect(compareGrades('A', null)).toEqual({ differs: false, local: 'A', server: null })
    expect(compareGrades('A', undefined)).toEqual({ differs: false, local: 'A', server: null })
    expect(compareGrades('A', '')).toEqual({ differs: false, local: 'A', server: null })
    // No grade here yet: the server's is shown, but there is no disagreement.
    expect(compareGrades(null, 'C')).toEqual({ differs: false, local: null, server: 'C' })
    expect(compareGrades('A', 'Z')).toEqual({ differs: true, local: 'A', server: 'Z' })
  })
})
