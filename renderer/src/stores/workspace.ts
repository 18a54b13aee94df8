// The review session: the task, its filtered and paged calls, the open call and the
// reviewer's grades. Moving on is instant because the next call is fetched ahead.
import { defineStore } from 'pinia'
import { markRaw } from 'vue'
import type { CallDetail, CallRecord } from '../../../shared/api-schemas'
import type { IntentLevel } from '../../../shared/enums'
import type { Grade, CallFilters, IgnoredKeyword, WorkspaceState } from '../../../shared/ipc/contract'
import { api } from '../api'
import type { Id } from '../../../shared/ids'

type PageSize = WorkspaceState['pageSize']

/** One change of a call's grade or note, as undo puts it back: the field, what it was and became,
 *  and the page the call was listed on (undo reopens the call there). */
export type UndoEntry = { callRecordId: Id; pageNum: number } & (
  | { field: 'grade'; from: IntentLevel | null; to: IntentLevel | null }
  | { field: 'note'; from: string; to: string }
)

interface State {
  jobId: Id | null
  filters: CallFilters
  pageNum: number
  pageSize: PageSize
  rows: CallRecord[]
  total: number
  pages: number
  /** Set when the page came from the cache: when its calls were fetched (ms). */
  cachedAt: number | null
  /** Set when the server plainly ignored the keyword: what the list says instead of its calls. */
  searchIgnored: IgnoredKeyword | null
  loading: boolean
  listError: unknown
  selectedId: Id | null
  detail: CallDetail | null
  detailLoading: boolean
  detailError: unknown
  grades: Record<Id, Grade>
  /** What the reviewer last asked for per call, ahead of the save's answer: a grade key pressed
   *  while a note is still being saved builds on that note instead of the older saved value. */
  intended: Record<Id, { realIntentLevel: IntentLevel | null; note: string }>
  /** Grade and note changes of this task, newest last: what undo puts back, step by step. */
  undoable: UndoEntry[]
  readIds: Record<Id, true>
  saveError: unknown
  /** The calls graded in this session (by id): the counter counts calls, not key presses, so a
   *  grade changed, undone and given again is still one call. */
  sessionGradedCalls: Record<string, true>
  sessionStartedAt: number | null
  /** Graded calls among those matching the current filter. */
  gradedInFilter: number | null
  /** The label group the task's calls are graded with, as its listed calls say (null until known). */
  labelGroupId: Id | null
  /** Codes this task's answers carried so far, known or not: the filter bar offers them too. */
  seen: SeenCodes
}

/** Values of the coded fields seen in a task's list answers. */
export interface SeenCodes {
  resultStatus: string[]
  intentLevel: string[]
  hangupBy: string[]
}

const noneSeen = (): SeenCodes => ({ resultStatus: [], intentLevel: [], hangupBy: [] })

/** `known` with the values of `field` the rows carry added (as they come), each once. */
function withSeen(known: readonly string[], rows: readonly CallRecord[], field: keyof SeenCodes): string[] {
  const out = new Set(known)
  for (const row of rows) {
    const value = row[field]
    if (typeof value === 'string' && value) out.add(value)
  }
  return out.size === known.length ? (known as string[]) : [...out]
}

/** Details fetched in this session, shared by prefetch and open. */
const detailCache = new Map<Id, Promise<CallDetail>>()

function cachedDetail(id: Id): Promise<CallDetail> {
  let pending = detailCache.get(id)
  if (!pending) {
    pending = api.getCallDetail({ callRecordId: id })
    pending.catch(() => detailCache.delete(id))
    detailCache.set(id, pending)
  }
  return pending
}

