// The simulated tenant: tasks, customers and calls, each answered call with its conversation
// and the timeline its recordings are mixed from. Fully determined by the seed.
import {
  RESULT_STATUS_LABELS,
  type Gender,
  type IntentLevel,
  type JobStatus,
  type ResultStatus,
} from '../../shared/enums'
import { converse, pickPersona, type Conversation, type HangupSide, type Persona } from './conversation'
import { customerProperties, mobileNumber, personName } from './people'
import { createRng, hashInts, type Rng } from './random'
import {
  NOTICE_SCRIPT,
  OPERATOR_ANNOUNCEMENTS,
  SALES_SCRIPT,
  SURVEY_SCRIPT,
  type DialogueScript,
} from './script-library'
import { dialogFlows, INTENT_LEVEL_TAGS, tagLevelName } from './tenant'
import { layOutConversation, layOutEarlyMedia, type CallTimeline } from './timeline'
import type { SimCall, SimCallExtras, SimCustomer, SimDataset, SimJob } from './types'
import type { Id } from '../../shared/ids'
import { VOICE_SAMPLE_RATE, type VoiceBank } from './voice-bank'
import { customerVoicesFor, OPERATOR_VOICE, ROBOT_VOICE } from './voices'
import { DAY, formatDateTime, formatMinute, HOUR, intoCallingHours, MINUTE, wallSeconds } from './wall-clock'

export const TENANT_ID = 1


const CUSTOMER_GROUPS = [
  { customerGroupId: 181, name: '官网留资' },
  { customerGroupId: 182, name: '抖音线索' },
  { customerGroupId: 183, name: '11月账单客户' },
  { customerGroupId: 184, name: '11月新装用户' },
  { customerGroupId: 185, name: '老业主' },
]

interface JobPlan {
  robotCallJobId: number
  name: string
  script: DialogueScript
  status: JobStatus
  /** How many calls, at least and at most. */
  calls: [number, number]
  /** Tasks not dialled yet, for jobs still running. */
  pendingTasks: number
  groups: number[]
  creationTime: string
  /** Days over which the calls were made. */
  spanDays: number
  createdByUserName: string
  organizationName: string
}

const JOB_PLANS: JobPlan[] = [
  {
    robotCallJobId: 1207, name: '滨江悦府-11月到访邀约', script: SALES_SCRIPT, status: 'COMPLETED', calls: [480, 520],
    pendingTasks: 0, groups: [181, 182], creationTime: '2025-11-03 09:12:40', spanDays: 10,
    createdByUserName: '林晓雯', organizationName: '销售一部',
  },
  {
    robotCallJobId: 1215, name: '信用卡还款提醒-第47期', script: NOTICE_SCRIPT, status: 'IN_PROCESS', calls: [380, 420],
    pendingTasks: 164, groups: [183], creationTime: '2025-11-17 14:05:11', spanDays: 5,
    createdByUserName: '周建平', organizationName: '贷后管理部',
  },
  {
    robotCallJobId: 1222, name: '宽带安装满意度回访', script: SURVEY_SCRIPT, status: 'COMPLETED', calls: [280, 320],
    pendingTasks: 0, groups: [184], creationTime: '2025-11-10 10:30:00', spanDays: 6,
    createdByUserName: '陈思远', organizationName: '客户服务中心',
  },
  {
    robotCallJobId: 1198, name: '账单提醒-第46期', script: NOTICE_SCRIPT, status: 'COMPLETED', calls: [60, 80],
    pendingTasks: 0, groups: [183], creationTime: '2025-10-16 16:20:33', spanDays: 3,
    createdByUserName: '周建平', organizationName: '贷后管理部',
  },
  {
    robotCallJobId: 1230, name: '老业主转介绍回访', script: SALES_SCRIPT, status: 'USER_PAUSE', calls: [40, 50],
    pendingTasks: 57, groups: [185], creationTime: '2025-11-12 11:00:02', spanDays: 2,
    createdByUserName: '林晓雯', organizationName: '销售一部',
  },
  {
    robotCallJobId: 1236, name: '12月宽带回访（第二批）', script: SURVEY_SCRIPT, status: 'NOT_STARTED', calls: [0, 0],
    pendingTasks: 420, groups: [184], creationTime: '2025-11-21 09:40:17', spanDays: 0,
    createdByUserName: '陈思远', organizationName: '客户服务中心',
  },
  {
    robotCallJobId: 1241, name: '开放日邀约-12月', script: SALES_SCRIPT, status: 'IN_QUEUE', calls: [0, 0],
    pendingTasks: 300, groups: [181], creationTime: '2025-11-20 18:02:55', spanDays: 0,
    createdByUserName: '王卓', organizationName: '销售二部',
  },
]

