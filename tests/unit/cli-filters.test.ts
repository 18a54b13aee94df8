// The command line's list filters against the simulator: every documented value goes through,
// the keyword goes to the field the platform documents for it (and to the seed's searchWords),
// and an answer that plainly ignores the keyword is said so, not printed as the result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CREDENTIALS, startSimulator, type RunningSimulator } from '../../scripts/lib/simulator'
import { runCli } from '../../scripts/lib/cli-commands'
import { LIST_RESPONSE_EXAMPLE } from '../support/documented-api'

let sim: RunningSimulator
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 5 })
})
afterAll(async () => {
  await sim.close()
})

const env = () => ({
  TANYI_BASE_URL: sim.url,
  TANYI_APP_KEY: DEMO_CREDENTIALS.appKey,
  TANYI_APP_SECRET: DEMO_CREDENTIALS.appSecret,
  TANYI_TENANT_SIGN: DEMO_CREDENTIALS.tenantSign,
})

async function cli(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, { env: env(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) })
  return { code, stdout, stderr }
}

describe('cli filters', () => {
  it('lists tasks by each of the four statuses the docs added', async () => {
    for (const status of ['SYSTEM_HANG_UP', 'WAITING_FOR_REDIAL', 'ACCOUNT_DISABLE', 'MAINTAIN']) {
      const { code, stdout, stderr } = await cli(['jobs', '--status', status])
      expect(stderr, status).toBe('')
      expect(code).toBe(0)
      expect(JSON.parse(stdout).totalElements).toBe(0)
    }
  })
})

describe('cli hangupBy', () => {
  it('filters by the documented REMOTE_HANGUP, and by any other value as it is', async () => {
    const job = sim.dataset.jobs[0]!.robotCallJobId
    const calls = sim.dataset.calls.filter((c) => c.robotCallJobId === job)
    for (const value of ['REMOTE_HANGUP', 'LOCAL_HANGUP', 'NOT_A_KNOWN_VALUE']) {
      const { code, stdout, stderr } = await cli(['calls', '--job', String(job), '--hangup-by', value])
      expect(stderr, value).toBe('')
      expect(code).toBe(0)
      expect(JSON.parse(stdout).totalElements, value).toBe(calls.filter((c) => c.hangupBy === value).length)
    }
  })
})

describe('cli latest call per number', () => {
  it('--last-call lists the latest call of each number; --redial applies only with it', async () => {
    const job = sim.dataset.jobs[0]!.robotCallJobId
    const calls = sim.dataset.calls.filter((c) => c.robotCallJobId === job)
    const tasks = new Set(calls.map((c) => c.robotCallTaskId))
    const total = async (argv: string[]) => {
      const { code, stdout, stderr } = await cli(['calls', '--job', String(job), ...argv])
      expect(stderr, argv.join(' ')).toBe('')
      expect(code).toBe(0)
      return JSON.parse(stdout).totalElements as number
    }
    expect(await total(['--last-call'])).toBe(tasks.size)
    // A set-aside filter does not narrow it.
    expect(await total(['--last-call', '--hangup-by', 'NOBODY'])).toBe(tasks.size)
    const redialled = await total(['--last-call', '--redial', '1'])
    expect(redialled).toBeGreaterThan(0)
    expect(redialled).toBeLessThan(tasks.size)
    expect(await total(['--redial', '1'])).toBe(calls.length)
    const bad = await cli(['calls', '--job', String(job), '--redial', 'x'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/--redial must be a whole number from 0 to 1000/)
  })
})

describe('cli --search', () => {
  it('finds a number, a record id and a name on a server of either revision', async () => {
    const seed = await startSimulator({ port: 0, seed: 5, apiRevision: 'seed' })
    try {
      const job = sim.dataset.jobs[0]!.robotCallJobId
      const calls = sim.dataset.calls.filter((c) => c.robotCallJobId === job)
      const sample = calls[3]!
      const name = sim.dataset.customers.find((p) => p.customerPersonId === sample.customerPersonId)!.name
      for (const server of [sim, seed]) {
        for (const typed of [sample.calledPhoneNumber, `#${sample.callRecordId}`, name]) {
          let stdout = ''
          let stderr = ''
          const code = await runCli(['calls', '--job', String(job), '--search', typed, '--size', '100'], {
            env: { ...env(), TANYI_BASE_URL: server.url },
            stdout: (t) => (stdout += t),
            stderr: (t) => (stderr += t),
          })
          expect(stderr, `${server.apiRevision} ${typed}`).toBe('')
          expect(code).toBe(0)
          const ids = (JSON.parse(stdout) as { content: { callRecordId: number }[] }).content.map((c) => c.callRecordId)
          expect(ids, `${server.apiRevision} ${typed}`).toContain(sample.callRecordId)
          expect(ids.length).toBeLessThan(calls.length)
        }
      }
    } finally {
      await seed.close()
    }
  })

  it('says so on one line, printing no calls, when the server plainly ignored the keyword', async () => {
    sim.injectFault({ target: 'callList', kind: 'answer', body: JSON.parse(LIST_RESPONSE_EXAMPLE) })
    try {
      const { code, stdout, stderr } = await cli(['calls', '--job', '50', '--search', '#145213'])
      expect(code).toBe(1)
      expect(stdout).toBe('')
      expect(stderr).toMatch(/^error \[search-ignored\]: The server did not filter by the keyword “145213”/)
      expect(stderr.trimEnd().split('\n')).toHaveLength(1)
      // The same answer without a keyword is printed.
      expect(JSON.parse((await cli(['calls', '--job', '50'])).stdout).content[0].callRecordId).toBe(47)
    } finally {
      sim.clearFaults()
    }
  })
})
