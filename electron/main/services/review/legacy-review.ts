// The grades an earlier version kept in key-value stores named review-job-<id>, read once per task
// when its folder is still empty (review-store.ts), so an upgrade loses nothing.
import { gradeSchema, type Grade } from '../../../../shared/ipc/contract'
import type { StoreFactory } from '../storage'
import type { LegacyReview } from './task-log'
import { idSchema, type Id } from '../../../../shared/ids'

/** Whatever valid grades and read marks an earlier `review-job-<id>` store holds. */
export function readLegacyReview(openStore: StoreFactory, jobId: Id): LegacyReview | undefined {
  const store = openStore(`review-job-${jobId}`)
  const rawGrades = store.get('annotations')
  const rawReadIds = store.get('readIds')
  const grades: Grade[] = []
  if (rawGrades && typeof rawGrades === 'object' && !Array.isArray(rawGrades)) {
    for (const value of Object.values(rawGrades)) {
      const parsed = gradeSchema.safeParse(value)
      if (parsed.success && parsed.data.robotCallJobId === jobId) grades.push(parsed.data)
    }
  }
  const readIds: Id[] = []
  for (const raw of Array.isArray(rawReadIds) ? rawReadIds : []) {
    const parsed = idSchema.safeParse(raw)
    if (parsed.success) readIds.push(parsed.data)
  }
  if (grades.length === 0 && readIds.length === 0) return undefined
  return { grades, readIds: [...new Set(readIds)] }
}
