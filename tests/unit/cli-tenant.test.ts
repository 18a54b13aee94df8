// The command line's tenant commands against the simulator: the answer's data of getJobDetail,
// getJobStats, getDialogFlowList, getUsedIntentLevelTagList and getIntentLevelTag as JSON.
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

async function cli(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const env = {
    TANYI_BASE_URL: sim.url,
    TANYI_APP_KEY: DEMO_CREDENTIALS.appKey,
    TANYI_APP_SECRET: DEMO_CREDENTIALS.appSecret,
    TANYI_TENANT_SIGN: DEMO_CREDENTIALS.tenantSign,
  }
  const code = await runCli(argv, { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) })
  return { code, stdout, stderr, data: code === 0 ? (JSON.parse(stdout) as unknown) : undefined }
}

describe('cli: the tenant’s figures and names', () => {
  it('job and stats print a task’s detail and statistics', async () => {
    const job = sim.dataset.jobs[0]!
    const detail = await cli(['job', String(job.robotCallJobId)])
    expect(detail.stderr).toBe('')
    expect(detail.data).toMatchObject({ robotCallJob: { robotCallJobId: job.robotCallJobId, name: job.name }, completedTask: job.completedTask })
    const stats = await cli(['stats', String(job.robotCallJobId)])
    const answered = sim.dataset.calls.filter((c) => c.robotCallJobId === job.robotCallJobId && c.resultStatus === 'ANSWERED').length
    expect(stats.data).toMatchObject({ answeredTask: answered })
  })

  it('flows lists the flows; labels the groups in use, or one group’s names, group 0 included', async () => {
    const flows = await cli(['flows'])
    expect((flows.data as { name: string }[]).map((f) => f.name)).toEqual(sim.dataset.dialogFlows.map((f) => f.name))
    const groups = await cli(['labels'])
    expect((groups.data as { intentLevelTagId: number }[]).map((g) => g.intentLevelTagId)).toContain(52)
    const builtIn = await cli(['labels', '0'])
    expect(builtIn.data).toMatchObject({ intentLevelTagId: 0, name: '内置意向分类标签', details: [{ code: 0, name: 'A类' }, {}, {}, {}, {}, { code: 5, name: 'F类' }] })
    expect(((await cli(['labels', '52'])).data as { details: unknown[] }).details[0]).toEqual({ code: 0, name: '很好' })
  })

  it('refuses a missing or malformed id in one line, exit code 1', async () => {
    for (const argv of [['job'], ['stats', 'abc'], ['job', '0'], ['labels', '-1'], ['labels', '1', '2'], ['flows', 'x']]) {
      const result = await cli(argv)
      expect(result.code).toBe(1)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toContain('usage:')
    }
    const unknown = await cli(['job', '999999'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/^error \[api-code\]/)
  })
})
