// Team review against a CouchDB server (pouchdb-server on loopback, or the real Apache CouchDB
// of COUCHDB_URL with `npm run test:couchdb`): the server's own rules, grades both ways, offline
// grading that reaches the server later, and a reviewer on two desktops meeting as a conflict.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import type { Grade, GradeInput } from '../../shared/ipc/contract'
import { createReviewStore } from '../../electron/main/services/review'
import { createCouchClient, type TeamServer } from '../../electron/main/services/team/couch-client'
import { planDocId, type TeamPlanDoc } from '../../electron/main/services/team/team-docs'
import { setUpTeamDatabase } from '../../electron/main/services/team/team-setup'
import { createTeamSync, type TeamSync } from '../../electron/main/services/team/team-sync'
import { startTestCouch, type TestCouch } from '../../scripts/lib/couch-server'
import { runCli } from '../../scripts/lib/cli-commands'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('team-sync')
let couch: TestCouch
let dbCount = 0

beforeAll(async () => {
  couch = await startTestCouch()
}, 60_000)
afterAll(async () => {
  await couch?.close()
})

const JOB = 1215

/** A fresh team database with a lead and two reviewers, and the lead's plan for the task. */
async function team() {
  const db = `team-${process.pid}-${++dbCount}`
  await setUpTeamDatabase({
    adminUrl: couch.adminUrl,
    db,
    users: [
      { name: 'lead', password: 'lead-pw', lead: true },
      { name: 'wang', password: 'wang-pw' },
      { name: 'li', password: 'li-pw' },
    ],
  })
  const server = (user: string, password = `${user}-pw`): TeamServer => ({ url: couch.url, db, user, password })
  const plan: TeamPlanDoc = {
    _id: planDocId(JOB), type: 'plan', robotCallJobId: String(JOB), reviewers: ['wang', 'li'], samplePercent: 50, seed: 's',
    assigned: { '1': ['wang', 'li'], '2': ['li'] }, sampled: ['1'], createdBy: 'lead', createdAt: new Date().toISOString(),
  }
  const [written] = await createCouchClient(server('lead')).bulkDocs([plan])
  expect(written?.rev).toBeTruthy()
  return { db, server }
}

/** One reviewer's desktop: its own grade journal and sync state. */
function desktop(server: TeamServer, name = server.user) {
  const dir = tempDir()
  const store = createReviewStore({ dir: `${dir}/reviews` })
  const sync = createTeamSync({
    client: createCouchClient(server, 5000),
    dir: `${dir}/team`,
    user: server.user,
    reviewerName: () => name,
    localGrades: (job) => store.grades(job),
    saveLocalGrade: (input, at) => store.saveGrade(input, name, at),
  })
  const grade = (callRecordId: number, realIntentLevel: GradeInput['realIntentLevel'], note = '') =>
    store.saveGrade({ robotCallJobId: JOB, callRecordId, realIntentLevel, note }, name)
  return { store, sync, grade }
}

async function gradesOf(sync: TeamSync) {
  return (await sync.docs()).flatMap((d) => (d.type === 'grade' ? [[d.reviewer, d.callRecordId, d.realIntentLevel]] : []))
}

describe('the team server', () => {
  it('is made ready by the admin-only cli team-setup, never from a reviewer\u2019s app', async () => {
    const out: string[] = []
    const err: string[] = []
    const io = (env: Record<string, string | undefined>) => ({ env, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) })
    const db = `cli-team-${process.pid}`
    expect(await runCli(['team-setup', '--db', db, '--users', 'zhao:zhao-pw:lead,qian:qian-pw'], io({ COUCHDB_URL: couch.adminUrl }))).toBe(0)
    expect(JSON.parse(out.join(''))).toEqual({ db, users: [{ name: 'zhao', lead: true }, { name: 'qian', lead: false }] })
    const qian = createCouchClient({ url: couch.url, db, user: 'qian', password: 'qian-pw' })
    expect(await qian.session()).toMatchObject({ name: 'qian', roles: ['reviewer'] })
    // No admin named: refused with the usage, nothing done.
    expect(await runCli(['team-setup', '--users', 'a:b'], io({}))).toBe(1)
    expect(err.join('')).toMatch(/team-setup needs the server with an admin/)
  })

  it('enforces its rules whatever client writes: own grades only, plans and settlements by a lead', async () => {
    const { server } = await team()
    const wang = createCouchClient(server('wang'))
    const forged = { _id: 'grade:1215:1:li', type: 'grade', robotCallJobId: '1215', callRecordId: '1', reviewer: 'li', reviewerName: 'li', realIntentLevel: 'A', note: '', updatedAt: '2026-12-01T00:00:00Z', history: [] }
    const [asOther] = await wang.bulkDocs([forged])
    expect(asOther?.error).toBe('forbidden')
    const [plan] = await wang.bulkDocs([{ _id: planDocId(77), type: 'plan', robotCallJobId: '77' }])
    expect(plan?.error).toBe('forbidden')
    const [settle] = await wang.bulkDocs([{ _id: 'settle:1215:1', type: 'settlement', robotCallJobId: '1215', callRecordId: '1', finalLevel: 'A' }])
    expect(settle?.error).toBe('forbidden')
    // A customer's phone number is no field of a grade.
    const [leak] = await wang.bulkDocs([{ ...forged, _id: 'grade:1215:1:wang', reviewer: 'wang', calledPhoneNumber: '13800138000' }])
    expect(leak?.error).toBe('forbidden')
    const [own] = await wang.bulkDocs([{ ...forged, _id: 'grade:1215:1:wang', reviewer: 'wang' }])
    expect(own?.rev).toBeTruthy()
  })

  it('refuses a wrong password and an unknown address in plain words, as errors of the status', async () => {
    const { server } = await team()
    const { sync, grade } = desktop({ ...server('wang'), password: 'nope' })
    await grade(1, 'A')
    const status = await sync.sync()
    expect(status.phase).toBe('error')
    expect(status.error?.['zh-CN']).toMatch(/团队服务器 .* 拒绝了用户名或密码/)
    const away = desktop({ ...server('wang'), url: 'http://127.0.0.1:9' })
    const offline = await away.sync.sync()
    expect(offline).toMatchObject({ phase: 'offline', error: null })
  })
})

