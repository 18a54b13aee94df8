// Kills a process that is saving grades at random moments, many times over, and proves that
// every grade whose save had resolved is still there with the value it was saved with.
import { build } from 'esbuild'
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createReviewStore } from '../../electron/main/services/review/review-store'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('grade-crash')

const CHILD = join(import.meta.dirname, 'fixtures', 'grade-crash-child.ts')
const KILLS = 40

interface LogEvent {
  ev: 'try' | 'ack'
  job: number
  call: number
  level: string | null
  note: string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// The TypeScript child bundled once: the tsx loader takes over a second to start a process,
// a bundle a tenth of that, which is what lets the test kill it this many times.
async function bundleChild(dir: string): Promise<string> {
  const outfile = join(dir, 'crash-child.mjs')
  await build({ entryPoints: [CHILD], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' })
  return outfile
}

/** Runs the child and SIGKILLs it: some runs while it starts (and recovers), most while saving. */
async function runAndKill(childScript: string, dir: string, logPath: string, run: number): Promise<void> {
  const child = spawn(process.execPath, [childScript, dir, logPath, String(run)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()))
  if (run % 5 === 0) await sleep(30 + Math.random() * 150)
  else {
    await Promise.race([ready, exited])
    await sleep(Math.random() * 120)
  }
  child.kill('SIGKILL')
  const code = await exited
  // The child never stops on its own: an exit code means it failed rather than being killed.
  if (code !== null) throw new Error(`child ${run} exited with ${code}: ${stderr}`)
}

function parseLog(text: string): LogEvent[] {
  const lines = text.split('\n')
  lines.pop()
  return lines.map((line) => JSON.parse(line) as LogEvent)
}

describe('review store under SIGKILL', () => {
  it(`keeps every acknowledged grade through ${KILLS} kills`, { timeout: 60_000 }, async () => {
    const dir = tempDir()
    const storeDir = join(dir, 'store')
    const logPath = join(dir, 'log.jsonl')
    const childScript = await bundleChild(dir)
    for (let run = 0; run < KILLS; run++) await runAndKill(childScript, storeDir, logPath, run)

    const events = parseLog(readFileSync(logPath, 'utf8'))
    const acks = events.filter((e) => e.ev === 'ack')
    expect(acks.length).toBeGreaterThan(100)

    const store = createReviewStore({ dir: storeDir })
    await store.openAll()
    const stored = new Map((await store.allGrades()).map((a) => [`${a.robotCallJobId}/${a.callRecordId}`, a]))
    const tried = new Map(events.filter((e) => e.ev === 'try').map((e) => [e.note, e]))

    const calls = new Set(acks.map((e) => `${e.job}/${e.call}`))
    for (const key of calls) {
      const grade = stored.get(key)
      expect(grade, key).toBeDefined()
      const values = [...grade!.history, grade!]
      // Every stored value is one that was tried for this call, with the level it was tried with.
      for (const value of values) {
        const attempt = tried.get(value.note)
        expect(attempt, value.note).toBeDefined()
        expect(`${attempt!.job}/${attempt!.call}`).toBe(key)
        expect(value.realIntentLevel).toBe(attempt!.level)
      }
      // Every acknowledged grade is there, in the order it was made.
      const notes = values.map((v) => v.note)
      let from = 0
      for (const ack of acks.filter((e) => `${e.job}/${e.call}` === key)) {
        const at = notes.indexOf(ack.note, from)
        expect(at, `acknowledged ${ack.note} missing from ${key}`).toBeGreaterThanOrEqual(from)
        from = at + 1
      }
    }
    await store.close()
    // However the kills fell (inside compactions and recoveries too), an opened task folder keeps
    // two generations and at most the newest three set-aside files.
    for (const task of readdirSync(storeDir).filter((n) => n.startsWith('task-'))) {
      const files = readdirSync(join(storeDir, task))
      expect(files.filter((n) => /^snapshot-\d+\.json$/.test(n)).length, files.join(' ')).toBeLessThanOrEqual(2)
      expect(files.filter((n) => n.includes('.damaged-')).length, files.join(' ')).toBeLessThanOrEqual(3)
    }
  })
})
