// Settings and connection state as main reports them; the renderer never holds secrets.
import { defineStore } from 'pinia'
import type { AppStatus, CredentialsInput, PublicSettings, SettingsPatch, SignOutResult } from '../../../shared/ipc/contract'
import type { CacheUsageAnswer, ConnectionTestInput, ConnectionTestResult } from '../../../shared/ipc/contract'
import type { Language } from '../../../shared/enums'
import type { AppError } from '../../../shared/errors'
import { api, onConnectionFailure } from '../api'
import { base64Bytes, saveDownload } from '../download'
import { connectionState, laterStatus, type ConnectionState } from '../connection-state'

interface State {
  settings: PublicSettings | null
  status: AppStatus | null
  statusError: AppError | null
  /** The recordings cache on disk, when main last said (null if it could not). */
  cacheUsage: CacheUsageAnswer | null
  /** The reviewer said "later" when asked for a name on grading: not asked again this session. */
  reviewerNamePutOff: boolean
}

export const useSettingsStore = defineStore('settings', {
  state: (): State => ({ settings: null, status: null, statusError: null, cacheUsage: null, reviewerNamePutOff: false }),
  getters: {
    language: (state): Language => state.settings?.language ?? 'zh-CN',
    /** What the badge and the offline banner both say. */
    connection: (state): ConnectionState => connectionState(state.status, state.statusError),
  },
  actions: {
    /** The settings and the status now; after that main pushes each change of status. */
    async load() {
      api.on('status', (status) => {
        this.status = laterStatus(this.status, status)
        this.statusError = null
      })
      onConnectionFailure(() => void this.refreshStatus())
      this.settings = await api.getSettings()
      await this.refreshStatus()
    },
    /** Tries the server now (the offline banner's "retry"); main also retries on its own. */
    async probe() {
      try {
        this.status = laterStatus(this.status, await api.probeConnection())
        this.statusError = null
      } catch (error) {
        this.statusError = error as AppError
      }
    },
    async refreshStatus() {
      try {
        this.status = laterStatus(this.status, await api.getAppStatus())
        this.statusError = null
      } catch (error) {
        this.status = null
        this.statusError = error as AppError
      }
    },
    async update(patch: SettingsPatch) {
      this.settings = await api.updateSettings(patch)
      await this.refreshStatus()
    },
    async saveCredentials(input: CredentialsInput) {
      this.settings = await api.saveCredentials(input)
      await this.refreshStatus()
    },
    /** Signs out; with removeLocalData the account's cached calls, recordings and grades go too. */
    async signOut(removeLocalData: boolean): Promise<SignOutResult['removed']> {
      const { settings, removed } = await api.signOut({ removeLocalData })
      this.settings = settings
      await this.refreshStatus()
      return removed
    },
    /** Every grade of this account, all tasks, saved as a file: offered before signing out. */
    async exportAllGrades(format: 'csv' | 'xlsx'): Promise<number> {
      const file = await api.exportGrades({ format, language: this.language })
      saveDownload(file.fileName, file.mimeType, base64Bytes(file.base64) as BlobPart)
      return file.rowCount
    },
    /** The reviewer read that the settings file was damaged. */
    async acknowledgeDamagedSettings() {
      await this.update({ acknowledgeDamagedSettings: true })
    },
    async refreshCacheUsage() {
      this.cacheUsage = await api.getCacheUsage().catch(() => null)
    },
    async clearAudioCache() {
      this.cacheUsage = await api.clearAudioCache()
    },
    /** Tries the typed-in credentials, or the saved ones without a candidate. */
    testConnection(input?: ConnectionTestInput): Promise<ConnectionTestResult> {
      return api.testConnection(input)
    },
  },
})
