// The team as the page sees it: the sync's status, a task's calls with their reviewers and the
// grades a reviewer may see, the lead's plan and settlements, and the team's reliability figures.
// Built per account and team server; without a server every answer says 'off' and nothing leaves.
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { IntentLevel } from '../../../../shared/enums'
import { AppError } from '../../../../shared/errors'
import { compareIds, type Id } from '../../../../shared/ids'
import type { Grade, GradeInput, TeamCall, TeamConflict, TeamPlanRequest, TeamSettleRequest, TeamStatus, TeamTask } from '../../../../shared/ipc/contract'
import { assignmentOf, splitCalls, type Assignment, type TeamPlanRule } from './assignment'
import { createCouchClient, type TeamServer } from './couch-client'
import { agreementWithFinal, fleissKappa, pairKappas, type RatedCall } from './reliability'
import { idOf, planDocId, settlementDocId, type TeamDoc, type TeamGradeDoc, type TeamPlanDoc, type TeamSettlementDoc } from './team-docs'
import type { TeamExportFacts, TeamFinalSource, TeamResult, TeamResultCall } from '../export'
import { TEAM_ROLES } from './team-rules'
import { createTeamSync, type TeamSync } from './team-sync'

export interface TeamServiceDeps {
  /** The team server with its password; null without one. */
  server: () => Promise<TeamServer | null>
  /** Where this account keeps its team folders (one per server and user inside). */
  dir: string
  reviewerName: () => string
  localGrades: (robotCallJobId: Id) => Promise<Grade[]>
  saveLocalGrade: (input: GradeInput, at: Date) => Promise<Grade>
  /** The task's calls fetched so far that match the lead's filters: what a plan shares out. */
  knownCallIds: (request: TeamPlanRequest) => Promise<Id[]>
  onStatus?: (status: TeamStatus) => void
  now?: () => Date
  timeoutMs?: number
}

export interface TeamService {
  status(): Promise<TeamStatus>
  sync(): Promise<TeamStatus>
  task(robotCallJobId: Id): Promise<TeamTask>
  plan(request: TeamPlanRequest): Promise<TeamTask>
  settle(request: TeamSettleRequest): Promise<TeamTask>
  conflicts(): Promise<TeamConflict[]>
  resolve(docId: string, keep: 'mine' | 'theirs'): Promise<TeamStatus>
  /** The lead's whole view of a task for the team's result file: every grade, the final ones. */
  result(robotCallJobId: Id): Promise<TeamResult>
  /** What the team knows of each call, for the export's team columns; undefined without a team. */
  exportFacts(): Promise<((robotCallJobId: Id, callRecordId: Id) => TeamExportFacts | undefined) | undefined>
  /** Whether the plan gives a call of the task to this reviewer; null without a team or a plan. */
  mineOf(robotCallJobId: Id): Promise<((callRecordId: Id) => boolean) | null>
  /** Syncs a moment from now (after a grade: several grades in a row go in one round). */
  syncSoon(): void
  /** The server or user changed: the next call starts from the new one's folder. */
  reset(): void
  close(): void
}

/** How long after a grade its round starts, so a run of quick grades goes out together. */
export const SYNC_AFTER_GRADE_MS = 2000
/** Asking the role must not hold the status up for long when the server is away. */
const ROLE_TIMEOUT_MS = 3000

const OFF: TeamStatus = { phase: 'off', user: null, lead: false, pending: 0, conflicts: 0, lastSyncedAt: null, error: null }

function noTeam(): AppError {
  return new AppError('invalid-request', { 'zh-CN': '没有设置团队服务器（设置 → 团队）', en: 'No team server is set (Settings → Team)' })
}

function notLead(): AppError {
  return new AppError('invalid-request', {
    'zh-CN': '只有组长可以分配任务和裁定分歧；请管理员在团队服务器上给此用户 lead 角色',
    en: 'Only a lead plans tasks and settles disagreements; an admin gives this user the lead role on the team server',
  })
}

/** A folder name for a server and user: readable enough, and distinct for every pair. */
function folderOf(server: TeamServer): string {
  const digest = createHash('sha256').update(`${new URL(server.url).origin}\u0000${server.db}\u0000${server.user}`).digest('hex').slice(0, 16)
  return `team-${digest}`
}