/** The results the simulated calls end in: the ten the call list's own docs name (CALL_LOSS and
 *  TRANSFER_ARTIFICIAL, documented with the task endpoints, are not simulated). */
type SimulatedStatus = Exclude<ResultStatus, 'CALL_LOSS' | 'TRANSFER_ARTIFICIAL'>
const STATUS_WEIGHTS: Record<SimulatedStatus, number> = {
  ANSWERED: 68, NO_ANSWER: 12, BUSY: 5, POWER_OFF: 5, OUT_OF_SERVICE: 3, REFUSED: 6,
  VACANT_NUMBER: 4, CAN_NOT_CONNECT: 3, FROM_PHONE_ERROR: 1, SYSTEM_ERROR: 1,
}
/** Numbers that will never answer: not redialled, always the same result. */
const DEAD_NUMBER: ReadonlySet<ResultStatus> = new Set(['VACANT_NUMBER', 'OUT_OF_SERVICE'])
const NOT_OUR_FAULT: ReadonlySet<ResultStatus> = new Set(['FROM_PHONE_ERROR', 'SYSTEM_ERROR'])
const RINGS: Partial<Record<ResultStatus, [number, number]>> = { NO_ANSWER: [2, 4], CAN_NOT_CONNECT: [1, 1] }
const PERSONA_LABELS: Record<Persona, string> = {
  interested: '有意向', curious: '咨询型', neutral: '一般应答', refuser: '明确拒绝',
  busy: '忙碌', silent: '无应答', hangup: '中途挂机', wrongPerson: '非本人',
}
/** hangupBy as the list says it: REMOTE_HANGUP is the docs' value; the robot side's value is not
 *  documented, and the simulator's own word for it shows the app meeting a value it does not know. */
const HANGUP_BY: Record<HangupSide, string> = { PERSON: 'REMOTE_HANGUP', ROBOT: 'LOCAL_HANGUP' }
const ADJACENT_LEVELS: Record<IntentLevel, IntentLevel[]> = {
  A: ['B'], B: ['A', 'C'], C: ['B', 'D', 'E'], D: ['C', 'F'], E: ['B', 'C'], F: ['D', 'E'],
}

/** One dialling before it becomes a call record. */
interface Dialling {
  job: JobPlan
  customer: SimCustomer
  voice: string
  robotCallTaskId: number
  attempt: number
  status: ResultStatus
  time: number
  rngSeed: number
}

export interface SimWorld {
  dataset: SimDataset
  calls: Map<Id, SimCall>
  customers: Map<number, SimCustomer>
  extras: Map<Id, SimCallExtras>
  timelines: Map<Id, CallTimeline>
  /** Each task's creation time to the second ('YYYY-MM-DD HH:mm:ss'), as getJobDetail gives it. */
  jobCreated: Map<Id, string>
}

