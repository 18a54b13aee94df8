// The review store the IPC handlers use: the durable annotation store (annotation-store.ts), and
// a one-time import of the grades an earlier version kept in key-value stores named
// review-job-<id>, so an upgrade loses nothing.
import { z } from 'zod'
import { annotationSchema, type Annotation } from '../../../../shared/ipc/contract'
import type { StoreFactory } from '../storage'
import { createAnnotationStore, type AnnotationStore, type LegacyReview, type Recovery } from './annotation-store'

export type ReviewStore = AnnotationStore

export interface ReviewStoreOptions {
  /** Folder for this account's grades (one sub-folder per task). */
  dir: string
  /** The key-value stores of the earlier version, read once per task when its folder is empty. */
  legacyStore?: StoreFactory
  log?: (line: string) => void
  /** Reads only, the earlier version's grades included; nothing is written or imported. */
  readOnly?: boolean
  /** Told of each damaged file set aside, as it is found. */
  onRecovery?: (recovery: Recovery) => void
}

const readIdSchema = z.number().int().positive()

/** Whatever valid grades and read marks an earlier `review-job-<id>` store holds. */
export function readLegacyReview(openStore: StoreFactory, jobId: number): LegacyReview | undefined {
  const store = openStore(`review-job-${jobId}`)
  const rawAnnotations = store.get('annotations')
  const rawReadIds = store.get('readIds')
  const annotations: Annotation[] = []
  if (rawAnnotations && typeof rawAnnotations === 'object' && !Array.isArray(rawAnnotations)) {
    for (const value of Object.values(rawAnnotations)) {
      const parsed = annotationSchema.safeParse(value)
      if (parsed.success && parsed.data.robotCallJobId === jobId) annotations.push(parsed.data)
    }
  }
  const readIds = Array.isArray(rawReadIds) ? rawReadIds.filter((id) => readIdSchema.safeParse(id).success) : []
  if (annotations.length === 0 && readIds.length === 0) return undefined
  return { annotations, readIds: [...new Set(readIds as number[])] }
}

export function createReviewStore(options: ReviewStoreOptions | string): ReviewStore {
  const { dir, legacyStore, log, readOnly, onRecovery } = typeof options === 'string' ? { dir: options } : options
  return createAnnotationStore({
    dir,
    log,
    readOnly,
    onRecovery,
    legacy: legacyStore ? (jobId) => readLegacyReview(legacyStore, jobId) : undefined,
  })
}
