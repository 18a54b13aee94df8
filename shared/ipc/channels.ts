// The names of every IPC channel, and the bridge object built from them. Kept free of schemas
// so the sandboxed preload, which only forwards calls, stays tiny.
import type { AppErrorPayload } from '../errors'

/** Method name on the bridge → IPC channel name. The contract (contract.ts) has one entry each. */
export const CHANNELS = {
  getAppStatus: 'app:status',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  saveCredentials: 'credentials:save',
  signOut: 'account:sign-out',
  testConnection: 'connection:test',
  probeConnection: 'connection:probe',
  listJobs: 'jobs:list',
  getJobFigures: 'jobs:figures',
  getIntentLabels: 'tenant:intent-labels',
  listDialogFlows: 'tenant:dialog-flows',
  listCalls: 'calls:list',
  getCallDetail: 'calls:detail',
  getWorkspaceState: 'workspace:get',
  saveWorkspaceState: 'workspace:save',
  getReviewState: 'review:get',
  saveGrade: 'review:grade',
  markRead: 'review:mark-read',
  prepareAudio: 'audio:prepare',
  getTurnTimings: 'timing:get',
  correctTurnStart: 'timing:correct',
  getFilterProgress: 'review:filter-progress',
  queryFetchedCalls: 'calls:query-fetched',
  getFetchedCalls: 'calls:fetched',
  getReviewProgress: 'review:progress',
  getNotices: 'app:notices',
  exportGrades: 'report:export',
  getAgreement: 'report:agreement',
  getCacheUsage: 'cache:usage',
  clearAudioCache: 'cache:clear-audio',
  startDownload: 'offline:start',
  getDownloadStatus: 'offline:status',
  cancelDownload: 'offline:cancel',
  retryDownloadFailures: 'offline:retry',
  searchTranscripts: 'transcripts:search',
  saveTeamServer: 'team:save-server',
  clearTeamServer: 'team:clear-server',
  getTeamStatus: 'team:status',
  syncTeam: 'team:sync',
  getTeamTask: 'team:task',
  planTeamTask: 'team:plan',
  settleTeamCall: 'team:settle',
  listTeamConflicts: 'team:conflicts',
  resolveTeamConflict: 'team:resolve',
  exportTeamResult: 'team:export',
} as const
export type MethodName = keyof typeof CHANNELS
export type ChannelName = (typeof CHANNELS)[MethodName]

export const METHOD_NAMES = Object.keys(CHANNELS) as MethodName[]

/** Event name → IPC channel of the pushes main sends the page. The contract has one schema each. */
export const EVENT_CHANNELS = {
  status: 'event:status',
  downloadStatus: 'event:download-status',
  notice: 'event:notice',
  teamStatus: 'event:team-status',
  menu: 'event:menu',
} as const
export type EventName = keyof typeof EVENT_CHANNELS
export type EventChannelName = (typeof EVENT_CHANNELS)[EventName]

export const EVENT_NAMES = Object.keys(EVENT_CHANNELS) as EventName[]

export type Unsubscribe = () => void

/** Every handler answers with this instead of throwing, so errors survive the bridge intact. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorPayload }

/** The object the preload exposes to the page: one function per channel, and `on` for main's events. */
export type RawBridge = Record<MethodName, (payload?: unknown) => Promise<IpcResult<unknown>>> & {
  /** Listens to one declared event; the listener gets the payload alone. */
  on(event: EventName, listener: (payload: unknown) => void): Unsubscribe
}

/** Name under which the bridge appears on `window`. */
export const BRIDGE_GLOBAL = 'callReviewBridge'

/** Subscribes to one event channel; returns how to stop. */
export type Subscribe = (channel: EventChannelName, listener: (payload: unknown) => void) => Unsubscribe

const isEventName = (name: unknown): name is EventName => EVENT_NAMES.some((known) => known === name)

export function buildRawBridge(invoke: (channel: ChannelName, payload: unknown) => Promise<unknown>, subscribe: Subscribe): RawBridge {
  const methods = {} as Record<MethodName, (payload?: unknown) => Promise<IpcResult<unknown>>>
  for (const method of METHOD_NAMES) {
    const channel = CHANNELS[method]
    methods[method] = (payload?: unknown) => invoke(channel, payload) as Promise<IpcResult<unknown>>
  }
  return {
    ...methods,
    on(event, listener) {
      // The page is not trusted to name a channel: only the declared events can be listened to.
      if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`)
      if (typeof listener !== 'function') throw new Error('the listener must be a function')
      return subscribe(EVENT_CHANNELS[event], listener)
    },
  }
}
