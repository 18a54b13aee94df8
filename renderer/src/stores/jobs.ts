// The task picker's list: tasks from job/getJobs, searchable by name; and each task's figures
// (getJobDetail, getJobStats) as the reviewer looks at it, so a task without finished calls is
// said to be one instead of opening into an empty list.
import { defineStore } from 'pinia'
import type { Job } from '../../../shared/api-schemas'
import type { JobFigures } from '../../../shared/ipc/contract'
import { hasNoFinishedCalls, meansTaskNotFound, summariseJobFigures, type JobFigureSummary } from '../../../shared/job-figures'
import { api } from '../api'
import type { Id } from '../../../shared/ids'

/** A task's figures as far as known: loading, loaded (with where from), or why not. */
export type FiguresState = { state: 'loading' } | { state: 'ready'; figures: JobFigures; summary: JobFigureSummary } | { state: 'error'; error: unknown }

interface State {
  jobs: Job[]
  total: number
  query: string
  loading: boolean
  error: unknown
  figures: Record<Id, FiguresState>
  /** Per task with grades: how many calls are graded, and its finished calls as last fetched. */
  progress: Record<Id, { graded: number; finishedCalls: number | null }>
}

const pendingFigures = new Map<Id, Promise<FiguresState>>()

export const useJobsStore = defineStore('jobs', {
  state: (): State => ({ jobs: [], total: 0, query: '', loading: false, error: null, figures: {}, progress: {} }),
  getters: {
    summaryOf: (state) => (id: Id) => {
      const known = state.figures[id]
      return known?.state === 'ready' ? known.summary : null
    },
    /** Whether the figures known so far say the task has no finished call. */
    noFinishedCalls(): (job: Job) => boolean {
      return (job) => hasNoFinishedCalls(job, this.summaryOf(job.robotCallJobId))
    },
    /** A task's review progress: graded calls, of its finished calls (the freshest figures known; null when none are). */
    reviewOf(): (id: Id) => { graded: number; finished: number | null } {
      return (id) => {
        const known = this.progress[id]
        return { graded: known?.graded ?? 0, finished: this.summaryOf(id)?.finishedCalls ?? known?.finishedCalls ?? null }
      }
    },
  },
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
    /** A task's figures, fetched once a visit to the picker (again with `fresh`). */
    loadFigures(id: Id, fresh = false): Promise<FiguresState> {
      const known = this.figures[id]
      if (known && known.state !== 'loading' && !fresh) return Promise.resolve(known)
      let pending = pendingFigures.get(id)
      if (!pending) {
        if (!known || known.state !== 'ready') this.figures[id] = { state: 'loading' }
        pending = api
          .getJobFigures({ robotCallJobId: id })
          .then((figures): FiguresState => ({ state: 'ready', figures, summary: summariseJobFigures(figures) }))
          .catch((error: unknown): FiguresState => ({ state: 'error', error }))
          .then((state) => {
            // A failed refresh keeps what was known.
            if (state.state === 'ready' || this.figures[id]?.state !== 'ready') this.figures[id] = state
            pendingFigures.delete(id)
            return this.figures[id] as FiguresState
          })
        pendingFigures.set(id, pending)
      }
      return pending
    },
    /** Whether the task has something to review. A task the list says has no finished call is
     *  checked against its figures first; figures that cannot be had leave the list's word. */
    async hasCalls(job: Job): Promise<boolean> {
      if (this.summaryOf(job.robotCallJobId) === null && job.completedTask === 0) await this.loadFigures(job.robotCallJobId)
      return !this.noFinishedCalls(job)
    },
    /** Graded calls per task, asked again each visit to the picker. */
    async loadProgress() {
      try {
        const { tasks } = await api.getReviewProgress()
        this.progress = Object.fromEntries(tasks.map((task) => [task.robotCallJobId, { graded: task.graded, finishedCalls: task.finishedCalls }]))
      } catch {
        // The rows show no review progress.
      }
    },
    /** Whether the platform says there is no such task (its figures: code 404). Unknown is not missing. */
    async taskMissing(id: Id): Promise<boolean> {
      if (this.jobs.some((job) => job.robotCallJobId === id)) return false
      const state = await this.loadFigures(id, true)
      return state.state === 'error' && meansTaskNotFound(state.error)
    },
    /** The picker opens afresh: figures are fetched again as tasks are looked at. */
    forgetFigures() {
      this.figures = {}
    },
  },
})
