// The notices the reviewer must see once (damaged review files set aside and recovered).
// Every task's journals are opened once, in the background, when an account's services are
// created, so damage anywhere is found at start; asking for the notices opens nothing.
import type { Notice } from '../../../../shared/ipc/contract'
import type { Recovery } from './recovery'
import type { ReviewStore } from './review-store'

export function noticeOf(recovery: Recovery): Notice {
  return { id: `${recovery.robotCallJobId}:${recovery.setAsideAs}`, message: { ...recovery.message } }
}

export interface NoticeBoard {
  /** The notices found so far; the first call waits for the opening at start to finish. */
  list(): Promise<Notice[]>
  /** Waits for the opening at start, so the store can be closed after it. */
  close(): Promise<void>
}

/** Starts opening every task of `review` now (each recovery is also told as it is found, see onRecovery). */
export function createNoticeBoard(review: Pick<ReviewStore, 'openAll' | 'recoveries'>, log: (line: string) => void = () => {}): NoticeBoard {
  const opened = review.openAll().catch((error: unknown) => log(`opening the review journals failed: ${String(error)}`))
  return {
    async list() {
      await opened
      return review.recoveries().map(noticeOf)
    },
    close: () => opened,
  }
}
