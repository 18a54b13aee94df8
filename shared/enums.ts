// The platform's enumerations with their Chinese and English labels, as the platform's public
// docs list them today (yiwise/slate source/includes: callRecord.md, task.md, obtainTask.md).
// A value not listed here may still come (a newer server): it is kept and shown as it is,
// never refused (api-schemas.ts).

export const RESULT_STATUSES = [
  'ANSWERED',
  'NO_ANSWER',
  'BUSY',
  'POWER_OFF',
  'OUT_OF_SERVICE',
  'REFUSED',
  'VACANT_NUMBER',
  'CAN_NOT_CONNECT',
  'FROM_PHONE_ERROR',
  'SYSTEM_ERROR',
  // Documented with the task endpoints (task.md, 2019-06) and as redial conditions, not in the
  // call list's own table: a list answer may still carry them.
  'CALL_LOSS',
  'TRANSFER_ARTIFICIAL',
] as const
export type ResultStatus = (typeof RESULT_STATUSES)[number]

export const INTENT_LEVELS = ['A', 'B', 'C', 'D', 'E', 'F'] as const
export type IntentLevel = (typeof INTENT_LEVELS)[number]

export const JOB_STATUSES = [
  'NOT_STARTED',
  'IN_PROCESS',
  'COMPLETED',
  'RUNNABLE',
  'USER_PAUSE',
  'SYSTEM_SUSPENDED',
  'TERMINATE',
  'IN_QUEUE',
  'SYSTEM_HANG_UP',
  'WAITING_FOR_REDIAL',
  'ACCOUNT_DISABLE',
  'MAINTAIN',
] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

export const SPEAKER_TYPES = ['ROBOT', 'PERSON'] as const
export type SpeakerType = (typeof SPEAKER_TYPES)[number]

export const GENDERS = ['MALE', 'FEMALE', 'UNKNOWN'] as const
export type Gender = (typeof GENDERS)[number]

export const READ_STATUSES = ['NOT_READ', 'HAS_READ'] as const
export type ReadStatus = (typeof READ_STATUSES)[number]

/** hangupBy (挂机状态) is a free string; these are the values the docs show (callRecord.md's
 *  request and answer examples). Any other value is kept and shown as it comes. */
export const HANGUP_BY = ['REMOTE_HANGUP'] as const
export type KnownHangupBy = (typeof HANGUP_BY)[number]

export const LANGUAGES = ['zh-CN', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** A text in both interface languages: every message and label the reviewer reads. */
export type Bilingual = Record<Language, string>

export const RESULT_STATUS_LABELS: Record<ResultStatus, Bilingual> = {
  ANSWERED: { 'zh-CN': '已接听', en: 'Answered' },
  NO_ANSWER: { 'zh-CN': '未接', en: 'No answer' },
  BUSY: { 'zh-CN': '占线', en: 'Busy' },
  POWER_OFF: { 'zh-CN': '关机', en: 'Powered off' },
  OUT_OF_SERVICE: { 'zh-CN': '停机', en: 'Out of service' },
  REFUSED: { 'zh-CN': '拒接', en: 'Refused' },
  VACANT_NUMBER: { 'zh-CN': '空号', en: 'Vacant number' },
  CAN_NOT_CONNECT: { 'zh-CN': '无法接通', en: 'Cannot connect' },
  FROM_PHONE_ERROR: { 'zh-CN': '主叫号码不可用', en: 'Caller line unavailable' },
  SYSTEM_ERROR: { 'zh-CN': '外呼失败', en: 'Dialling failed' },
  CALL_LOSS: { 'zh-CN': '多并发呼损', en: 'Lost while queued' },
  TRANSFER_ARTIFICIAL: { 'zh-CN': '转人工呼损', en: 'Lost waiting for an agent' },
}

export const INTENT_LEVEL_LABELS: Record<IntentLevel, Bilingual> = {
  A: { 'zh-CN': '较强', en: 'Strong' },
  B: { 'zh-CN': '一般', en: 'Moderate' },
  C: { 'zh-CN': '无法判断', en: 'Undetermined' },
  D: { 'zh-CN': '很少', en: 'Little' },
  E: { 'zh-CN': '需要再次跟进', en: 'Follow up again' },
  F: { 'zh-CN': '无需再次跟进', en: 'No follow-up' },
}

export const JOB_STATUS_LABELS: Record<JobStatus, Bilingual> = {
  NOT_STARTED: { 'zh-CN': '未开始', en: 'Not started' },
  IN_PROCESS: { 'zh-CN': '进行中', en: 'In progress' },
  COMPLETED: { 'zh-CN': '已完成', en: 'Completed' },
  RUNNABLE: { 'zh-CN': '可运行', en: 'Runnable' },
  USER_PAUSE: { 'zh-CN': '用户暂停', en: 'Paused by user' },
  SYSTEM_SUSPENDED: { 'zh-CN': '系统暂停', en: 'Paused by system' },
  TERMINATE: { 'zh-CN': '已终止', en: 'Terminated' },
  IN_QUEUE: { 'zh-CN': '排队中', en: 'Queued' },
  SYSTEM_HANG_UP: { 'zh-CN': '系统挂起', en: 'Suspended by system' },
  WAITING_FOR_REDIAL: { 'zh-CN': '等待重呼', en: 'Waiting to redial' },
  ACCOUNT_DISABLE: { 'zh-CN': '账户禁用', en: 'Account disabled' },
  MAINTAIN: { 'zh-CN': '系统维护', en: 'System maintenance' },
}

export const HANGUP_BY_LABELS: Record<KnownHangupBy, Bilingual> = {
  // The remote side of an outbound call is the called customer.
  REMOTE_HANGUP: { 'zh-CN': '客户挂断', en: 'Customer hung up' },
}

export const GENDER_LABELS: Record<Gender, Bilingual> = {
  MALE: { 'zh-CN': '男', en: 'Male' },
  FEMALE: { 'zh-CN': '女', en: 'Female' },
  UNKNOWN: { 'zh-CN': '未知', en: 'Unknown' },
}

/** A dialogue flow's (话术) review state, as getDialogFlowList documents it. */
export const DIALOG_FLOW_STATUSES = ['DRAFT', 'PENDING_APPROVAL', 'REJECTED', 'APPROVED'] as const
export type DialogFlowStatus = (typeof DIALOG_FLOW_STATUSES)[number]

export const DIALOG_FLOW_STATUS_LABELS: Record<DialogFlowStatus, Bilingual> = {
  DRAFT: { 'zh-CN': '草稿', en: 'Draft' },
  PENDING_APPROVAL: { 'zh-CN': '等待审核', en: 'Pending approval' },
  REJECTED: { 'zh-CN': '拒绝', en: 'Rejected' },
  APPROVED: { 'zh-CN': '审核通过', en: 'Approved' },
}
