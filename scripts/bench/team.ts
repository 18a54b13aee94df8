// Team review's sync: how long 10,000 grades take to go up to the team's CouchDB from one desktop
// and to come down into another, and so how many grades a second a desktop takes in. Against
// pouchdb-server on loopback (or the CouchDB of COUCHDB_URL), in memory: the client's and the
// protocol's cost, not a network's.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { INTENT_LEVELS } from '../../shared/enums'
import { createReviewStore } from '../../electron/main/services/review'
import { createCouchClient, createTeamSync, planDocId, setUpTeamDatabase, type TeamServer } from '../../electron/main/services/team'
import { startTestCouch } from '../lib/couch-server'
import { round, type BenchFigure } from './figures'

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
    return [
      { name: 'team_sync_up_10k_s', value: round(upSec), unit: 's' },
      { name: 'team_sync_down_10k_s', value: round(downSec), unit: 's' },
      { name: 'team_grades_in_per_s', value: Math.round(GRADES / downSec), unit: 'grades/s' },
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
    await couch.close()
  }
}
