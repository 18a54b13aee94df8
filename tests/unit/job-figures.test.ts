// The task picker's reading of a task's figures. The documented getJobStats example is not
// consistent (completedTask 0 beside 342 answered calls): no figure alone closes a task.
import { describe, expect, it } from 'vitest'
import { hasNoFinishedCalls, intentShares, summariseJobFigures } from '../../shared/job-figures'
import { jobDetailSchema, jobStatsSchema } from '../../shared/api-schemas'

/** Figures of the documented getJobStats example (obtainTask.md). */
const DOCUMENTED_STATS = jobStatsSchema.parse({
  taskProgress: 2175.9,
  answeredRate: 9.47,
  intentLevel: { A: 568, B: 555, C: 606, D: 598, E: 560, F: 569 },
  taskCallTotal: 3612,
  answeredTask: 342,
  chatDurationTotal: 89659,
  completedTask: 0,
  dialResult: { ANSWERED: 342, NO_ANSWER: 348, BUSY: 353, POWER_OFF: 344, OUT_OF_SERVICE: 341, REFUSED: 366, VACANT_NUMBER: 338, CAN_NOT_CONNECT: 334, FROM_PHONE_ERROR: 346, SYSTEM_ERROR: 344 },
})
/** The documented getJobDetail example's task and figures (obtainTask.md). */
const DOCUMENTED_DETAIL = jobDetailSchema.parse({
  robotCallJob: { robotCallJobId: 1, dialogFlowId: 1, dialogFlowName: '金融行业体验demo-优化版', name: 'dialog测试', status: 'TERMINATE' },
  completedTask: 3612,
  taskCallTotal: 166,
})

describe('task figures', () => {
  it('reads the documented answers as they are', () => {
    const summary = summariseJobFigures({ detail: DOCUMENTED_DETAIL, stats: DOCUMENTED_STATS })
    expect(summary).toMatchObject({
      dialogFlowId: 1,
      flowName: '金融行业体验demo-优化版',
      finishedCalls: 3456,
      answeredCalls: 342,
      answeredRate: 9.47,
      completedTask: 0,
      taskCallTotal: 166,
    })
    expect(summary.intents.map((i) => i.level)).toEqual(['A', 'B', 'C', 'D', 'E', 'F'])
    expect(intentShares(summary.intents).find((i) => i.level === 'C')!.share).toBe(1)
  })

  it('says a task has no finished call only when its figures all say so', () => {
    const documented = summariseJobFigures({ detail: DOCUMENTED_DETAIL, stats: DOCUMENTED_STATS })
    // completedTask 0, yet calls were answered: it has calls.
    expect(hasNoFinishedCalls({ completedTask: 0 }, documented)).toBe(false)
    const idle = summariseJobFigures({ detail: null, stats: jobStatsSchema.parse({ answeredTask: 0, dialResult: { ANSWERED: 0, BUSY: 0 } }) })
    expect(hasNoFinishedCalls({ completedTask: 5 }, idle)).toBe(true)
    // Without statistics the task list's completedTask decides; unknown never closes a task.
    expect(hasNoFinishedCalls({ completedTask: 0 })).toBe(true)
    expect(hasNoFinishedCalls({ completedTask: null })).toBe(false)
    expect(hasNoFinishedCalls({ completedTask: 12 })).toBe(false)
    expect(hasNoFinishedCalls({ completedTask: 0 }, summariseJobFigures({ detail: DOCUMENTED_DETAIL, stats: null }))).toBe(false)
  })

  it('keeps an intent level it does not know, after A–F', () => {
    const summary = summariseJobFigures({ detail: null, stats: jobStatsSchema.parse({ intentLevel: { B: 2, Z: 1, A: 3 } }) })
    expect(summary.intents).toEqual([
      { level: 'A', count: 3 },
      { level: 'B', count: 2 },
      { level: 'Z', count: 1 },
    ])
  })
})
