// `cli export` reads the app's local data (grades and cached calls) and writes the same files
// the app exports.
import ExcelJS from 'exceljs'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { createBrowserServices } from '../../scripts/lib/browser-services'
import { runCli } from '../../scripts/lib/cli-commands'
import { maskPhone } from '../../shared/phone-mask'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('cli-export')

let sim: RunningSimulator
const profileDir = tempDir()
let jobId = 0
const graded: number[] = []

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11 })
  jobId = sim.dataset.jobs[0]!.robotCallJobId
  const services = createBrowserServices({
    profileDir,
    startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }),
  })
  const page = await services.handlers.listCalls({ robotCallJobId: jobId, pageSize: 20 })
  for (const [i, call] of page.page.content.slice(0, 3).entries()) {
    await services.handlers.saveGrade({
      robotCallJobId: jobId,
      callRecordId: call.callRecordId,
      realIntentLevel: (['A', 'C', 'F'] as const)[i]!,
      note: i === 1 ? '=HYPERLINK("http://x")' : '客户说"再联系"',
    })
    graded.push(call.callRecordId)
  }
  await services.close()
})
afterAll(async () => {
  await sim.close()
})

/** Every file under a folder with its size, modification time and content hash. */
function fingerprint(dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const { size, mtimeMs } = statSync(path)
    files[path] = `${size}:${mtimeMs}:${createHash('sha256').update(readFileSync(path)).digest('hex')}`
  }
  return files
}

async function cli(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, { env: { TANYI_LANG: 'zh' }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) })
  return { code, stdout, stderr }
}

describe('cli export', () => {
  it('masks phone numbers as the reviewer’s setting does (on by default), whole with --phones full', async () => {
    const phone = sim.dataset.calls.find((call) => call.callRecordId === graded[0])!.calledPhoneNumber!
    const out = join(profileDir, 'phones.csv')
    const base = ['export', '--job', String(jobId), '--format', 'csv', '--out', out, '--profile', profileDir]
    expect((await cli(base)).code).toBe(0)
    expect(readFileSync(out, 'utf8')).toContain(maskPhone(phone))
    expect(readFileSync(out, 'utf8')).not.toContain(phone)
    expect((await cli([...base, '--phones', 'full'])).code).toBe(0)
    expect(readFileSync(out, 'utf8')).toContain(phone)
    expect((await cli([...base, '--phones', 'some'])).stderr).toContain('--phones must be masked or full')
  })

  it('writes a CSV of the task’s grades from the local data', async () => {
    const out = join(profileDir, 'out.csv')
    const result = await cli(['export', '--job', String(jobId), '--format', 'csv', '--out', out, '--profile', profileDir])
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toEqual({ out, rows: 3 })
    const text = readFileSync(out, 'utf8')
    expect(text.startsWith('\uFEFF')).toBe(true)
    const lines = text.slice(1).trim().split('\r\n')
    expect(lines).toHaveLength(4)
    for (const id of graded) expect(text).toContain(`"=""${id}"""`)
    // The task id first, in the form spreadsheets keep as text, as the app writes it.
    for (const line of lines.slice(1)) expect(line.startsWith(`"=""${jobId}""",`)).toBe(true)
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`)
    expect(text).toContain('已接听') // the call's fields joined from the cache, in Chinese
  })

  it('writes an XLSX workbook with a frozen header', async () => {
    const out = join(profileDir, 'out.xlsx')
    const result = await cli(['export', '--job', String(jobId), '--format', 'xlsx', '--out', out, '--profile', profileDir])
    expect(result.code).toBe(0)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(out)
    const sheet = workbook.worksheets[0]!
    expect(sheet.rowCount).toBe(4)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
  })

  it('reads the profile without changing a byte of it, damaged grades included', async () => {
    // A torn last line, as a crash during a save leaves it: the app repairs it, a reader must not.
    const journal = readdirSync(join(profileDir, 'reviews', 'demo', `task-${jobId}`)).find((name) => name.startsWith('journal-'))!
    const journalPath = join(profileDir, 'reviews', 'demo', `task-${jobId}`, journal)
    writeFileSync(journalPath, readFileSync(journalPath, 'utf8') + '{"s":99,"k":"g"')
    const before = fingerprint(profileDir)
    const out = join(tempDir(), 'out.csv')
    const result = await cli(['export', '--job', String(jobId), '--format', 'csv', '--out', out, '--profile', profileDir])
    expect(result.code).toBe(0)
    const answer = JSON.parse(result.stdout) as { rows: number; warnings?: string[] }
    expect(answer.rows).toBe(3)
    expect(answer.warnings?.[0]).toMatch(/只读打开，未做任何修改/)
    expect(fingerprint(profileDir)).toEqual(before)
  })

  it('refuses bad arguments with one line', async () => {
    for (const argv of [
      ['export', '--format', 'csv', '--out', 'x'],
      ['export', '--job', '1', '--format', 'pdf', '--out', 'x'],
      ['export', '--job', '1', '--format', 'csv'],
      ['export', '--job', '1', '--format', 'csv', '--out', 'x', '--profile', join(profileDir, 'missing')],
    ]) {
      const result = await cli(argv)
      expect(result.code).toBe(1)
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    }
  })
})
