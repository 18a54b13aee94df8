// The tenant's own names: its intent label groups (the letters' names) and its dialogue flows
// (the flow filter's names). Main answers from the server, else the cache; with neither the
// built-in names stand in and the flow is typed by id.
import { defineStore } from 'pinia'
import type { DialogFlow } from '../../../shared/api-schemas'
import type { Language } from '../../../shared/enums'
import { groupById, intentLevelText, type NamedLevels } from '../../../shared/intent-labels'
import type { IntentLabelGroup } from '../../../shared/ipc/contract'
import { api } from '../api'

type Source = 'server' | 'cache' | 'none'

interface State {
  groups: IntentLabelGroup[]
  labelsSource: Source
  flows: DialogFlow[]
  flowsSource: Source
}

let loading: Promise<void> | null = null

export const useTenantStore = defineStore('tenant', {
  state: (): State => ({ groups: [], labelsSource: 'none', flows: [], flowsSource: 'none' }),
  getters: {
    groupOf: (state) => (id: number | null | undefined) => groupById(state.groups, id),
    /** A level with the tenant's name for this call (its own, else its group's), else the built-in one. */
    levelText(): (level: string | null | undefined, language: Language, call?: NamedLevels | null, groupId?: number | null) => string {
      return (level, language, call, groupId) =>
        intentLevelText(level, language, call, this.groupOf(groupId ?? call?.intentLevelTagId))
    },
    flowOf: (state) => (id: number | null | undefined) => state.flows.find((flow) => flow.dialogFlowId === id),
  },
  actions: {
    /** Asks main for both (again after the account or the connection changed). */
    load(): Promise<void> {
      loading ??= (async () => {
        try {
          const [labels, flows] = await Promise.all([api.getIntentLabels(), api.listDialogFlows()])
          this.groups = labels.groups
          this.labelsSource = labels.source
          this.flows = flows.flows
          this.flowsSource = flows.source
        } catch {
          // Main answers these without failing; a broken bridge leaves the built-in names.
        } finally {
          loading = null
        }
      })()
      return loading
    },
  },
})
