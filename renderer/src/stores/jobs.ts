// The task picker's list: tasks from job/getJobs, searchable by name.
import { defineStore } from 'pinia'
import type { Job } from '../../../shared/api-schemas'
import { api } from '../api'

interface State {
  jobs: Job[]
  total: number
  query: string
  loading: boolean
  error: unknown
}

export const useJobsStore = defineStore('jobs', {
  state: (): State => ({ jobs: [], total: 0, query: '', loading: false, error: null }),
  actions: {
    async search(query: string) {
      this.query = query
      this.loading = true
      this.error = null
      try {
        const page = await api.listJobs({ name: query.trim() || undefined, pageNum: 1, pageSize: 100 })
        if (this.query !== query) return
        this.jobs = page.content
        this.total = page.totalElements
      } catch (error) {
        if (this.query !== query) return
        this.jobs = []
        this.error = error
      } finally {
        if (this.query === query) this.loading = false
      }
    },
  },
})
