// Public types of the simulated API server.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Answer } from './answer'
import type {
  Gender,
  IntentLevel,
  JobStatus,
  ReadStatus,
  ResultStatus,
  SpeakerType,
} from '../../shared/enums'
import type { Id } from '../../shared/ids'
import type { SimDialogFlow, SimIntentLevelTag } from './tenant'

export interface SimCredentials {
  appKey: string
  appSecret: string
  tenantSign: string
}

/**
 * Which revision of the call list's request the simulator reads: 'seed' (the spec in
 * ../shared/api/: searchWords, and none of the later filters), or 'today' (the docs since
 * 2019-07-09: calledPhoneNumber, callRecordId, customerPersonName and the other filters, no
 * searchWords). A field the revision does not document is ignored, as an unknown field is.
 */
export type ApiRevision = 'seed' | 'today'

export interface SimulatorOptions {
  /** 0 = any free port (default). */
  port?: number
  /** Loopback only; default '127.0.0.1'. */
  host?: string
  /** Default 1; the data set is fully deterministic for a seed. */
  seed?: number
  credentials?: SimCredentials
  /** Default 'today'. */
  apiRevision?: ApiRevision
  /** Added to every API answer (default 0). */
  latencyMs?: number
  /** Clock for the timestamp check (default Date.now). */
  now?: () => number
  /** Folder of the rendered voice bank (resources/voice; the host knows where it is installed). */
  voiceDir: string
  /** Adds a task whose ids lie beyond 2^53, where a double would round them (big-ids.ts). */
  bigIds?: boolean
  /** Sees each request before it is answered; tests arm failures with it. */
  intercept?: (request: InterceptedRequest) => Promise<InterceptOutcome>
}

/** Which endpoint a request is for: an API route or a recording. */
export type RequestTarget =
  | 'callList'
  | 'callDetail'
  | 'jobList'
  | 'jobDetail'
  | 'jobStats'
  | 'usedIntentLevelTags'
  | 'intentLevelTag'
  | 'dialogFlowList'
  | 'recording'

/** Whether the server answers a request as usual after `intercept` saw it. */
export type InterceptOutcome = 'continue' | 'answered' | 'cut-short'

/** A request as `intercept` sees it, with the server's means of answering it. */
export interface InterceptedRequest {
  req: IncomingMessage
  res: ServerResponse
  /** undefined: an unknown path. */
  target: RequestTarget | undefined
  entry: RequestLogEntry
  /** Waits, ended early when the server closes. */
  delay(ms: number): Promise<void>
  send(answer: Answer): void
  /** Leaves the request unanswered until the client or the server gives up. */
  holdOpen(): void
}

/** Where one transcript line is heard in the full recording, in seconds. */
export interface TurnTiming {
  callDetailId: Id
  type: SpeakerType
  start: number
  end: number
}

export interface RequestLogEntry {
  method: string
  /** Path without the query string. */
  path: string
  /** The envelope code, for JSON envelopes. */
  code?: number
  /** HTTP status; 0 when no answer was sent (hang, reset). */
  status: number
}

export interface SimJob {
  robotCallJobId: Id
  name: string
  status: JobStatus
  completedTask: number
  taskCallTotal: number
  /** 'YYYY-MM-DD HH:mm', as getJobs documents it (getJobDetail's has seconds). */
  createTime: string
  createdByUserName: string
  organizationName: string
  dialogFlowId: number
}

export interface SimUtterance {
  callDetailId: Id
  type: SpeakerType
  text: string
}

/** A call as the list endpoint answers it. */
export interface SimCall {
  callRecordId: Id
  tenantId: number
  robotCallJobId: Id
  dialogFlowId: number
  robotCallTaskId: number
  customerPersonId: number
  calledPhoneNumber: string
  phoneNumberId: number
  resultStatus: ResultStatus
  intentLevel: IntentLevel
  intentLevelName: string | null
  intentLevelTagId: number
  realIntentLevel: IntentLevel | null
  realIntentLevelName: string | null
  customerConcern: string[]
  fullAudioUrl: string | null
  customerAudioUrl: string | null
  analysisBasis: string
  startTime: string
  chatDuration: number
  chatRound: number
  readStatus: ReadStatus
  /** REMOTE_HANGUP (documented) when the customer hung up, LOCAL_HANGUP (not documented: the
   *  simulator's word for the robot's side) when the robot did; null when nobody answered. */
  hangupBy: string | null
  /** Redials before this call: 0 for the first attempt at the number. */
  redialTimes: number
  callDetailList: SimUtterance[]
}

export interface SimCustomer {
  customerPersonId: number
  creationTime: string
  tenantId: number
  customerGroupId: number
  name: string
  phoneNumber: string
  wechatNumber: string | null
  source: string
  gender: Gender
  properties: Record<string, string>
  lastFollowTime: string | null
  lastChatDuration: number
  lastStartTime: string | null
  lastIntentLevel: IntentLevel | null
  lastDialStatus: ResultStatus | null
  assignTime: string
  customerGroupName: string
}

/** What the detail endpoint adds to a call. */
export interface SimCallExtras {
  /** 'YYYY-MM-DD HH:mm:ss' (the detail answers it as 'YYYY-MM-DDTHH:mm:ss'). */
  endTime: string
  /** The customer's attributes (用户属性), a list of words as documented: ["有钱"]. */
  attributes: string[]
}

export interface SimDataset {
  seed: number
  /** The main tasks first: jobs[0] is property sales, jobs[1] a payment reminder, jobs[2] a survey. */
  jobs: SimJob[]
  /** Ordered by callRecordId (dialling order). */
  calls: SimCall[]
  customers: SimCustomer[]
  customerGroups: { customerGroupId: number; name: string }[]
  /** The tenant's dialogue flows, as getDialogFlowList answers them. */
  dialogFlows: SimDialogFlow[]
  /** The tenant's intent label groups, the built-in group 0 first (getIntentLevelTag). */
  intentLevelTags: SimIntentLevelTag[]
}

export interface RunningSimulator {
  /** e.g. 'http://127.0.0.1:43123', no trailing slash. */
  url: string
  port: number
  apiRevision: ApiRevision
  dataset: SimDataset
  /** Where each transcript line lies in the full recording; undefined for an unknown call. */
  groundTruth(callRecordId: Id): TurnTiming[] | undefined
  setLatency(ms: number): void
  /** The last 1000 requests. */
  requestLog: readonly RequestLogEntry[]
  close(): Promise<void>
}
