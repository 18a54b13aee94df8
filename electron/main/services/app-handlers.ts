// The contract's handlers, composed from the services. Electron's IPC and the browser test
// bridge both serve exactly this object.
import type { Handlers } from '../../../shared/ipc/contract'
import type { AudioService } from './audio/audio-service'
import type { CallDetails } from './call-details'
import type { ConnectionManager } from './connection'
import type { ReviewStore } from './review/review-store'
import type { WorkspaceStateService } from './review/workspace-state'
import type { SettingsService } from './settings/settings-service'

export interface HandlerDeps {
  settings: SettingsService
  connection: ConnectionManager
  workspace: WorkspaceStateService
  review: ReviewStore
  audio: AudioService
  details: CallDetails
  appVersion: string
}

export function createAppHandlers(deps: HandlerDeps): Handlers {
  const { settings, connection, workspace, review, audio, details, appVersion } = deps

  function afterConnectionChange<T>(result: T): T {
    connection.reset()
    details.forget()
    return result
  }

  return {
    async getAppStatus() {
      const { mode, client } = await connection.current()
      return { mode, baseUrl: client.baseUrl, appVersion }
    },
    getSettings: () => settings.getPublic(),
    updateSettings: async (patch) => afterConnectionChange(await settings.update(patch)),
    saveCredentials: async (input) => afterConnectionChange(await settings.saveCredentials(input)),
    clearCredentials: async () => afterConnectionChange(await settings.clearCredentials()),
    testConnection: (input) => connection.test(input?.candidate),
    listJobs: async (query) => (await connection.current()).client.listJobs(query),
    listCalls: async (query) => (await connection.current()).client.listCalls(query),
    getCallDetail: (query) => details.fetch(query.callRecordId),
    getWorkspaceState: async () => workspace.get(),
    saveWorkspaceState: async (state) => workspace.save(state),
    getReviewState: async ({ robotCallJobId }) => review.state(robotCallJobId),
    saveAnnotation: async (input) => review.annotate(input, settings.general().reviewerName),
    markRead: async ({ robotCallJobId, callRecordId }) => {
      review.markRead(robotCallJobId, callRecordId)
      return { ok: true as const }
    },
    prepareAudio: ({ callRecordId, track }) => audio.prepare(callRecordId, track),
  }
}
