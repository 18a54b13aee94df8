// The review feature: what the rest of the main process may use of it.
export { type ReviewStore } from './review-store'
export { type WorkspaceStateService } from './workspace-state'
export { createReviewStore } from './review-store'
export { createWorkspaceStateService } from './workspace-state'
export { createNoticeBoard, noticeOf, type NoticeBoard } from './notices'
export { type Recovery } from './recovery'
export { createWriterLock } from './writer-lock'