function planDiallings(seed: number, plan: JobPlan, ids: { customer: number; task: number }, phones: Set<string>) {
  const rng = createRng(hashInts(seed, plan.robotCallJobId))
  const target = rng.int(plan.calls[0], plan.calls[1])
  const created = wallSeconds(plan.creationTime)
  const diallings: Dialling[] = []
  const customers: SimCustomer[] = []
  while (diallings.length < target) {
    const customer = makeCustomer(plan, ids.customer++, created, rng, phones)
    customers.push(customer)
    const voice = rng.pick(customerVoicesFor(customer.gender))
    const robotCallTaskId = ids.task++
    let time = intoCallingHours(created + DAY + Math.floor(rng.next() * plan.spanDays * DAY))
    const dead = rng.chance(0.06) ? rng.pick([...DEAD_NUMBER]) : undefined
    for (let attempt = 0; attempt < 3; attempt++) {
      const status = dead ?? rng.weighted(STATUS_WEIGHTS)
      const rngSeed = hashInts(seed, plan.robotCallJobId, robotCallTaskId, attempt)
      diallings.push({ job: plan, customer, voice, robotCallTaskId, attempt, status, time, rngSeed })
      if (status === 'ANSWERED' || dead || !rng.chance(0.5)) break
      time = intoCallingHours(time + rng.int(HOUR, 26 * HOUR))
    }
  }
  return { diallings, customers }
}

function makeCustomer(plan: JobPlan, id: number, jobCreated: number, rng: Rng, phones: Set<string>): SimCustomer {
  const gender: Gender = rng.chance(0.08) ? 'UNKNOWN' : rng.chance(0.5) ? 'MALE' : 'FEMALE'
  const group = CUSTOMER_GROUPS.find((g) => g.customerGroupId === rng.pick(plan.groups)) ?? CUSTOMER_GROUPS[0]!
  const phoneNumber = mobileNumber(rng, phones)
  const creation = jobCreated - rng.int(DAY, 40 * DAY)
  return {
    customerPersonId: id,
    creationTime: formatMinute(creation),
    tenantId: TENANT_ID,
    customerGroupId: group.customerGroupId,
    name: personName(gender, rng),
    phoneNumber,
    wechatNumber: rng.chance(0.3) ? (rng.chance(0.5) ? phoneNumber : `wxid_${hashInts(id).toString(36)}`) : null,
    source: rng.chance(0.85) ? 'UPLOADED_BY_YOURSELF' : 'API_IMPORT',
    gender,
    properties: customerProperties(plan.script.kind, rng),
    lastFollowTime: null,
    lastChatDuration: 0,
    lastStartTime: null,
    lastIntentLevel: null,
    lastDialStatus: null,
    assignTime: formatDateTime(jobCreated + rng.int(MINUTE, HOUR)),
    customerGroupName: group.name,
  }
}

function recordingUrl(baseUrl: string, jobId: number, callRecordId: number, file: string): string {
  return `${baseUrl}/recordings/TenantId${TENANT_ID}/CallJobId${jobId}/${callRecordId}/${file}`
}

/** What a dialling came to: the parts of a call record that depend on the result. */
type CallOutcome = Pick<
  SimCall,
  | 'intentLevel' | 'realIntentLevel' | 'customerConcern' | 'fullAudioUrl' | 'customerAudioUrl' | 'analysisBasis'
  | 'chatDuration' | 'chatRound' | 'readStatus' | 'hangupBy' | 'callDetailList'
>

/** One literal with every field in a fixed order: cheap to build and the same shape for all calls. */
function callRecord(d: Dialling, callRecordId: number, startTime: string, o: CallOutcome): SimCall {
  const script = d.job.script
  return {
    callRecordId,
    tenantId: TENANT_ID,
    robotCallJobId: d.job.robotCallJobId,
    dialogFlowId: script.dialogFlowId,
    robotCallTaskId: d.robotCallTaskId,
    customerPersonId: d.customer.customerPersonId,
    calledPhoneNumber: d.customer.phoneNumber,
    phoneNumberId: 101 + (d.robotCallTaskId % 3),
    resultStatus: d.status,
    intentLevel: o.intentLevel,
    // The names of the script's label group (tenant.ts); null for a level the group does not name.
    intentLevelName: tagLevelName(script.intentLevelTagId, o.intentLevel),
    intentLevelTagId: script.intentLevelTagId,
    realIntentLevel: o.realIntentLevel,
    realIntentLevelName: o.realIntentLevel ? tagLevelName(script.intentLevelTagId, o.realIntentLevel) : null,
    customerConcern: o.customerConcern,
    fullAudioUrl: o.fullAudioUrl,
    customerAudioUrl: o.customerAudioUrl,
    analysisBasis: o.analysisBasis,
    startTime,
    chatDuration: o.chatDuration,
    chatRound: o.chatRound,
    readStatus: o.readStatus,
    hangupBy: o.hangupBy,
    redialTimes: d.attempt,
    callDetailList: o.callDetailList,
  }
}

