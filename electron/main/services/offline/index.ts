// Download for offline: the service and what the lead wires to IPC.
export { createOfflineDownloader, DEFAULT_CONCURRENCY, type OfflineDownloader, type OfflineDownloaderDeps } from './offline-downloader'
export { prepareAudioMeasured } from './measured-audio'
export type { DownloadFailure, DownloadRequest, DownloadState, DownloadStatus, DownloadStep } from './download-status'
export { createPushingDownloader, PUSH_INTERVAL_MS } from './download-push'
