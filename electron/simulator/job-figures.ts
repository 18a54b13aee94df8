// job/getJobDetail and job/getJobStats over the data set, shaped as the documentation's examples
// (obtainTask.md): the task under `robotCallJob` with its figures beside it; the statistics with
// the daily series and the task's label group inside `callJobStatsBrokenLine`.
//
// Where the documentation leaves a choice: the statistics count the task's call records (every
// attempt) by result and by AI intent level, and its answered calls into the round and duration
// buckets; the buckets are [0,3) [3,6) [6,10) [10,∞) rounds and [0,10 s) [10 s,1 min) [1,2 min)
// [2,3 min) [3 min,∞); answeredRate and taskProgress are percentages with two decimals; a day is
// the calls' startTime date; averageDurationList is seconds per answered call.
import { INTENT_LEVELS, RESULT_STATUSES, type ResultStatus } from '../../shared/enums'
import type { SimDialogFlow } from './tenant'
import { INTENT_LEVEL_TAGS } from './tenant'
import type { SimCall, SimJob } from './types'

const round2 = (n: number) => Math.round(n * 100) / 100
const percent = (part: number, whole: number) => (whole > 0 ? round2((part / whole) * 100) : 0)

/** Statuses a call is dialled again after (the data set's redials). */
const REDIAL_CONDITION: readonly ResultStatus[] = ['NO_ANSWER', 'BUSY', 'POWER_OFF', 'REFUSED', 'CAN_NOT_CONNECT', 'FROM_PHONE_ERROR', 'SYSTEM_ERROR']
/** The lines calls go out on (the calls' phoneNumberId). */
const JOB_LINES = [101, 102, 103].map((id, i) => ({
  tenantPhoneNumberId: id,
  phoneNumber: `057188${String(61_020 + i * 7).padStart(6, '0')}`,
  phoneName: `杭州固话${i + 1}`,
  enabledStatus: 1,
  phoneType: 'LANDLINE',
  concurrencyQuota: 5,
}))

const dayOf = (startTime: string) => startTime.slice(0, 10)

function bucket<K extends string>(keys: readonly K[], limits: readonly number[], values: readonly number[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>
  for (const value of values) {
    const index = limits.findIndex((limit) => value < limit)
    counts[keys[index < 0 ? keys.length - 1 : index]!]++
  }
  return counts
}

/** `calls` are the task's, oldest first or in any order; `createTime` the task's, to the second. */
export function jobDetailOf(job: SimJob, calls: readonly SimCall[], flow: SimDialogFlow | undefined, tenantId: number, createTime: string) {
  const times = calls.map((call) => call.startTime).sort()
  return {
    robotCallJob: {
      robotCallJobId: job.robotCallJobId,
      tenantId,
      dialogFlowId: job.dialogFlowId,
      dialogFlowName: flow?.name ?? null,
      name: job.name,
      mode: 'AUTO',
      robotCount: 5,
      smsTemplateId: null,
      phoneType: 'LANDLINE',
      dailyStartTime: '09:00:00',
      dailyEndTime: '20:00:00',
      inactiveTimeList: [{ startTime: '12:00', endTime: '13:30' }],
      description: null,
      wechatAlertLevel: [],
      wechatAlertLevelCode: [],
      smsAlertLevel: [],
      smsAlertLevelCode: [],
      wechatConditionAlertLevel: [],
      wechatConditionAlertLevelCode: [],
      alertUsers: [],
      wechatSendMethod: 'SENDTOALL',
      status: job.status,
      startTime: times[0] ?? null,
      nextStartTime: job.status === 'IN_PROCESS' ? '09:00:00' : null,
      createTime,
      updateTime: times[times.length - 1] ?? createTime,
      earlyWarningAlertUsers: [],
      redialCondition: [...REDIAL_CONDITION],
      redialInterval: 60,
      redialTimes: 2,
      createdByUserName: job.createdByUserName,
      organizationName: job.organizationName,
    },
    jobPhoneNumberList: JOB_LINES.map((line) => ({ ...line })),
    transferPhoneNumber: [],
    completedTask: job.completedTask,
    taskCallTotal: job.taskCallTotal,
  }
}

export function jobStatsOf(job: SimJob, calls: readonly SimCall[], intentLevelTagId: number | undefined) {
  const answered = calls.filter((call) => call.resultStatus === 'ANSWERED')
  const intentLevel = Object.fromEntries(INTENT_LEVELS.map((level) => [level, 0]))
  for (const call of calls) intentLevel[call.intentLevel] = (intentLevel[call.intentLevel] ?? 0) + 1
  const dialResult = Object.fromEntries(RESULT_STATUSES.map((status) => [status, 0]))
  for (const call of calls) dialResult[call.resultStatus] = (dialResult[call.resultStatus] ?? 0) + 1
  const concernCounts = new Map<string, number>()
  for (const call of answered) for (const concern of call.customerConcern) concernCounts.set(concern, (concernCounts.get(concern) ?? 0) + 1)

  const days = [...new Set(calls.map((call) => dayOf(call.startTime)))].sort()
  const series = (value: (ofDay: SimCall[], answeredOfDay: SimCall[]) => number) =>
    days.map((date) => {
      const ofDay = calls.filter((call) => dayOf(call.startTime) === date)
      return { date, val: value(ofDay, ofDay.filter((call) => call.resultStatus === 'ANSWERED')) }
    })
  const seconds = (list: SimCall[]) => list.reduce((sum, call) => sum + call.chatDuration, 0)
  const tag = INTENT_LEVEL_TAGS.find((t) => t.intentLevelTagId === intentLevelTagId)

  return {
    taskProgress: percent(job.completedTask, job.taskCallTotal),
    answeredRate: percent(answered.length, calls.length),
    intentLevel,
    taskCallTotal: job.taskCallTotal,
    answeredTask: answered.length,
    chatDurationTotal: seconds(answered),
    completedTask: job.completedTask,
    customerConcern: [...concernCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([concern]) => concern),
    dialResult,
    chatRound: bucket(['LESS_3', 'F3_T6', 'F6_T10', 'F10_MORE'], [3, 6, 10], answered.map((call) => call.chatRound)),
    chatDuration: bucket(
      ['LESS_10S', 'F10S_T1MIN', 'F1MIN_T2MIN', 'F2MIN_T3MIN', 'F3MIN_TMORE'],
      [10, 60, 120, 180],
      answered.map((call) => call.chatDuration),
    ),
    callJobStatsBrokenLine: {
      taskCallCompletedList: series((ofDay) => ofDay.length),
      answeredTaskList: series((_, answeredOfDay) => answeredOfDay.length),
      answeredTaskRateList: series((ofDay, answeredOfDay) => percent(answeredOfDay.length, ofDay.length)),
      chatDurationTotalList: series((_, answeredOfDay) => seconds(answeredOfDay)),
      averageDurationList: series((_, answeredOfDay) => (answeredOfDay.length ? Math.round(seconds(answeredOfDay) / answeredOfDay.length) : 0)),
      intentLevelTagDetailList: (tag?.details ?? []).map((detail) => ({
        code: detail.code,
        intentLevelTagDetailId: tag!.intentLevelTagId * 100 + detail.code + 1,
        intentLevelTagId: tag!.intentLevelTagId,
        name: detail.name,
      })),
    },
  }
}