interface Connected {
  server: TeamServer
  sync: TeamSync
  lead: boolean | undefined
}

export function createTeamService(deps: TeamServiceDeps): TeamService {
  let connected: Promise<Connected | null> | undefined
  let soon: ReturnType<typeof setTimeout> | undefined
  const now = deps.now ?? (() => new Date())

  /** The user's role, as the server says; undefined while it cannot be asked (offline). */
  async function askLead(server: TeamServer): Promise<boolean | undefined> {
    try {
      const { roles } = await createCouchClient(server, Math.min(deps.timeoutMs ?? ROLE_TIMEOUT_MS, ROLE_TIMEOUT_MS)).session()
      return roles.includes(TEAM_ROLES.lead) || roles.includes('_admin')
    } catch {
      return undefined
    }
  }

  function connect(): Promise<Connected | null> {
    connected ??= deps.server().then(async (server) => {
      if (!server) return null
      const sync = createTeamSync({
        client: createCouchClient(server, deps.timeoutMs),
        dir: join(deps.dir, folderOf(server)),
        user: server.user,
        reviewerName: deps.reviewerName,
        localGrades: deps.localGrades,
        saveLocalGrade: deps.saveLocalGrade,
        now,
        owners: { file: join(deps.dir, 'owners.json'), key: `${new URL(server.url).origin} ${server.db}` },
      })
      return { server, sync, lead: await askLead(server) }
    })
    return connected
  }

  async function statusOf(team: Connected, base?: Awaited<ReturnType<TeamSync['status']>>): Promise<TeamStatus> {
    const status = base ?? (await team.sync.status())
    return { ...status, user: team.server.user, lead: team.lead === true }
  }

  async function required(): Promise<Connected> {
    const team = await connect()
    if (!team) throw noTeam()
    return team
  }

  async function requireLead(team: Connected): Promise<void> {
    team.lead ??= await askLead(team.server)
    if (!team.lead) throw notLead()
  }

  function ruleOf(plan: TeamPlanDoc): TeamPlanRule {
    return { reviewers: plan.reviewers, samplePercent: plan.samplePercent, seed: plan.seed }
  }

  function recordedOf(plan: TeamPlanDoc): Map<Id, Assignment> {
    const sampled = new Set(plan.sampled)
    return new Map(Object.entries(plan.assigned).map(([id, reviewers]) => [idOf(id), { reviewers, sampled: sampled.has(id) }]))
  }

  /** Everything the team knows of a task, no grade hidden: the plan, settlements, every grade. */
  async function gather(team: Connected, robotCallJobId: Id) {
    const docs = await team.sync.docs()
    const me = team.server.user
    const job = String(robotCallJobId)
    const inTask = docs.filter((d): d is TeamDoc => d.robotCallJobId === job)
    const plan = inTask.find((d): d is TeamPlanDoc => d.type === 'plan')
    const settlements = new Map(inTask.flatMap((d) => (d.type === 'settlement' ? [[idOf(d.callRecordId), d as TeamSettlementDoc] as const] : [])))
    // My grades as this desktop has them (the truth, sent or not); others' as last pulled.
    const local = (await deps.localGrades(robotCallJobId)).filter((g) => g.realIntentLevel !== null || g.note !== '')
    const grades = new Map<Id, TeamResultGrade[]>()
    const add = (callId: Id, grade: TeamResultGrade) => {
      grades.set(callId, [...(grades.get(callId) ?? []), grade])
    }
    for (const doc of inTask) if (doc.type === 'grade' && doc.reviewer !== me) add(idOf(doc.callRecordId), pick(doc))
    for (const g of local) add(g.callRecordId, { reviewer: me, reviewerName: deps.reviewerName(), realIntentLevel: g.realIntentLevel, note: g.note, updatedAt: g.updatedAt })
    const recorded = plan ? recordedOf(plan) : new Map<Id, Assignment>()
    const ids = [...new Set([...recorded.keys(), ...grades.keys(), ...settlements.keys()])].sort(compareIds)
    const assignmentOfCall = (callRecordId: Id): Assignment => (plan ? assignmentOf(ruleOf(plan), recorded, callRecordId) : { reviewers: [], sampled: false })
    return { me, plan, settlements, grades, ids, assignmentOfCall }
  }

  async function taskOf(team: Connected, robotCallJobId: Id): Promise<TeamTask> {
    const { me, plan, settlements, grades, ids, assignmentOfCall } = await gather(team, robotCallJobId)
    const calls: TeamCall[] = ids.map((callRecordId) => {
      const assignment = assignmentOfCall(callRecordId)
      const all = grades.get(callRecordId) ?? []
      const mine = assignment.reviewers.includes(me)
      const blind = blindTo(me, assignment, all)
      const others = blind ? [] : all.filter((g) => g.reviewer !== me)
      const disagreement = !blind && disagreeing(assignment, all)
      const settlement = settlements.get(callRecordId)
      return {
        callRecordId,
        reviewers: assignment.reviewers,
        sampled: assignment.sampled,
        mine,
        others,
        blind,
        disagreement,
        settlement: settlement ? { finalLevel: settlement.finalLevel, note: settlement.note, settledBy: settlement.settledBy, settledAt: settlement.settledAt, history: settlement.history } : null,
      }
    })

    const ratings: RatedCall[] = [...grades.entries()].flatMap(([callRecordId, list]) =>
      list.flatMap((g) => (g.realIntentLevel ? [{ callRecordId, reviewer: g.reviewer, level: g.realIntentLevel }] : [])),
    )
    // Each reviewer against the final grade, where that is more than one reviewer's own word:
    // the lead's settlement or the grade both reviewers gave (finalOf, as the team's result has it).
    const finals = new Map<Id, IntentLevel>()
    for (const callRecordId of ids) {
      const final = finalOf(assignmentOfCall(callRecordId), grades.get(callRecordId) ?? [], settlements.get(callRecordId))
      if (final.level && (final.source === 'settled' || final.source === 'agreed')) finals.set(callRecordId, final.level)
    }
    const fleiss = fleissKappa(ratings)
    // Reliability shows pairs only once the lead (or both reviewers) may see both grades: a blind
    // reviewer would otherwise read the other's grade off the figures.
    const anyBlind = calls.some((c) => c.blind)
    return {
      robotCallJobId,
      plan: plan
        ? { reviewers: plan.reviewers, samplePercent: plan.samplePercent, createdBy: plan.createdBy, createdAt: plan.createdAt, calls: Object.keys(plan.assigned).length, sampled: plan.sampled.length }
        : null,
      calls,
      reliability: anyBlind
        ? { pairs: [], fleiss: null, withFinal: [] }
        : { pairs: pairKappas(ratings), fleiss: fleiss.raters >= 3 ? fleiss : null, withFinal: agreementWithFinal(ratings, finals) },
    }
  }

  async function resultOf(team: Connected, robotCallJobId: Id): Promise<TeamResult> {
    const { plan, settlements, grades, ids, assignmentOfCall } = await gather(team, robotCallJobId)
    const names = new Map<string, string>()
    for (const user of plan?.reviewers ?? []) names.set(user, user)
    // The name each reviewer grades under, the plan's reviewers first, then anyone else who graded.
    const graders = [...grades.values()].flat().sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
    for (const g of graders) names.set(g.reviewer, g.reviewerName || g.reviewer)
    const calls: TeamResultCall[] = ids.map((callRecordId) => {
      const assignment = assignmentOfCall(callRecordId)
      const all = shown(grades.get(callRecordId) ?? [])
      const settlement = settlements.get(callRecordId)
      return {
        callRecordId,
        reviewers: assignment.reviewers,
        sampled: assignment.sampled,
        grades: all,
        disagreement: disagreeing(assignment, all),
        final: finalOf(assignment, all, settlement),
        settlement: settlement ? { finalLevel: settlement.finalLevel, note: settlement.note, settledBy: settlement.settledBy, settledAt: settlement.settledAt } : null,
      }
    })
    return { robotCallJobId, reviewers: [...names].map(([user, name]) => ({ user, name })), calls }
  }

  async function sync(): Promise<TeamStatus> {
    const team = await connect()
    if (!team) return OFF
    deps.onStatus?.(await statusOf(team, { ...(await team.sync.status()), phase: 'syncing' }))
    const synced = await team.sync.sync()
    if (synced.phase !== 'offline') team.lead ??= await askLead(team.server)
    const status = await statusOf(team, synced)
    deps.onStatus?.(status)
    return status
  }

  return {
    async status() {
      const team = await connect()
      return team ? statusOf(team) : OFF
    },
    sync,
    syncSoon() {
      // Said at once: one more grade waits to go out (the badge must not keep saying "synced").
      void connect().then(async (team) => {
        if (team) deps.onStatus?.(await statusOf(team))
      }).catch(() => {})
      if (soon) clearTimeout(soon)
      soon = setTimeout(() => {
        soon = undefined
        sync().catch(() => {})
      }, SYNC_AFTER_GRADE_MS)
      soon.unref?.()
    },
    close() {
      if (soon) clearTimeout(soon)
      soon = undefined
    },
    async task(robotCallJobId) {
      const team = await connect()
      if (!team) return { robotCallJobId, plan: null, calls: [], reliability: { pairs: [], fleiss: null, withFinal: [] } }
      return taskOf(team, robotCallJobId)
    },
    async plan(request) {
      const team = await required()
      await requireLead(team)
      await team.sync.sync()
      const existing = (await team.sync.docs()).find((d): d is TeamPlanDoc => d._id === planDocId(request.robotCallJobId))
      const rule: TeamPlanRule = { reviewers: request.reviewers, samplePercent: request.samplePercent, seed: existing?.seed ?? `${request.robotCallJobId}-${now().getTime()}` }
      // A plan made again keeps every call already shared with its reviewers; only new calls are dealt.
      const kept = existing && existing.reviewers.join('\n') === rule.reviewers.join('\n') && existing.samplePercent === rule.samplePercent ? recordedOf(existing) : new Map<Id, Assignment>()
      const fresh = splitCalls(rule, (await deps.knownCallIds(request)).filter((id) => !kept.has(id)))
      const all = new Map([...fresh, ...kept])
      const doc: TeamPlanDoc = {
        _id: planDocId(request.robotCallJobId),
        ...(existing?._rev ? { _rev: existing._rev } : {}),
        type: 'plan',
        robotCallJobId: String(request.robotCallJobId),
        reviewers: rule.reviewers,
        samplePercent: rule.samplePercent,
        seed: rule.seed,
        assigned: Object.fromEntries([...all].map(([id, a]) => [String(id), a.reviewers])),
        sampled: [...all].flatMap(([id, a]) => (a.sampled ? [String(id)] : [])),
        createdBy: team.server.user,
        createdAt: now().toISOString(),
      }
      await team.sync.write(doc)
      return taskOf(team, request.robotCallJobId)
    },
    async settle({ robotCallJobId, callRecordId, finalLevel, note }) {
      const team = await required()
      await requireLead(team)
      await team.sync.sync()
      const id = settlementDocId(robotCallJobId, callRecordId)
      const existing = (await team.sync.docs()).find((d): d is TeamSettlementDoc => d._id === id)
      const doc: TeamSettlementDoc = {
        _id: id,
        ...(existing?._rev ? { _rev: existing._rev } : {}),
        type: 'settlement',
        robotCallJobId: String(robotCallJobId),
        callRecordId: String(callRecordId),
        finalLevel,
        note,
        settledBy: team.server.user,
        settledAt: now().toISOString(),
        history: existing ? [...existing.history, { finalLevel: existing.finalLevel, note: existing.note, settledBy: existing.settledBy, settledAt: existing.settledAt }].slice(-500) : [],
      }
      await team.sync.write(doc)
      return taskOf(team, robotCallJobId)
    },
    async result(robotCallJobId) {
      const team = await required()
      await requireLead(team)
      return resultOf(team, robotCallJobId)
    },
    async exportFacts() {
      const team = await connect()
      if (!team) return undefined
      const jobs = [...new Set((await team.sync.docs()).map((d) => d.robotCallJobId))]
      const facts = new Map<string, TeamExportFacts>()
      for (const job of jobs) {
        const { me, settlements, grades, ids, assignmentOfCall } = await gather(team, idOf(job))
        for (const callRecordId of ids) {
          const assignment = assignmentOfCall(callRecordId)
          const all = shown(grades.get(callRecordId) ?? [])
          const settlement = settlements.get(callRecordId)
          // The export is the lead's and the reviewer's own record: a call still blind for this
          // reviewer shows no other grade there, nor a final grade made of one.
          const blind = blindTo(me, assignment, all)
          const final = settlement || !blind ? finalOf(assignment, all, settlement) : null
          facts.set(`${job} ${callRecordId}`, {
            teamUser: me,
            others: blind ? [] : all.filter((g) => g.reviewer !== me).map((g) => ({ name: g.reviewerName || g.reviewer, level: g.realIntentLevel })),
            finalLevel: final?.level ?? null,
            finalSource: final?.source ?? null,
            settledBy: settlement?.settledBy ?? '',
            settlementNote: settlement?.note ?? '',
          })
        }
      }
      const me = team.server.user
      const none: TeamExportFacts = { teamUser: me, others: [], finalLevel: null, finalSource: null, settledBy: '', settlementNote: '' }
      return (robotCallJobId: Id, callRecordId: Id): TeamExportFacts => facts.get(`${robotCallJobId} ${callRecordId}`) ?? none
    },
    async mineOf(robotCallJobId) {
      const team = await connect()
      if (!team) return null
      const plan = (await team.sync.docs()).find((d): d is TeamPlanDoc => d._id === planDocId(robotCallJobId))
      if (!plan) return null
      const rule = ruleOf(plan)
      const recorded = recordedOf(plan)
      const me = team.server.user
      return (callRecordId) => assignmentOf(rule, recorded, callRecordId).reviewers.includes(me)
    },
    async conflicts() {
      const team = await connect()
      return team ? team.sync.conflicts() : []
    },
    async resolve(docId, keep) {
      const team = await required()
      await team.sync.resolveConflict(docId, keep)
      const status = await statusOf(team)
      deps.onStatus?.(status)
      return status
    },
    reset() {
      connected = undefined
    },
  }
}

