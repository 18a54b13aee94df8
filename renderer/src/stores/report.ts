// The report on the open task: how the robot's grades agree with this reviewer's, and the export
// of the grades, for the whole task or the current filter, optionally between two dates.
import { defineStore } from 'pinia'
import type { Language } from '../../../shared/enums'
import type { Agreement, ReportScope } from '../../../shared/ipc/contract'
import { api } from '../api'
import { base64Bytes, saveDownload } from '../download'
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
