// One writer per grade folder: a second process gets a clear error instead of losing grades, a
// dead writer's lock is taken over, and a reader (the CLI's export) takes no lock at all.
import { spawn } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createReviewStore } from '../../electron/main/services/review/review-store'
import { LOCK_FILE } from '../../electron/main/services/review/writer-lock'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('writer-lock')
const ROOT = resolve(import.meta.dirname, '../..')
const grade = (callRecordId: number, level: 'A' | 'B') => ({ robotCallJobId: 7, callRecordId, realIntentLevel: level, note: '' })

/** Another process that grades in `dir` and keeps running until killed. */
async function otherWriter(dir: string) {
  const script = `
    import { createReviewStore } from ${JSON.stringify(join(ROOT, 'electron/main/services/review/review-store.ts'))}
    const store = createReviewStore(${JSON.stringify(dir)})
    await store.saveGrade({ robotCallJobId: 7, callRecordId: 1, realIntentLevel: 'A', note: '' }, 'other')
    process.stdout.write('graded\\n')
    setInterval(() => {}, 1000)
  `
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  await new Promise<void>((ready, failed) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('graded') && ready())
    child.on('exit', (code) => failed(new Error(`the other writer exited with ${code}`)))
  })
  return child
}

describe('one writer per grade folder', () => {
  it('refuses a second writer with a clear error, then takes over once it is gone', async () => {
    const dir = tempDir()
    const child = await otherWriter(dir)
    const store = createReviewStore(dir)
    try {
      const refused = await store.saveGrade(grade(2, 'B'), 'me').catch((error: unknown) => error)
      expect(refused).toMatchObject({ kind: 'locked', messages: { 'zh-CN': expect.stringContaining(`进程 ${child.pid}`) } })
      // Nothing written meanwhile: the other writer's grade is all there is.
      child.kill('SIGKILL')
      await new Promise((done) => child.on('exit', done))
      // Its process is gone (a crash): the lock is taken over, not a lock-out.
      expect((await store.saveGrade(grade(2, 'B'), 'me')).realIntentLevel).toBe('B')
      expect((await store.grades(7)).map((g) => [g.callRecordId, g.realIntentLevel]).sort()).toEqual([[1, 'A'], [2, 'B']])
    } finally {
      child.kill('SIGKILL')
      await store.close()
    }
    // Closing gives the folder back.
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  }, 30_000)

  it('leaves a folder written from another computer alone', async () => {
    const dir = tempDir()
    await createReviewStore(dir).close()
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: `${hostname()}-elsewhere`, since: '2026-12-01T08:00:00Z' }))
    const store = createReviewStore(dir)
    await expect(store.saveGrade(grade(1, 'A'), 'me')).rejects.toMatchObject({ kind: 'locked', messages: { en: expect.stringContaining('another computer') } })
    await store.close()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true)
  })

  it('lets a reader read beside the writer, taking no lock', async () => {
    const dir = tempDir()
    const writer = createReviewStore(dir)
    await writer.saveGrade(grade(1, 'A'), 'me')
    const reader = createReviewStore({ dir, readOnly: true })
    expect((await reader.grades(7)).map((g) => g.realIntentLevel)).toEqual(['A'])
    await reader.close()
    // The writer still holds the folder.
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true)
    await writer.close()
  })
})