export const useWorkspaceStore = defineStore('workspace', {
  state: (): State => ({
    jobId: null,
    filters: {},
    pageNum: 1,
    pageSize: 50,
    rows: [],
    total: 0,
    pages: 0,
    cachedAt: null,
    searchIgnored: null,
    loading: false,
    listError: null,
    selectedId: null,
    detail: null,
    detailLoading: false,
    detailError: null,
    grades: {},
    intended: {},
    undoable: [],
    readIds: {},
    saveError: null,
    sessionGradedCalls: {},
    sessionStartedAt: null,
    gradedInFilter: null,
    labelGroupId: null,
    seen: noneSeen(),
  }),
  getters: {
    sessionGraded: (state): number => Object.keys(state.sessionGradedCalls).length,
    selectedIndex: (state) => state.rows.findIndex((r) => r.callRecordId === state.selectedId),
    selectedRow: (state) => state.rows.find((r) => r.callRecordId === state.selectedId) ?? null,
    gradeOf: (state) => (id: Id) => state.grades[id]?.realIntentLevel ?? null,
  },
  actions: {
    async restore() {
      const saved = await api.getWorkspaceState()
      this.filters = saved.filters
      this.pageSize = saved.pageSize
      return saved.lastJobId
    },
    persist() {
      if (this.jobId === null) return
      void api
        .saveWorkspaceState({ lastJobId: this.jobId, filters: this.filters, pageSize: this.pageSize })
        .catch(() => {})
    },
    /** Another account (or the demo) is connected: nothing of the last one stays open or cached. */
    forgetAccount() {
      detailCache.clear()
      this.$reset()
    },
    async openJob(jobId: Id) {
      if (this.jobId !== jobId) {
        detailCache.clear()
        this.selectedId = null
        this.detail = null
        this.pageNum = 1
        this.labelGroupId = null
        this.seen = noneSeen()
      }
      this.jobId = jobId
      this.persist()
      const review = await api.getReviewState({ robotCallJobId: jobId }).catch(() => ({ grades: [], readIds: [] }))
      this.grades = Object.fromEntries(review.grades.map((a) => [a.callRecordId, a]))
      this.intended = {}
      this.undoable = []
      this.readIds = Object.fromEntries(review.readIds.map((id) => [id, true as const]))
      await this.loadPage()
    },
    async loadPage() {
      if (this.jobId === null) return
      this.loading = true
      this.listError = null
      try {
        const answer = await api.listCalls({
          ...this.filters,
          robotCallJobId: this.jobId,
          pageNum: this.pageNum,
          pageSize: this.pageSize,
        })
        const { page } = answer
        this.rows = markRaw(page.content) as CallRecord[]
        this.total = page.totalElements
        this.pages = page.pages
        this.cachedAt = answer.source === 'cache' ? answer.fetchedAt : null
        this.labelGroupId = page.content.find((call) => call.intentLevelTagId != null)?.intentLevelTagId ?? this.labelGroupId
        this.searchIgnored = answer.searchIgnored ?? null
        this.seen = {
          resultStatus: withSeen(this.seen.resultStatus, page.content, 'resultStatus'),
          intentLevel: withSeen(this.seen.intentLevel, page.content, 'intentLevel'),
          hangupBy: withSeen(this.seen.hangupBy, page.content, 'hangupBy'),
        }
        void this.refreshFilterProgress()
      } catch (error) {
        this.rows = []
        this.total = 0
        this.pages = 0
        this.searchIgnored = null
        this.listError = error
      } finally {
        this.loading = false
      }
    },
    async applyFilters(filters: CallFilters) {
      this.filters = filters
      this.pageNum = 1
      this.persist()
      await this.loadPage()
    },
    async setPageSize(size: PageSize) {
      this.pageSize = size
      this.pageNum = 1
      this.persist()
      await this.loadPage()
    },
    async goToPage(pageNum: number) {
      if (pageNum < 1 || (this.pages && pageNum > this.pages)) return false
      this.pageNum = pageNum
      await this.loadPage()
      return true
    },
    async select(id: Id) {
      if (this.jobId === null) return
      this.selectedId = id
      this.detailError = null
      this.detailLoading = true
      try {
        const detail = await cachedDetail(id)
        if (this.selectedId !== id) return
        this.detail = markRaw(detail) as CallDetail
      } catch (error) {
        if (this.selectedId !== id) return
        this.detail = null
        this.detailError = error
      } finally {
        if (this.selectedId === id) this.detailLoading = false
      }
    },
    /** The call was listened to or graded (not merely opened on the way past): its unread dot goes. */
    markRead(id: Id) {
      if (this.jobId === null || this.readIds[id]) return
      this.readIds[id] = true
      void api.markRead({ robotCallJobId: this.jobId, callRecordId: id }).catch(() => {})
    },
    /** Fetches a call's detail and recording ahead of time; failures surface when it is opened. */
    prefetch(id: Id) {
      void cachedDetail(id)
        .then((detail) => (detail.fullAudioUrl ? api.prepareAudio({ callRecordId: id, track: 'full' }) : null))
        .catch(() => {})
    },
    /** The id `step` rows away from the open one, crossing into the next or previous page. */
    async neighbour(step: 1 | -1): Promise<Id | null> {
      if (this.rows.length === 0) return null
      const index = this.selectedIndex
      const next = index < 0 ? (step > 0 ? 0 : this.rows.length - 1) : index + step
      if (next >= 0 && next < this.rows.length) return (this.rows[next] as CallRecord).callRecordId
      const moved = await this.goToPage(this.pageNum + step)
      if (!moved || this.rows.length === 0) return null
      return (this.rows[step > 0 ? 0 : this.rows.length - 1] as CallRecord).callRecordId
    },
    /** The next call after the open one (this page, then later pages) without a grade. */
    async nextUngraded(): Promise<Id | null> {
      const start = this.selectedIndex
      const onPage = this.rows.slice(start + 1).find((r) => !this.gradeOf(r.callRecordId))
      if (onPage) return onPage.callRecordId
      const firstPage = this.pageNum
      while (await this.goToPage(this.pageNum + 1)) {
        const found = this.rows.find((r) => !this.gradeOf(r.callRecordId))
        if (found) return found.callRecordId
      }
      if (this.pageNum !== firstPage) await this.goToPage(firstPage)
      return null
    },
    async refreshFilterProgress() {
      if (this.jobId === null) return
      try {
        this.gradedInFilter = (await api.getFilterProgress({ robotCallJobId: this.jobId, filters: this.filters })).graded
      } catch {
        this.gradedInFilter = null
      }
    },
    /** Saves a change of the open call's grade or note (or another call's, for undo). False when
     *  it could not be saved (the error is in saveError); true when saved or nothing changed. */
    async saveGrade(change: { realIntentLevel?: IntentLevel | null; note?: string }, target: { callRecordId?: Id; undoing?: boolean } = {}): Promise<boolean> {
      if (this.jobId === null) return false
      const id = target.callRecordId ?? this.selectedId
      if (id === null) return false
      const current = this.intended[id] ?? this.grades[id]
      const realIntentLevel = change.realIntentLevel !== undefined ? change.realIntentLevel : (current?.realIntentLevel ?? null)
      const note = change.note !== undefined ? change.note : (current?.note ?? '')
      if (current && current.realIntentLevel === realIntentLevel && current.note === note) return true
      if (!current && realIntentLevel === null && note === '') return true
      this.intended[id] = { realIntentLevel, note }
      if (!target.undoing) {
        const before = { level: current?.realIntentLevel ?? null, note: current?.note ?? '' }
        const pageNum = this.pageNum
        if (realIntentLevel !== before.level) this.undoable.push({ callRecordId: id, pageNum, field: 'grade', from: before.level, to: realIntentLevel })
        if (note !== before.note) this.undoable.push({ callRecordId: id, pageNum, field: 'note', from: before.note, to: note })
      }
      try {
        this.grades[id] = await api.saveGrade({ robotCallJobId: this.jobId, callRecordId: id, realIntentLevel, note })
        this.saveError = null
        this.markRead(id)
        if (realIntentLevel) {
          this.sessionGradedCalls[String(id)] = true
          this.sessionStartedAt ??= Date.now()
        } else delete this.sessionGradedCalls[String(id)]
        // The count of graded calls moves only when a grade appears or goes (not for a note).
        if (!!realIntentLevel !== !!current?.realIntentLevel) void this.refreshFilterProgress()
        return true
      } catch (error) {
        this.saveError = error
        return false
      }
    },
    /** Puts back what one change replaced (the last, taken off `undoable`): saved as a change of
     *  its own, so the grade's history keeps both the change and its undoing. */
    async undo(entry: UndoEntry): Promise<boolean> {
      const change = entry.field === 'grade' ? { realIntentLevel: entry.from } : { note: entry.from }
      return this.saveGrade(change, { callRecordId: entry.callRecordId, undoing: true })
    },
  },
})
