// Team review's sync: how long 10,000 grades take to go up to the team's CouchDB from one desktop
// and to come down into another, and so how many grades a second a desktop takes in — also into a
// desktop in use (the app's own services, its reviewer grading every 25 ms meanwhile), with how long
// main's event loop is held and how long the reviewer's grades wait, against the same desktop idle.
// Against pouchdb-server on loopback (or the CouchDB of COUCHDB_URL), in memory: the client's and
// the protocol's cost, not a network's.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { INTENT_LEVELS } from '../../shared/enums'
import { createReviewStore } from '../../electron/main/services/review'
import { createCouchClient, createTeamSync, planDocId, setUpTeamDatabase, type TeamServer } from '../../electron/main/services/team'
import { createBrowserServices, type BrowserServices } from '../lib/browser-services'
import { startTestCouch } from '../lib/couch-server'
import { DEMO_CREDENTIALS, startSimulator } from '../lib/simulator'
import { percentile, round, type BenchFigure } from './figures'

const GRADES = 10_000
const JOB = 77

export async function benchTeam(): Promise<BenchFigure[]> {
  const couch = await startTestCouch()
  const dir = await mkdtemp(join(tmpdir(), 'bench-team-'))
  try {
    const db = `bench-${process.pid}`
    await setUpTeamDatabase({ adminUrl: couch.adminUrl, db, users: [{ name: 'lead', password: 'lead-pw', lead: true }, { name: 'wang', password: 'wang-pw' }, { name: 'li', password: 'li-pw' }] })
    const server = (user: string): TeamServer => ({ url: couch.url, db, user, password: `${user}-pw` })
    await createCouchClient(server('lead')).bulkDocs([{
      _id: planDocId(JOB), type: 'plan', robotCallJobId: String(JOB), reviewers: ['wang', 'li'], samplePercent: 0, seed: 'bench',
      assigned: {}, sampled: [], createdBy: 'lead', createdAt: new Date().toISOString(),
    }])
    const desktop = (user: string) => {
      const store = createReviewStore({ dir: join(dir, user, 'reviews'), compactAfterLines: 50_000 })
      const sync = createTeamSync({
        client: createCouchClient(server(user), 60_000), dir: join(dir, user, 'team'), user, reviewerName: () => user,
        localGrades: (job) => store.grades(job), saveLocalGrade: (input, at) => store.saveGrade(input, user, at),
      })
      return { store, sync }
    }
    const wang = desktop('wang')
    for (let i = 0; i < GRADES; i++) {
      await wang.store.saveGrade({ robotCallJobId: JOB, callRecordId: i + 1, realIntentLevel: INTENT_LEVELS[i % 6]!, note: i % 10 === 0 ? '客户要求下周回拨' : '' }, 'wang')
    }
    let started = performance.now()
    const up = await wang.sync.sync()
    const upSec = (performance.now() - started) / 1000
    if (up.phase !== 'synced') throw new Error(`team bench: the upload ended ${up.phase}`)

    const li = desktop('li')
    started = performance.now()
    const down = await li.sync.sync()
    const downSec = (performance.now() - started) / 1000
    const received = (await li.sync.docs()).filter((doc) => doc.type === 'grade').length
    if (down.phase !== 'synced' || received !== GRADES) throw new Error(`team bench: ${received} of ${GRADES} grades came down`)
    await wang.store.close()
    await li.store.close()
    const inUse = await benchInUse(couch.url, db, join(dir, 'in-use'))
    return [
      { name: 'team_sync_up_10k_s', value: round(upSec), unit: 's' },
      { name: 'team_sync_down_10k_s', value: round(downSec), unit: 's' },
      { name: 'team_grades_in_per_s', value: Math.round(GRADES / downSec), unit: 'grades/s' },
      ...inUse,
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
    await couch.close()
  }
}

/** The reviewer at work: a grade every 25 ms on the task's calls, each one's wait measured. */
async function grading(services: BrowserServices, jobId: number, callIds: readonly number[], until: Promise<unknown>): Promise<number[]> {
  let done = false
  void until.finally(() => {
    done = true
  })
  const waits: number[] = []
  for (let i = 0; !done; i++) {
    const started = performance.now()
    await services.handlers.saveGrade({ robotCallJobId: jobId, callRecordId: callIds[i % callIds.length]!, realIntentLevel: INTENT_LEVELS[i % 6]!, note: '' })
    waits.push(performance.now() - started)
    await sleep(25)
  }
  return waits
}

/** 10,000 grades coming down into a desktop in use, against the same desktop's work when idle. */
async function benchInUse(couchUrl: string, db: string, profileDir: string): Promise<BenchFigure[]> {
  const sim = await startSimulator({ port: 0, seed: 3 })
  const li = createBrowserServices({ profileDir, startDemoServer: async () => ({ url: sim.url, credentials: DEMO_CREDENTIALS, close: async () => {} }), log: () => {} })
  try {
    await li.handlers.updateSettings({ reviewerName: '李' })
    const jobs = await li.handlers.listJobs({ pageNum: 1, pageSize: 20 })
    const jobId = jobs.content.find((j) => j.status === 'COMPLETED')!.robotCallJobId as number
    const { page } = await li.handlers.listCalls({ robotCallJobId: jobId, pageNum: 1, pageSize: 50 })
    const callIds = page.content.map((c) => c.callRecordId as number)
    // The same work for as long with nothing coming in: what "responsive" is measured against.
    const idleLoop = monitorEventLoopDelay({ resolution: 5 })
    idleLoop.enable()
    const idle = await grading(li, jobId, callIds, sleep(3000))
    idleLoop.disable()

    const loop = monitorEventLoopDelay({ resolution: 5 })
    loop.enable()
    const started = performance.now()
    // Setting the team server starts the first round at once; syncTeam waits for it, then one more.
    const synced = li.handlers.saveTeamServer({ url: couchUrl, db, user: 'li', password: 'li-pw' }).then(() => li.handlers.syncTeam(undefined))
    const busy = await grading(li, jobId, callIds, synced)
    const status = await synced
    const sec = (performance.now() - started) / 1000
    loop.disable()
    const received = (await li.handlers.getTeamTask({ robotCallJobId: JOB })).calls.length
    if (status.phase !== 'synced' || received !== GRADES) throw new Error(`team bench: the desktop in use ended ${status.phase} with ${received} calls`)
    const ms = (ns: number) => round(ns / 1e6)
    return [
      { name: 'team_in_use_grades_in_per_s', value: Math.round(GRADES / sec), unit: 'grades/s' },
      { name: 'team_in_use_loop_delay_p99_ms', value: ms(loop.percentile(99)), unit: 'ms' },
      { name: 'team_in_use_loop_delay_max_ms', value: ms(loop.max), unit: 'ms' },
      { name: 'team_idle_loop_delay_p99_ms', value: ms(idleLoop.percentile(99)), unit: 'ms' },
      { name: 'team_in_use_grade_wait_p50_ms', value: round(percentile(busy, 0.5)), unit: 'ms' },
      { name: 'team_in_use_grade_wait_p99_ms', value: round(percentile(busy, 0.99)), unit: 'ms' },
      { name: 'team_idle_grade_wait_p99_ms', value: round(percentile(idle, 0.99)), unit: 'ms' },
      { name: 'team_in_use_grade_wait_p99_ratio', value: round(percentile(busy, 0.99) / percentile(idle, 0.99)), unit: 'x' },
    ]
  } finally {
    await li.close()
    await sim.close()
  }
}