/** The task holding the one very long call, and how many times its conversation's body recurs. */
const LONG_CALL_JOB = 1230
const LONG_CALL_REPEATS = 50

/** The conversation with its body (all but the opening and the closing) said `times` times over. */
function lengthened(conversation: Conversation, times: number): Conversation {
  const [opening, ...rest] = conversation.acts
  const closing = rest.pop()
  if (!opening || !closing || rest.length === 0) return conversation
  const body = Array.from({ length: times }, () => rest).flat()
  return { ...conversation, cutOffAtEnd: false, acts: [opening, ...body, closing] }
}

/** Builds the whole world for a seed; `baseUrl` goes into the recording addresses. */
export function buildWorld(seed: number, baseUrl: string, bank: VoiceBank): SimWorld {
  const ids = { customer: 2_006_001, task: 9_300_001 }
  const phones = new Set<string>()
  const allCustomers: SimCustomer[] = []
  const diallings: Dialling[] = []
  const tasksOfJob = new Map<JobPlan, number>()
  for (const plan of JOB_PLANS) {
    const planned = planDiallings(seed, plan, ids, phones)
    allCustomers.push(...planned.customers)
    diallings.push(...planned.diallings)
    tasksOfJob.set(plan, planned.customers.length)
  }
  diallings.sort((a, b) => a.time - b.time || a.robotCallTaskId - b.robotCallTaskId || a.attempt - b.attempt)

  const calls: SimCall[] = []
  const extras = new Map<number, SimCallExtras>()
  const timelines = new Map<number, CallTimeline>()
  let nextDetailId = 30_000_001
  let longCallMade = false
  let nextCallId = 4_870_001

  for (const d of diallings) {
    const callRecordId = nextCallId++
    const rng = createRng(d.rngSeed)
    const script = d.job.script
    const startTime = formatDateTime(d.time)
    const ringSeconds = rng.int(3, 15)
    let outcome: CallOutcome
    if (d.status === 'ANSWERED') {
      const persona = pickPersona(script.kind, rng)
      let conversation = converse(script, persona, rng)
      // One customer of the referral task talks for half an hour: the long-recording case.
      if (!longCallMade && d.job.robotCallJobId === LONG_CALL_JOB) {
        conversation = lengthened(conversation, LONG_CALL_REPEATS)
        longCallMade = true
      }
      const clips = conversation.acts.map((a) => bank.clip(a.speaker === 'ROBOT' ? ROBOT_VOICE : d.voice, a.text))
      const layout = layOutConversation(conversation, clips, nextDetailId, rng)
      const quiet = rng.chance(0.12)
      timelines.set(callRecordId, {
        totalSamples: layout.totalSamples,
        clips: layout.clips,
        tones: [],
        customerGain: quiet ? Math.pow(10, -15 / 20) * rng.between(0.8, 1) : rng.between(0.65, 0.95),
        echoDb: rng.between(25, 30),
        noiseSeed: hashInts(seed, callRecordId),
      })
      const callDetailList = conversation.acts.map((a, i) => ({ callDetailId: nextDetailId + i, type: a.speaker, text: a.text }))
      nextDetailId += conversation.acts.length
      const realIntentLevel = rng.chance(0.1)
        ? rng.chance(0.6) ? conversation.intentLevel : rng.pick(ADJACENT_LEVELS[conversation.intentLevel])
        : null
      const chatDuration = Math.round(layout.totalSamples / VOICE_SAMPLE_RATE)
      let robotTurns = 0
      for (const act of conversation.acts) if (act.speaker === 'ROBOT') robotTurns++
      outcome = {
        intentLevel: conversation.intentLevel,
        realIntentLevel,
        customerConcern: conversation.concerns,
        fullAudioUrl: recordingUrl(baseUrl, d.job.robotCallJobId, callRecordId, 'ai_user.wav'),
        customerAudioUrl: rng.chance(0.9) ? recordingUrl(baseUrl, d.job.robotCallJobId, callRecordId, 'user.wav') : null,
        analysisBasis: conversation.analysisBasis,
        chatDuration,
        chatRound: robotTurns,
        readStatus: realIntentLevel || rng.chance(0.35) ? 'HAS_READ' : 'NOT_READ',
        hangupBy: HANGUP_BY[conversation.hangupBy],
        callDetailList,
      }
      extras.set(callRecordId, {
        endTime: formatDateTime(d.time + ringSeconds + chatDuration),
        attributes: [PERSONA_LABELS[persona]],
      })
    } else {
      const intentLevel: IntentLevel = DEAD_NUMBER.has(d.status) || NOT_OUR_FAULT.has(d.status) || rng.chance(0.4) ? 'F' : 'E'
      const announcement = OPERATOR_ANNOUNCEMENTS[d.status]
      let fullAudioUrl: string | null = null
      let mediaSeconds = 0
      if (announcement && rng.chance(0.7)) {
        const rings = RINGS[d.status] ?? [0, 0]
        const layout = layOutEarlyMedia(bank.clip(OPERATOR_VOICE, announcement), rng.int(rings[0], rings[1]), rng)
        timelines.set(callRecordId, {
          totalSamples: layout.totalSamples,
          clips: layout.clips,
          tones: layout.tones,
          customerGain: 0,
          echoDb: 0,
          noiseSeed: hashInts(seed, callRecordId),
        })
        fullAudioUrl = recordingUrl(baseUrl, d.job.robotCallJobId, callRecordId, 'early_media.wav')
        mediaSeconds = Math.round(layout.totalSamples / VOICE_SAMPLE_RATE)
      }
      outcome = {
        intentLevel,
        realIntentLevel: null,
        customerConcern: [],
        fullAudioUrl,
        customerAudioUrl: null,
        analysisBasis: RESULT_STATUS_LABELS[d.status]['zh-CN'],
        chatDuration: 0,
        chatRound: 0,
        readStatus: rng.chance(0.15) ? 'HAS_READ' : 'NOT_READ',
        hangupBy: null,
        callDetailList: [],
      }
      extras.set(callRecordId, { endTime: formatDateTime(d.time + (mediaSeconds || ringSeconds + 20)), attributes: [] })
    }
    const call = callRecord(d, callRecordId, startTime, outcome)
    calls.push(call)
    const customer = d.customer
    customer.lastFollowTime = extras.get(callRecordId)?.endTime ?? startTime
    customer.lastChatDuration = call.chatDuration
    customer.lastStartTime = startTime
    customer.lastIntentLevel = call.intentLevel
    customer.lastDialStatus = call.resultStatus
  }

  const jobs: SimJob[] = JOB_PLANS.map((plan) => {
    const tasks = tasksOfJob.get(plan) ?? 0
    return {
      robotCallJobId: plan.robotCallJobId,
      name: plan.name,
      status: plan.status,
      completedTask: tasks,
      taskCallTotal: tasks + plan.pendingTasks,
      createTime: formatMinute(wallSeconds(plan.creationTime)),
      createdByUserName: plan.createdByUserName,
      organizationName: plan.organizationName,
      dialogFlowId: plan.script.dialogFlowId,
    }
  })

  return {
    dataset: {
      seed,
      jobs,
      calls,
      customers: allCustomers,
      customerGroups: CUSTOMER_GROUPS.map((g) => ({ ...g })),
      dialogFlows: dialogFlows(),
      intentLevelTags: INTENT_LEVEL_TAGS.map((tag) => ({ ...tag, details: tag.details.map((d) => ({ ...d })) })),
    },
    calls: new Map(calls.map((c) => [c.callRecordId, c])),
    customers: new Map(allCustomers.map((c) => [c.customerPersonId, c])),
    extras,
    timelines,
    jobCreated: new Map(JOB_PLANS.map((plan) => [plan.robotCallJobId, plan.creationTime])),
  }
}
