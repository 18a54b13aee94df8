// What a "download for offline" reports: plain data the lead sends to the page as it is.
import type { CallFilters } from '../../../../shared/ipc/contract'

export interface DownloadRequest {
  robotCallJobId: number
  /** The list filters without paging; none = the whole task. */
  filters?: CallFilters
}

export type DownloadStep = 'page' | 'detail' | 'recording' | 'timing'

export interface DownloadFailure {
  callRecordId: number | null
  pageNum?: number
  step: DownloadStep
  message: { 'zh-CN': string; en: string }
}

/** 'paused' = interrupted by a restart, resumable with start(). */
export type DownloadState = 'idle' | 'running' | 'done' | 'cancelled' | 'paused'

export interface DownloadStatus {
  robotCallJobId: number
  state: DownloadState
  pages: { done: number; total: number | null }
  /** A call is done when its detail, recordings and timings are cached. */
  calls: { done: number; total: number | null }
  /** Recording bytes made available offline so far. */
  bytes: number
  startedAt: number | null
  /** Time left, from this run's rate so far; null until a call is done. */
  etaSeconds: number | null
  failures: DownloadFailure[]
}
