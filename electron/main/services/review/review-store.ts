// The reviewer's own grades and read marks, kept locally per task (one store file per task, so
// a write stays small however many tasks are reviewed). Each change keeps the previous value.
import { z } from 'zod'
import {
  annotationSchema,
  type Annotation,
  type AnnotationInput,
  type ReviewState,
} from '../../../../shared/ipc/contract'
import type { StoreFactory } from '../settings/ports'

const annotationsSchema = z.record(z.string(), annotationSchema)
const readIdsSchema = z.array(z.number())

export interface ReviewStore {
  state(robotCallJobId: number): ReviewState
  annotate(input: AnnotationInput, reviewer: string, now?: Date): Annotation
  markRead(robotCallJobId: number, callRecordId: number): void
}

export function createReviewStore(openStore: StoreFactory): ReviewStore {
  const stores = new Map<number, ReturnType<StoreFactory>>()
  const storeOf = (jobId: number) => {
    let store = stores.get(jobId)
    if (!store) {
      store = openStore(`review-job-${jobId}`)
      stores.set(jobId, store)
    }
    return store
  }

  function annotations(jobId: number): Record<string, Annotation> {
    const parsed = annotationsSchema.safeParse(storeOf(jobId).get('annotations') ?? {})
    return parsed.success ? parsed.data : {}
  }

  return {
    state(jobId) {
      const read = readIdsSchema.safeParse(storeOf(jobId).get('readIds') ?? [])
      return { annotations: Object.values(annotations(jobId)), readIds: read.success ? read.data : [] }
    },
    annotate(input, reviewer, now = new Date()) {
      const all = annotations(input.robotCallJobId)
      const previous = all[String(input.callRecordId)]
      const history = previous
        ? [
            ...previous.history,
            {
              realIntentLevel: previous.realIntentLevel,
              note: previous.note,
              reviewer: previous.reviewer,
              updatedAt: previous.updatedAt,
            },
          ]
        : []
      const annotation: Annotation = {
        robotCallJobId: input.robotCallJobId,
        callRecordId: input.callRecordId,
        realIntentLevel: input.realIntentLevel,
        note: input.note,
        reviewer,
        updatedAt: now.toISOString(),
        history,
      }
      all[String(input.callRecordId)] = annotation
      storeOf(input.robotCallJobId).set('annotations', all)
      return annotation
    },
    markRead(jobId, callRecordId) {
      const store = storeOf(jobId)
      const parsed = readIdsSchema.safeParse(store.get('readIds') ?? [])
      const ids = parsed.success ? parsed.data : []
      if (!ids.includes(callRecordId)) store.set('readIds', [...ids, callRecordId])
    },
  }
}
