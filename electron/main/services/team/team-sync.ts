// Grades between this desktop and the team's CouchDB. The local grade journal stays the source of
// truth: a grade is acknowledged when it is on this disk, and sync only copies it out (and others'
// grades in) when the server can be reached. Nothing is overwritten silently: when the server holds
// a version of one of our own documents that this desktop did not write (the same reviewer on
// another desktop), that is a conflict the reviewer settles, keeping one and the other in history.
import { dirname, join } from 'node:path'
import { readFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import type { Bilingual } from '../../../../shared/enums'
import { AppError } from '../../../../shared/errors'
import type { Grade, GradeInput, TeamConflict } from '../../../../shared/ipc/contract'
import type { Id } from '../../../../shared/ids'
import { ensureDirDurable, setAside, writeFileDurable } from '../storage'
import type { CouchClient } from './couch-client'
import { gradeDocId, idOf, readTeamDoc, type TeamDoc, type TeamGradeDoc } from './team-docs'

export interface TeamSyncDeps {
  client: CouchClient
  /** This server's and user's folder: the mirror of the team's documents and what was sent. */
  dir: string
  /** The reviewer's user name on the team server: the key of their grade documents. */
  user: string
  reviewerName: () => string
  /** The local grades of a task (the journal's, the truth). */
  localGrades: (robotCallJobId: Id) => Promise<Grade[]>
  /** Writes a grade into the local journal, as of a given time (adopting one from the server). */
  saveLocalGrade: (input: GradeInput, at: Date) => Promise<Grade>
  now?: () => Date
  /** Documents per `_changes` page. */
  pageSize?: number
  /**
   * The account's record of which team user its local grades go out as, per server and database
   * (`ownerKey`): the journal holds one reviewer's grades, so another user name on the same
   * account would send them as someone else's. Such a round is refused, not carried out.
   */
  owners?: { file: string; key: string }
}

/** What this desktop sent for one of its documents: the revision, and the local grade's time then. */
interface Sent {
  rev: string
  updatedAt: string
}

/** A conflict as kept here: the contract's, and the server revision of the other side. */
interface StoredConflict extends TeamConflict {
  theirsRev: string
}

interface SyncState {
  since: string | number
  docs: Record<string, TeamDoc>
  sent: Record<string, Sent>
  conflicts: Record<string, StoredConflict>
  lastSyncedAt: string | null
}

export type TeamSyncPhase = 'synced' | 'pending' | 'syncing' | 'offline' | 'error'

export interface TeamSyncStatus {
  phase: TeamSyncPhase
  /** Local grades of team tasks not yet on the server. */
  pending: number
  conflicts: number
  lastSyncedAt: string | null
  error: Bilingual | null
}

export interface TeamSync {
  /** One round: others' changes in, ours out. Never throws: the status carries the failure. */
  sync(): Promise<TeamSyncStatus>
  status(): Promise<TeamSyncStatus>
  /** The team's documents as last pulled (and as written from here). */
  docs(): Promise<TeamDoc[]>
  conflicts(): Promise<TeamConflict[]>
  /** Settles a conflict: keep this desktop's grade (sent over the server's) or take the server's. */
  resolveConflict(docId: string, keep: 'mine' | 'theirs'): Promise<void>
  /** Writes a lead's document (a plan or a settlement) now: online only. */
  write(doc: TeamDoc): Promise<TeamDoc>
}

/** How often a long upload saves what it sent so far (the round saves at its end anyway). */
const SAVE_EVERY_MS = 2000

const EMPTY: SyncState = { since: 0, docs: {}, sent: {}, conflicts: {}, lastSyncedAt: null }

const same = (a: { realIntentLevel: unknown; note: string }, b: { realIntentLevel: unknown; note: string }) =>
  a.realIntentLevel === b.realIntentLevel && a.note === b.note

export function createTeamSync(deps: TeamSyncDeps): TeamSync {
  const { client, user } = deps
  const file = join(deps.dir, 'team-sync.json')
  const now = deps.now ?? (() => new Date())
  let state: SyncState | undefined
  let running: Promise<TeamSyncStatus> | undefined
  let lastError: Bilingual | null = null
  let offline = false

  let loading: Promise<SyncState> | undefined
  /** The state, read once: two callers at once share the one read (else each would get its own). */
  function load(): Promise<SyncState> {
    loading ??= (async () => {
      try {
        const parsed = JSON.parse(await readFile(file, 'utf8')) as SyncState
        state = { ...EMPTY, ...parsed }
      } catch (error) {
        if (error instanceof SyntaxError) {
          // Damaged: set aside, and everything is pulled again. Our own documents then meet the
          // journal afresh: the same grade is taken as sent, a different one is a conflict.
          setAside(file, now())
        } else if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          loading = undefined
          throw error
        }
        state = structuredClone(EMPTY)
      }
      return state
    })()
    return loading
  }

  async function save(): Promise<void> {
    await ensureDirDurable(deps.dir)
    await writeFileDurable(file, JSON.stringify(state))
  }

  /** Tasks the team shares: those with a lead's plan. Only their grades leave this desktop. */
  function teamTasks(s: SyncState): Id[] {
    return Object.values(s.docs).flatMap((doc) => (doc.type === 'plan' ? [idOf(doc.robotCallJobId)] : []))
  }

  async function ownGrades(s: SyncState): Promise<{ docId: string; grade: Grade }[]> {
    const out: { docId: string; grade: Grade }[] = []
    for (const jobId of teamTasks(s)) {
      for (const grade of await deps.localGrades(jobId)) out.push({ docId: gradeDocId(grade.robotCallJobId, grade.callRecordId, user), grade })
    }
    return out
  }

  function toDoc(grade: Grade, rev: string | undefined, extraHistory: TeamGradeDoc['history'] = []): TeamGradeDoc {
    const doc: TeamGradeDoc = {
      _id: gradeDocId(grade.robotCallJobId, grade.callRecordId, user),
      type: 'grade',
      robotCallJobId: String(grade.robotCallJobId),
      callRecordId: String(grade.callRecordId),
      reviewer: user,
      reviewerName: deps.reviewerName().slice(0, 40),
      realIntentLevel: grade.realIntentLevel,
      note: grade.note,
      updatedAt: grade.updatedAt,
      history: [...grade.history.map((h) => ({ realIntentLevel: h.realIntentLevel, note: h.note, updatedAt: h.updatedAt })), ...extraHistory].slice(-500),
    }
    if (rev !== undefined) doc._rev = rev
    return doc
  }

  /** Our own document as the server has it, against the local grade: accepted, adopted or a conflict. */
  async function meetOwn(s: SyncState, doc: TeamGradeDoc): Promise<void> {
    if (s.sent[doc._id]?.rev === doc._rev) return
    const jobId = idOf(doc.robotCallJobId)
    const callId = idOf(doc.callRecordId)
    const local = (await deps.localGrades(jobId)).find((g) => g.callRecordId === callId)
    if (!local) {
      // Graded on another desktop only: the journal takes it, as of when it was given.
      const adopted = await deps.saveLocalGrade({ robotCallJobId: jobId, callRecordId: callId, realIntentLevel: doc.realIntentLevel, note: doc.note }, new Date(doc.updatedAt))
      s.sent[doc._id] = { rev: doc._rev!, updatedAt: adopted.updatedAt }
      return
    }
    if (same(local, doc)) {
      s.sent[doc._id] = { rev: doc._rev!, updatedAt: local.updatedAt }
      delete s.conflicts[doc._id]
      return
    }
    s.conflicts[doc._id] = {
      docId: doc._id,
      robotCallJobId: jobId,
      callRecordId: callId,
      mine: { realIntentLevel: local.realIntentLevel, note: local.note, updatedAt: local.updatedAt },
      theirs: { realIntentLevel: doc.realIntentLevel, note: doc.note, updatedAt: doc.updatedAt },
      theirsRev: doc._rev!,
    }
  }

  async function pull(s: SyncState): Promise<void> {
    for (;;) {
      const page = await client.changes(s.since, deps.pageSize ?? 500)
      for (const row of page.results) {
        if (row.deleted) {
          delete s.docs[row.id]
          continue
        }
        const doc = readTeamDoc(row.doc)
        if (!doc) continue
        s.docs[doc._id] = doc
        if (doc.type === 'grade' && doc.reviewer === user) await meetOwn(s, doc)
      }
      s.since = page.lastSeq
      if (page.results.length === 0) break
    }
  }

  async function unsent(s: SyncState) {
    return (await ownGrades(s)).filter(({ docId, grade }) => !s.conflicts[docId] && s.sent[docId]?.updatedAt !== grade.updatedAt)
  }

  async function push(s: SyncState): Promise<void> {
    const waiting = await unsent(s)
    let savedAt = performance.now()
    for (let i = 0; i < waiting.length; i += 200) {
      const batch = waiting.slice(i, i + 200)
      const docs = batch.map(({ docId, grade }) => toDoc(grade, s.sent[docId]?.rev ?? (s.docs[docId] as TeamGradeDoc | undefined)?._rev))
      const results = await client.bulkDocs(docs)
      for (const [k, result] of results.entries()) {
        const { docId, grade } = batch[k]!
        if (result.rev) {
          s.sent[docId] = { rev: result.rev, updatedAt: grade.updatedAt }
          s.docs[docId] = { ...docs[k]!, _rev: result.rev }
        } else if (result.error === 'conflict') {
          const current = readTeamDoc(await client.get(docId))
          if (current?.type === 'grade') {
            s.docs[docId] = current
            await meetOwn(s, current)
          }
        } else {
          throw new AppError('http-status', {
            'zh-CN': `团队服务器不接受评级（通话 ${grade.callRecordId}）：${result.reason ?? result.error ?? ''}`,
            en: `The team server refused the grade of call ${grade.callRecordId}: ${result.reason ?? result.error ?? ''}`,
          })
        }
      }
      // Saved now and then, not after every batch (the file grows with the task): a revision
      // lost with a crash only makes the next round meet its own grade again and take it as sent.
      if (performance.now() - savedAt >= SAVE_EVERY_MS) {
        await save()
        savedAt = performance.now()
      }
    }
  }

  async function statusOf(s: SyncState, phase?: TeamSyncPhase): Promise<TeamSyncStatus> {
    const pending = (await unsent(s)).length
    const conflicts = Object.keys(s.conflicts).length
    return {
      // Never through a round: nothing is known of the server yet, so not "synced".
      phase: phase ?? (offline ? 'offline' : lastError ? 'error' : pending > 0 || s.lastSyncedAt === null ? 'pending' : 'synced'),
      pending,
      conflicts,
      lastSyncedAt: s.lastSyncedAt,
      error: lastError,
    }
  }

  /** Refuses when this account's grades already went out as another user of the same team. */
  async function checkOwner(): Promise<void> {
    if (!deps.owners) return
    const { file: ownersFile, key } = deps.owners
    let owners: Record<string, string> = {}
    try {
      owners = JSON.parse(await readFile(ownersFile, 'utf8')) as Record<string, string>
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    const owner = owners[key]
    if (owner === undefined) {
      await ensureDirDurable(dirname(ownersFile))
      await writeFileDurable(ownersFile, JSON.stringify({ ...owners, [key]: user }))
      return
    }
    if (owner !== user) {
      throw new AppError('invalid-request', {
        'zh-CN': `本机这个账户的评级已以团队用户 ${owner} 的名义同步；以 ${user} 同步会把它们记在 ${user} 名下。请在 ${user} 自己的电脑（或另一个系统用户）上登录团队，或改回 ${owner}。`,
        en: `This account's grades on this computer already go to the team as ${owner}; syncing as ${user} would file them under ${user}. Sign in to the team as ${user} on their own computer (or another system user), or change back to ${owner}.`,
      }, { fields: { user: { 'zh-CN': `本机评级属于 ${owner}`, en: `this computer's grades belong to ${owner}` } } })
    }
  }

  async function round(): Promise<TeamSyncStatus> {
    const s = await load()
    try {
      await checkOwner()
      await pull(s)
      await push(s)
      // Pushing may have met our own documents changed elsewhere: take them in now.
      await pull(s)
      s.lastSyncedAt = now().toISOString()
      lastError = null
      offline = false
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      offline = error.unreachable
      lastError = offline ? null : error.messages
    }
    await save()
    return statusOf(s)
  }

  return {
    sync() {
      // One round at a time: a second caller waits for the running one, then its own starts.
      const next = (running ?? Promise.resolve()).catch(() => {}).then(round)
      running = next
      return next
    },
    async status() {
      return statusOf(await load())
    },
    async docs() {
      return Object.values((await load()).docs)
    },
    async conflicts() {
      return Object.values((await load()).conflicts).map(({ theirsRev: _rev, ...conflict }) => conflict)
    },
    async resolveConflict(docId, keep) {
      const s = await load()
      const conflict = s.conflicts[docId]
      if (!conflict) return
      if (keep === 'theirs') {
        const adopted = await deps.saveLocalGrade(
          { robotCallJobId: conflict.robotCallJobId, callRecordId: conflict.callRecordId, realIntentLevel: conflict.theirs.realIntentLevel, note: conflict.theirs.note },
          now(),
        )
        s.sent[docId] = { rev: conflict.theirsRev, updatedAt: adopted.updatedAt }
      } else {
        // Ours goes over the server's revision; theirs stays in the document's history.
        const local = (await deps.localGrades(conflict.robotCallJobId)).find((g) => g.callRecordId === conflict.callRecordId)!
        const [result] = await client.bulkDocs([toDoc(local, conflict.theirsRev, [{ realIntentLevel: conflict.theirs.realIntentLevel, note: conflict.theirs.note, updatedAt: conflict.theirs.updatedAt }])])
        if (!result?.rev) {
          throw new AppError('http-status', {
            'zh-CN': '服务器上的评级又被改动了，请再同步一次后重新选择',
            en: 'The grade changed on the server again; sync once more and choose again',
          })
        }
        s.sent[docId] = { rev: result.rev, updatedAt: local.updatedAt }
      }
      delete s.conflicts[docId]
      await save()
    },
    async write(doc) {
      const s = await load()
      const [result] = await client.bulkDocs([doc])
      if (!result?.rev) {
        throw new AppError('http-status', {
          'zh-CN': result?.error === 'conflict' ? '另一位组长同时改了它，请同步后再试' : `团队服务器不接受：${result?.reason ?? result?.error ?? ''}`,
          en: result?.error === 'conflict' ? 'Another lead changed it at the same time; sync and try again' : `The team server refused it: ${result?.reason ?? result?.error ?? ''}`,
        })
      }
      const written = { ...doc, _rev: result.rev }
      s.docs[doc._id] = written
      await save()
      return written
    },
  }
}