describe('syncing grades', () => {
  it('shares one reading of its state between callers at once, and starts afresh from a damaged one', async () => {
    const { server } = await team()
    const wang = desktop(server('wang'))
    await wang.grade(1, 'B')
    // A status asked while the first round runs must not fork the state the round saves.
    const [round] = await Promise.all([wang.sync.sync(), wang.sync.status()])
    expect(round).toMatchObject({ phase: 'synced' })
    expect(await wang.sync.status()).toMatchObject({ phase: 'synced', lastSyncedAt: expect.any(String) })

    const dir = tempDir()
    const store = createReviewStore({ dir: `${dir}/reviews` })
    await store.saveGrade({ robotCallJobId: JOB, callRecordId: 1, realIntentLevel: 'B', note: '' }, 'wang')
    mkdirSync(`${dir}/team`, { recursive: true })
    writeFileSync(`${dir}/team/team-sync.json`, '{"since": 3, "docs": {')
    const again = createTeamSync({
      client: createCouchClient(server('wang'), 5000), dir: `${dir}/team`, user: 'wang', reviewerName: () => 'wang',
      localGrades: (job) => store.grades(job), saveLocalGrade: (input, at) => store.saveGrade(input, 'wang', at),
    })
    // The grade on the server is the same as this journal's: taken as sent, no conflict.
    expect(await again.sync()).toMatchObject({ phase: 'synced', pending: 0, conflicts: 0 })
    expect(readdirSync(`${dir}/team`).some((name) => name.startsWith('team-sync.json.') || name.includes('damaged'))).toBe(true)
  })

  it('says nothing is synced before a first round, and refuses to send one account’s grades as another user', async () => {
    const { server } = await team()
    const dir = tempDir()
    const store = createReviewStore({ dir: `${dir}/reviews` })
    const as = (user: string) => createTeamSync({
      client: createCouchClient(server(user), 5000), dir: `${dir}/team-${user}`, user, reviewerName: () => user,
      localGrades: (job) => store.grades(job), saveLocalGrade: (input, at) => store.saveGrade(input, user, at),
      owners: { file: `${dir}/owners.json`, key: `${couch.url} team` },
    })
    const wang = as('wang')
    expect(await wang.status()).toMatchObject({ phase: 'pending', pending: 0, lastSyncedAt: null })
    await store.saveGrade({ robotCallJobId: JOB, callRecordId: 1, realIntentLevel: 'B', note: '' }, 'wang')
    expect(await wang.sync()).toMatchObject({ phase: 'synced', pending: 0 })
    // The same computer's account, now signed in to the team as li: wang's grades stay wang's.
    const li = await as('li').sync()
    expect(li.phase).toBe('error')
    expect(li.error?.['zh-CN']).toMatch(/已以团队用户 wang 的名义同步/)
    expect((await createCouchClient(server('li')).get('grade:1215:1:li'))).toBeNull()
  })

  it('sends the grades of planned tasks only, and brings in the others', async () => {
    const { server } = await team()
    const wang = desktop(server('wang'), '王')
    const li = desktop(server('li'), '李')
    await wang.grade(1, 'B', '客户说下周再联系')
    await wang.store.saveGrade({ robotCallJobId: 999, callRecordId: 5, realIntentLevel: 'A', note: '' }, '王')
    expect(await wang.sync.status()).toMatchObject({ pending: 0 })
    const before = await wang.sync.sync()
    expect(before).toMatchObject({ phase: 'synced', pending: 0, conflicts: 0, error: null })
    await li.grade(1, 'C')
    await li.sync.sync()
    await wang.sync.sync()
    expect(await gradesOf(wang.sync)).toEqual(expect.arrayContaining([['wang', '1', 'B'], ['li', '1', 'C']]))
    expect((await gradesOf(li.sync)).length).toBe(2)
    // Task 999 has no plan: its grade never left the desktop.
    expect((await gradesOf(li.sync)).some(([, call]) => call === '5')).toBe(false)
    const named = (await li.sync.docs()).find((d) => d.type === 'grade' && d.reviewer === 'wang')
    expect(named).toMatchObject({ reviewerName: '王', note: '客户说下周再联系' })
  })

  it('grades offline, counts them pending, and sends them when the server can be reached', async () => {
    const { server } = await team()
    const online = desktop(server('wang'))
    await online.sync.sync()
    // The same desktop's state, pointed at a server that does not answer.
    const dir = tempDir()
    const store = createReviewStore({ dir: `${dir}/reviews` })
    const make = (url: string) => createTeamSync({
      client: createCouchClient({ ...server('wang'), url }, 3000), dir: `${dir}/team`, user: 'wang', reviewerName: () => 'wang',
      localGrades: (job) => store.grades(job), saveLocalGrade: (input, at) => store.saveGrade(input, 'wang', at),
    })
    await make(couch.url).sync()
    await store.saveGrade({ robotCallJobId: JOB, callRecordId: 2, realIntentLevel: 'D', note: '' }, 'wang')
    await store.saveGrade({ robotCallJobId: JOB, callRecordId: 1, realIntentLevel: 'A', note: '' }, 'wang')
    const away = await make('http://127.0.0.1:9').sync()
    expect(away).toMatchObject({ phase: 'offline', pending: 2 })
    // Nothing acknowledged depends on the network: the grades are in the journal.
    expect((await store.grades(JOB)).map((g) => g.realIntentLevel).sort()).toEqual(['A', 'D'])
    const back = await make(couch.url).sync()
    expect(back).toMatchObject({ phase: 'synced', pending: 0 })
    await online.sync.sync()
    expect((await gradesOf(online.sync)).filter(([r]) => r === 'wang')).toHaveLength(2)
  })

  it('a reviewer on two desktops: the first grade is adopted, a different one is a conflict, never overwritten', async () => {
    const { server } = await team()
    const office = desktop(server('wang'))
    const laptop = desktop(server('wang'))
    await office.grade(1, 'B')
    await office.sync.sync()
    // The laptop had no grade for call 1: it takes the office's.
    await laptop.sync.sync()
    expect((await laptop.store.grades(JOB)).find((g) => g.callRecordId === 1)?.realIntentLevel).toBe('B')

    // Both change it, the office first: the laptop's change meets the office's on the server.
    await office.grade(1, 'C')
    await laptop.grade(1, 'E')
    await office.sync.sync()
    const status = await laptop.sync.sync()
    expect(status).toMatchObject({ conflicts: 1, pending: 0 })
    const [conflict] = await laptop.sync.conflicts()
    expect(conflict).toMatchObject({ mine: { realIntentLevel: 'E' }, theirs: { realIntentLevel: 'C' } })
    // Neither side was overwritten.
    expect((await laptop.store.grades(JOB)).find((g) => g.callRecordId === 1)?.realIntentLevel).toBe('E')
    expect((await createCouchClient(server('wang')).get('grade:1215:1:wang')) as { realIntentLevel: string }).toMatchObject({ realIntentLevel: 'C' })

    // The reviewer keeps the laptop's: sent over the server's, the office's kept in history.
    await laptop.sync.resolveConflict(conflict!.docId, 'mine')
    const onServer = (await createCouchClient(server('wang')).get('grade:1215:1:wang')) as { realIntentLevel: string; history: { realIntentLevel: string }[] }
    expect(onServer.realIntentLevel).toBe('E')
    expect(onServer.history.map((h) => h.realIntentLevel)).toContain('C')
    // The office meets the laptop's now: a conflict there too, until its reviewer takes it.
    expect(await office.sync.sync()).toMatchObject({ conflicts: 1 })
    const [there] = await office.sync.conflicts()
    await office.sync.resolveConflict(there!.docId, 'theirs')
    const taken = (await office.store.grades(JOB)).find((g) => g.callRecordId === 1)!
    expect(taken.realIntentLevel).toBe('E')
    expect(taken.history.map((h: Grade['history'][number]) => h.realIntentLevel)).toContain('C')
    expect(await office.sync.sync()).toMatchObject({ phase: 'synced', conflicts: 0, pending: 0 })
  })

  /** 450 grades of wang's to send, and a client whose second batch of 200 fails with `failure`. */
  async function halfwaySend(failure: Error) {
    const { server } = await team()
    const dir = tempDir()
    const store = createReviewStore({ dir: `${dir}/reviews` })
    for (let call = 1; call <= 450; call++) await store.saveGrade({ robotCallJobId: JOB, callRecordId: call, realIntentLevel: 'B', note: '' }, 'wang')
    const real = createCouchClient(server('wang'), 5000)
    let batches = 0
    const failing = { ...real, bulkDocs: async (docs: readonly object[]) => {
      if (docs.length > 1 && ++batches === 2) throw failure
      return real.bulkDocs(docs)
    } }
    const make = (client: typeof real) => createTeamSync({
      client, dir: `${dir}/team`, user: 'wang', reviewerName: () => 'wang',
      localGrades: (job) => store.grades(job), saveLocalGrade: (input, at) => store.saveGrade(input, 'wang', at),
    })
    const allOnServer = async () => {
      const lead = desktop(server('lead'))
      await lead.sync.sync()
      return (await gradesOf(lead.sync)).length
    }
    return { failing: make(failing), again: () => make(real), allOnServer }
  }

  it('a connection cut in the middle of sending loses nothing: the rest goes in the next round', async () => {
    // The second batch never gets an answer: the line drops.
    const { failing, again, allOnServer } = await halfwaySend(new AppError('network', { 'zh-CN': '连接被重置', en: 'connection reset' }))
    expect(await failing.sync()).toMatchObject({ phase: 'offline', pending: 250 })
    expect(await again().sync()).toMatchObject({ phase: 'synced', pending: 0, conflicts: 0 })
    expect(await allOnServer()).toBe(450)
  })

  it('a desktop that dies in the middle of sending, before saving what went out, takes its own grades back as sent', async () => {
    // Not an answer from the line: the process ends here, and nothing after it runs.
    const { failing, again, allOnServer } = await halfwaySend(new Error('the app was killed'))
    await expect(failing.sync()).rejects.toThrow('the app was killed')
    // The first 200 are on the server under revisions this desktop never wrote down.
    expect(await again().sync()).toMatchObject({ phase: 'synced', pending: 0, conflicts: 0 })
    expect(await allOnServer()).toBe(450)
  })

  it('a reviewer taken off the task keeps every grade given, in the lead\u2019s view and the team\u2019s export', async () => {
    const { server } = await team()
    const wang = desktop(server('wang'))
    await wang.grade(1, 'A')
    await wang.grade(2, 'C')
    await wang.sync.sync()
    // The lead shares the task again without wang.
    const lead = createCouchClient(server('lead'))
    const current = (await lead.get(planDocId(JOB))) as TeamPlanDoc
    expect((await lead.bulkDocs([{ ...current, reviewers: ['li'], assigned: { '1': ['li'], '2': ['li'] }, sampled: [] }]))[0]?.rev).toBeTruthy()
    expect(await wang.sync.sync()).toMatchObject({ phase: 'synced', pending: 0 })
    const seen = desktop(server('li'))
    await seen.sync.sync()
    expect((await gradesOf(seen.sync)).filter(([reviewer]) => reviewer === 'wang').map(([, call, level]) => [call, level]).sort()).toEqual([['1', 'A'], ['2', 'C']])
  })

  it('credentials revoked while in use: said in words, the grades kept waiting, sent once the password is right again', async () => {
    const { server } = await team()
    const dir = tempDir()
    const store = createReviewStore({ dir: `${dir}/reviews` })
    const make = (password: string) => createTeamSync({
      client: createCouchClient(server('wang', password), 5000), dir: `${dir}/team`, user: 'wang', reviewerName: () => 'wang',
      localGrades: (job) => store.grades(job), saveLocalGrade: (input, at) => store.saveGrade(input, 'wang', at),
    })
    expect(await make('wang-pw').sync()).toMatchObject({ phase: 'synced' })
    // The admin changes wang's password; this desktop still has the old one.
    await setUpTeamDatabase({ adminUrl: couch.adminUrl, db: server('wang').db, users: [{ name: 'wang', password: 'new-pw' }] })
    await store.saveGrade({ robotCallJobId: JOB, callRecordId: 3, realIntentLevel: 'D', note: '' }, 'wang')
    const refused = await make('wang-pw').sync()
    expect(refused).toMatchObject({ phase: 'error', pending: 1 })
    expect(refused.error?.['zh-CN']).toMatch(/拒绝了用户名或密码/)
    expect((await store.grades(JOB)).find((g) => g.callRecordId === 3)?.realIntentLevel).toBe('D')
    expect(await make('new-pw').sync()).toMatchObject({ phase: 'synced', pending: 0 })
  })
})