type TeamResultGrade = TeamResultCall['grades'][number]

/** The grades that say something: a level or a note (a grade cleared again says nothing). */
function shown(grades: readonly TeamResultGrade[]): TeamResultGrade[] {
  return grades.filter((g) => g.realIntentLevel !== null || g.note !== '')
}

/** A second grader does not see the first grade before giving their own. */
function blindTo(me: string, assignment: Assignment, grades: readonly TeamResultGrade[]): boolean {
  return assignment.sampled && assignment.reviewers.includes(me) && !grades.some((g) => g.reviewer === me && g.realIntentLevel !== null)
}

/** Every reviewer of a sampled call has graded it, and not alike. */
function disagreeing(assignment: Assignment, grades: readonly TeamResultGrade[]): boolean {
  const levels = assignment.reviewers.map((r) => grades.find((g) => g.reviewer === r)?.realIntentLevel ?? null)
  return assignment.sampled && levels.every((l) => l !== null) && new Set(levels).size > 1
}

/** A call's final grade: the lead's settlement; else the grade its reviewers all gave (the one
 *  reviewer's for a call outside the sample; anyone's who graded it when none of its reviewers
 *  did, e.g. one taken off the task); else none yet, waiting for a grade or for the lead. */
export function finalOf(assignment: Assignment, grades: readonly TeamResultGrade[], settlement?: Pick<TeamSettlementDoc, 'finalLevel'>): { level: IntentLevel | null; source: TeamFinalSource } {
  if (settlement) return { level: settlement.finalLevel, source: 'settled' }
  const levelOf = (reviewer: string) => grades.find((g) => g.reviewer === reviewer)?.realIntentLevel ?? null
  const assigned = assignment.reviewers.map(levelOf)
  const fromAssigned = assigned.some((l) => l !== null)
  const levels = fromAssigned ? assigned : grades.map((g) => g.realIntentLevel)
  const given = levels.filter((l): l is IntentLevel => l !== null)
  if (given.length === 0) return { level: null, source: 'waiting' }
  if (new Set(given).size > 1) return { level: null, source: 'disputed' }
  if (given.length < levels.length) return { level: null, source: 'waiting' }
  return { level: given[0]!, source: given.length >= 2 ? 'agreed' : 'single' }
}

function pick(doc: TeamGradeDoc) {
  return { reviewer: doc.reviewer, reviewerName: doc.reviewerName, realIntentLevel: doc.realIntentLevel, note: doc.note, updatedAt: doc.updatedAt }
}
