// Ids a double cannot hold (SimulatorOptions.bigIds): one more task whose task, call and
// transcript ids lie beyond 2^53, so that a client rounding them is caught. JSON.parse reads
// 9007199254740993 as …992, so those two calls are both here: rounded, they would be one call.
// The calls are copies of the first answered calls of the first task, under the new ids,
// recordings and all. Off by default: the demo's data stays as it was.
import type { SimWorld } from './dataset'
import type { SimCall, SimJob } from './types'

/** The task; a double reads it as 9007199254740996. */
export const BIG_ID_JOB = '9007199254740997'
/** Its calls, in dialling order: 2^53 itself, then …993 (a double reads it as …992), …994, …995 (…996). */
export const BIG_ID_CALLS = ['9007199254740992', '9007199254740993', '9007199254740994', '9007199254740995'] as const
/** The first transcript line's id; each call's lines follow on. */
const FIRST_DETAIL_ID = BigInt('9007199254750001')

export function addBigIdTask(world: SimWorld): void {
  const { dataset } = world
  const source = dataset.jobs[0]
  if (!source) return
  const originals = dataset.calls
    .filter((call) => call.robotCallJobId === source.robotCallJobId && call.resultStatus === 'ANSWERED')
    .slice(0, BIG_ID_CALLS.length)
  let nextDetail = FIRST_DETAIL_ID
  const copies: SimCall[] = originals.map((original, i) => {
    const callRecordId = BIG_ID_CALLS[i]!
    const detailIds = new Map(original.callDetailList.map((line) => [line.callDetailId, (nextDetail++).toString()]))
    const moveUrl = (url: string | null) =>
      url?.replace(`/CallJobId${source.robotCallJobId}/${original.callRecordId}/`, `/CallJobId${BIG_ID_JOB}/${callRecordId}/`) ?? null
    const copy: SimCall = {
      ...original,
      callRecordId,
      robotCallJobId: BIG_ID_JOB,
      fullAudioUrl: moveUrl(original.fullAudioUrl),
      customerAudioUrl: moveUrl(original.customerAudioUrl),
      callDetailList: original.callDetailList.map((line) => ({ ...line, callDetailId: detailIds.get(line.callDetailId)! })),
    }
    const timeline = world.timelines.get(original.callRecordId)
    if (timeline) {
      const clips = timeline.clips.map((clip) => (clip.callDetailId === undefined ? clip : { ...clip, callDetailId: detailIds.get(clip.callDetailId) }))
      world.timelines.set(callRecordId, { ...timeline, clips })
    }
    const extras = world.extras.get(original.callRecordId)
    if (extras) world.extras.set(callRecordId, extras)
    world.calls.set(callRecordId, copy)
    return copy
  })
  const job: SimJob = {
    ...source,
    robotCallJobId: BIG_ID_JOB,
    name: '超长编号测试任务',
    completedTask: copies.length,
    taskCallTotal: copies.length,
  }
  dataset.jobs.push(job)
  dataset.calls.push(...copies)
}
