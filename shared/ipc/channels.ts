// The names of every IPC channel, and the bridge object built from them. Kept free of schemas
// so the sandboxed preload, which only forwards calls, stays tiny.
import type { AppErrorPayload } from '../errors'

/** Method name on the bridge → IPC channel name. The contract (contract.ts) has one entry each. */
export const CHANNELS = {
  getAppStatus: 'app:status',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  saveCredentials: 'credentials:save',
  clearCredentials: 'credentials:clear',
  testConnection: 'connection:test',
  listJobs: 'jobs:list',
  listCalls: 'calls:list',
  getCallDetail: 'calls:detail',
  getWorkspaceState: 'workspace:get',
  saveWorkspaceState: 'workspace:save',
  getReviewState: 'review:get',
  saveAnnotation: 'review:annotate',
  markRead: 'review:mark-read',
  prepareAudio: 'audio:prepare',
  getTurnTimings: 'timing:get',
  correctTurnStart: 'timing:correct',
  getFilterProgress: 'review:filter-progress',
  getNotices: 'app:notices',
  exportAnnotations: 'report:export',
  getAgreement: 'report:agreement',
  getCacheUsage: 'cache:usage',
  clearAudioCache: 'cache:clear-audio',
  startDownload: 'offline:start',
  getDownloadStatus: 'offline:status',
  cancelDownload: 'offline:cancel',
  retryDownloadFailures: 'offline:retry',
} as const
export type MethodName = keyof typeof CHANNELS
export type ChannelName = (typeof CHANNELS)[MethodName]

export const METHOD_NAMES = Object.keys(CHANNELS) as MethodName[]

/** Every handler answers with this instead of throwing, so errors survive the bridge intact. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorPayload }

/** The object the preload exposes to the page: one function per channel, nothing else. */
export type RawBridge = Record<MethodName, (payload?: unknown) => Promise<IpcResult<unknown>>>

/** Name under which the bridge appears on `window`. */
export const BRIDGE_GLOBAL = 'callReviewBridge'

export function buildRawBridge(invoke: (channel: ChannelName, payload: unknown) => Promise<unknown>): RawBridge {
  const bridge = {} as RawBridge
  for (const method of METHOD_NAMES) {
    const channel = CHANNELS[method]
    bridge[method] = (payload?: unknown) => invoke(channel, payload) as Promise<IpcResult<unknown>>
  }
  return bridge
}
