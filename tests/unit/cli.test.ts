// The command-line companion against the simulator: JSON on stdout, one line on stderr and
// exit code 1 on any failure, never a stack trace.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { runCli } from '../../scripts/lib/cli-commands'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 5 })
})
afterAll(async () => {
  await sim.close()
})

function env(overrides: Record<string, string | undefined> = {}) {
  return {
    TANYI_BASE_URL: sim.url,
    TANYI_APP_KEY: DEMO_CREDENTIALS.appKey,
    TANYI_APP_SECRET: DEMO_CREDENTIALS.appSecret,
    TANYI_TENANT_SIGN: DEMO_CREDENTIALS.tenantSign,
    ...overrides,
  }
}

async function cli(argv: string[], environment = env()) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    env: environment,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  })
  return { code, stdout, stderr }
}

describe('cli', () => {
  it('prints a filtered page of calls as the answer’s data', async () => {
    const job = sim.dataset.jobs[0]!.robotCallJobId
    const { code, stdout, stderr } = await cli(['calls', '--job', String(job), '--status', 'ANSWERED', '--intent', 'A,B', '--size', '5', '--page', '2'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const data = JSON.parse(stdout)
    expect(data).toMatchObject({ number: 2, pageSize: 5 })
    const expected = sim.dataset.calls.filter(
      (c) => c.robotCallJobId === job && c.resultStatus === 'ANSWERED' && ['A', 'B'].includes(c.intentLevel ?? ''),
    ).length
    expect(data.totalElements).toBe(expected)
    for (const call of data.content) expect(call.resultStatus).toBe('ANSWERED')
  })

  it('prints a call’s detail and the task list', async () => {
    const id = sim.dataset.calls[3]!.callRecordId
    const detail = await cli(['detail', String(id)])
    expect(detail.code).toBe(0)
    expect(JSON.parse(detail.stdout).callRecordId).toBe(id)
    const name = sim.dataset.jobs[1]!.name
    const jobs = await cli(['jobs', '--name', name])
    expect(jobs.code).toBe(0)
    expect(JSON.parse(jobs.stdout).content.map((j: { name: string }) => j.name)).toContain(name)
  })

  it.each([
    [['calls'], /needs --job/],
    [['calls', '--job', 'x'], /--job must be a positive integer/],
    [['calls', '--job', '1', '--size', '500'], /invalid-request.*pageSize/],
    [['calls', '--job', '1', '--bogus', '1'], /unknown option --bogus/],
    [['detail'], /exactly one CALL_RECORD_ID/],
    [['frobnicate'], /unknown command/],
  ])('refuses bad arguments %j with one line', async (argv, message) => {
    const { code, stdout, stderr } = await cli(argv)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toMatch(message)
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  })

  it.each(['0', '999', '120001', '86400000', '1e4', '-5', '5000ms'])('refuses TANYI_TIMEOUT_MS=%s, outside 1,000–120,000 ms, with one line', async (timeout) => {
    const { code, stdout, stderr } = await cli(['jobs'], env({ TANYI_TIMEOUT_MS: timeout }))
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toMatch(new RegExp(`^TANYI_TIMEOUT_MS \\(milliseconds\\) must be a whole number from 1000 to 120000, got "${timeout}"`))
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  })

  it('accepts TANYI_TIMEOUT_MS at both ends of the range', async () => {
    for (const timeout of ['1000', '120000']) expect((await cli(['jobs'], env({ TANYI_TIMEOUT_MS: timeout }))).code).toBe(0)
  })

  const exportArgs = (flag: string, day: string) => ['export', '--job', '1', '--format', 'csv', '--out', '/tmp/unused.csv', '--profile', '/nonexistent-profile', flag, day]

  it.each([
    ['--from', '2024-13-45'],
    ['--to', '2024-02-30'],
    ['--from', '2023-02-29'],
    ['--to', '2024-04-31'],
    ['--from', '2024-00-10'],
    ['--from', '2024-1-5'],
  ])('refuses %s %s, a day that does not exist, with one line', async (flag, day) => {
    const { code, stdout, stderr } = await cli(exportArgs(flag, day))
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toMatch(new RegExp(`^${flag} must be a day that exists, as YYYY-MM-DD, got "${day}"`))
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
  })

  it('accepts a leap day and goes on to the profile', async () => {
    for (const day of ['2024-02-29', '2000-02-29', '2023-12-31']) {
      const { stderr } = await cli(exportArgs('--from', day))
      expect(stderr).toMatch(/^no local data at \/nonexistent-profile/)
    }
  })

  it('names the cause of each failure on one line, without the secret', async () => {
    const badSecret = await cli(['jobs'], env({ TANYI_APP_SECRET: 'wrong-secret-42' }))
    expect(badSecret.code).toBe(1)
    expect(badSecret.stderr).toMatch(/^error \[api-code\]: Authentication failed.*code 401/)
    expect(badSecret.stderr).not.toContain('wrong-secret-42')

    const chinese = await cli(['jobs'], env({ TANYI_APP_SECRET: 'nope', TANYI_LANG: 'zh' }))
    expect(chinese.stderr).toMatch(/验证失败/)

    const missing = await cli(['jobs'], env({ TANYI_APP_KEY: undefined }))
    expect(missing.stderr).toMatch(/missing environment variable\(s\): TANYI_APP_KEY/)

    sim.injectFault({ target: 'jobList', kind: 'truncated-json' })
    const truncated = await cli(['jobs'])
    expect(truncated.stderr).toMatch(/^error \[invalid-json\]/)
    sim.clearFaults()
    sim.injectFault({ target: 'jobList', kind: 'hang' })
    const timeout = await cli(['jobs'], env({ TANYI_TIMEOUT_MS: '1000' }))
    expect(timeout.stderr).toMatch(/^error \[timeout\]/)
    sim.clearFaults()
    sim.injectFault({ target: 'jobList', kind: 'http-status', status: 418 })
    const status = await cli(['jobs'])
    expect(status.stderr).toMatch(/HTTP 418/)
    sim.clearFaults()
  })

  it('runs as `npm run cli` would: a real process, exit code 1, no stack trace', async () => {
    const run = promisify(execFile)
    const ok = await run('npx', ['tsx', 'scripts/cli.ts', 'jobs'], { env: { ...process.env, ...env() } })
    expect(JSON.parse(ok.stdout).totalElements).toBe(sim.dataset.jobs.length)
    const failed = await run('npx', ['tsx', 'scripts/cli.ts', 'detail', '999999999'], { env: { ...process.env, ...env() } }).catch(
      (e: { code: number; stderr: string; stdout: string }) => e,
    )
    expect(failed).toMatchObject({ code: 1, stdout: '' })
    expect((failed as { stderr: string }).stderr).toMatch(/^error \[api-code\].*404/)
    expect((failed as { stderr: string }).stderr).not.toMatch(/\n\s+at /)
  })
})
