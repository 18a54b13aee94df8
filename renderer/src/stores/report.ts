// The report on the open task: how the robot's grades agree with this reviewer's, and the export
// of the grades, for the whole task or the current filter, optionally between two dates.
import { defineStore } from 'pinia'
import type { IntentLevel, Language } from '../../../shared/enums'
import type { Agreement, ReportScope } from '../../../shared/ipc/contract'
import { api } from '../api'
import { base64Bytes, saveDownload } from '../download'
import type { FilterView } from '../filters/chips'
import { useWorkspaceStore } from './workspace'

/** What the report form asks for; dates as the date inputs give them ('' for none). */
export interface ReportForm {
  scope: 'task' | 'filter'
  from: string
  to: string
}

interface State {
  agreement: Agreement | null
  error: unknown
  /** Rows in the last export, once there was one. */
  exported: number | null
}

export const useReportStore = defineStore('report', {
  state: (): State => ({ agreement: null, error: null, exported: null }),
  actions: {
    scopeOf(form: ReportForm): ReportScope | null {
      const workspace = useWorkspaceStore()
      if (workspace.jobId === null) return null
      return {
        robotCallJobId: workspace.jobId,
        filters: form.scope === 'filter' ? workspace.filters : undefined,
        from: form.from || undefined,
        to: form.to || undefined,
      }
    },
    /**
     * The calls behind one cell of the confusion matrix, as list filters: the AI's level (the
     * platform's filter) and the reviewer's grade (a local one), within the task or, for a report
     * on the current filter, within that filter. The dates are not list filters: the list may hold
     * calls graded outside them.
     */
    cellView(form: ReportForm, ai: IntentLevel, reviewer: IntentLevel): FilterView {
      const workspace = useWorkspaceStore()
      const base = form.scope === 'filter' ? { ...workspace.filters } : {}
      return { filters: { ...base, intentLevels: [ai] }, local: { myGrade: reviewer }, sort: workspace.sort }
    },
    async refresh(form: ReportForm) {
      const scope = this.scopeOf(form)
      if (!scope) return
      this.error = null
      try {
        this.agreement = await api.getAgreement(scope)
      } catch (error) {
        this.error = error
      }
    },
    async exportGrades(form: ReportForm, format: 'csv' | 'xlsx', language: Language) {
      const scope = this.scopeOf(form)
      if (!scope) return
      this.error = null
      try {
        const file = await api.exportGrades({ ...scope, format, language })
        saveDownload(file.fileName, file.mimeType, base64Bytes(file.base64) as BlobPart)
        this.exported = file.rowCount
      } catch (error) {
        this.error = error
      }
    },
  },
})
