// The team as main reports it: where the sync stands (pushed as it moves), the open task's team
// view (the plan, each call's reviewers, the grades this reviewer may see), and conflicts of this
// reviewer's own grades between desktops. Without a team server the status is 'off' and nothing shows.
import { defineStore } from 'pinia'
import type { IntentLevel, Language } from '../../../shared/enums'
import type { Id } from '../../../shared/ids'
import type { TeamCall, TeamConflict, TeamServerInput, TeamStatus, TeamTask } from '../../../shared/ipc/contract'
import { api } from '../api'
import { base64Bytes, saveDownload } from '../download'
import { useSettingsStore } from './settings'

interface State {
  status: TeamStatus | null
  task: TeamTask | null
  conflicts: TeamConflict[]
  /** The last failure of a team action (plan, settle, sync now), for the view that asked. */
  error: unknown
}

let listening = false
/** Statuses main has pushed so far: a status asked for while one arrived may be the older of the two. */
let pushed = 0

export const useTeamStore = defineStore('team', {
  state: (): State => ({ status: null, task: null, conflicts: [], error: null }),
  getters: {
    on: (state) => state.status !== null && state.status.phase !== 'off',
    lead: (state) => state.status?.lead === true,
    callOf: (state) => (callRecordId: Id | null | undefined): TeamCall | undefined =>
      state.task?.calls.find((call) => call.callRecordId === callRecordId),
    /** Calls of the open task the plan gives this reviewer. */
    myCallIds: (state): Set<Id> => new Set(state.task?.calls.filter((c) => c.mine).map((c) => c.callRecordId) ?? []),
    disagreements: (state): TeamCall[] => state.task?.calls.filter((c) => c.disagreement) ?? [],
  },
  actions: {
    async load() {
      if (!listening) {
        listening = true
        api.on('teamStatus', (status) => {
          pushed++
          const before = this.status
          this.status = status
          // A round brought others' grades (or sent ours): the open task's view follows.
          if (before?.phase === 'syncing' && status.phase !== 'syncing') void this.refreshTask()
          if (status.conflicts !== this.conflicts.length) void this.loadConflicts()
        })
      }
      // A round that ends while this answer is on its way pushes its own status, which may be
      // newer than the answer (the answer then said "not synced yet" until the next round).
      const seen = pushed
      const status = await api.getTeamStatus()
      if (pushed === seen) this.status = status
      await this.loadConflicts()
    },
    async loadConflicts() {
      this.conflicts = this.on ? await api.listTeamConflicts() : []
    },
    /** The team view of a task (none without a team server). */
    async openTask(robotCallJobId: Id | null) {
      if (robotCallJobId === null || !this.on) {
        this.task = null
        return
      }
      this.task = await api.getTeamTask({ robotCallJobId }).catch(() => null)
    },
    async refreshTask() {
      if (this.task) await this.openTask(this.task.robotCallJobId)
    },
    async syncNow() {
      this.error = null
      try {
        this.status = await api.syncTeam()
        await this.refreshTask()
      } catch (error) {
        this.error = error
      }
    },
    async saveServer(input: TeamServerInput) {
      useSettingsStore().settings = await api.saveTeamServer(input)
      await this.load()
    },
    async clearServer() {
      useSettingsStore().settings = await api.clearTeamServer()
      this.task = null
      await this.load()
    },
    async plan(robotCallJobId: Id, reviewers: string[], samplePercent: number) {
      this.task = await api.planTeamTask({ robotCallJobId, reviewers, samplePercent })
    },
    async settle(robotCallJobId: Id, callRecordId: Id, finalLevel: IntentLevel, note: string) {
      this.task = await api.settleTeamCall({ robotCallJobId, callRecordId, finalLevel, note })
    },
    /** The lead's file of the task's team result, saved as a download; resolves to its rows. */
    async exportResult(robotCallJobId: Id, format: 'csv' | 'xlsx', language: Language): Promise<number> {
      const file = await api.exportTeamResult({ robotCallJobId, format, language })
      saveDownload(file.fileName, file.mimeType, base64Bytes(file.base64) as BlobPart)
      return file.rowCount
    },
    async resolve(docId: string, keep: 'mine' | 'theirs') {
      this.status = await api.resolveTeamConflict({ docId, keep })
      await this.loadConflicts()
      await this.refreshTask()
    },
  },
})
