// What a "download for offline" reports: the contract's answer (shared/ipc/contract.ts), sent to
// the page as it is. Named here for the downloader's own code; defined once, there.
import type { DownloadRequest, DownloadStatusAnswer } from '../../../../shared/ipc/contract'

export type { DownloadRequest }
export type DownloadStatus = DownloadStatusAnswer
export type DownloadFailure = DownloadStatus['failures'][number]
export type DownloadState = DownloadStatus['state']
export type DownloadStep = DownloadFailure['step']
