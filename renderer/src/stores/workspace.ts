// The review session: the task, its filtered and paged calls, the open call and the
// reviewer's grades. Moving on is instant because the next call is fetched ahead.
import { defineStore } from 'pinia'
import { markRaw } from 'vue'
import type { CallDetail, CallRecord } from '../../../shared/api-schemas'
import type { IntentLevel } from '../../../shared/enums'
import type { Grade, CallFilters, IgnoredKeyword, TranscriptHit, WorkspaceState } from '../../../shared/ipc/contract'
import { api } from '../api'
import type { Id } from '../../../shared/ids'

type PageSize = WorkspaceState['pageSize']

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
  /** Grade changes of this task, newest last, each with the level it replaced: what undo restores. */
  undoable: { callRecordId: Id; level: IntentLevel | null }[]
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
  /** Words searched in the transcripts of the task's calls (under the filters): while set, the
   *  list holds the calls whose cached transcript has them. Null: the list as the server gives it. */
  transcript: string | null
  /** The listed calls' hits (turns and snippet), by call. */
  transcriptHits: Record<Id, TranscriptHit>
  /** How many transcripts the search could read: those cached, of the calls it knows, of the
   *  calls the filter lists (the server's count, null when unknown). */
  transcriptCoverage: { searched: number; known: number; listed: number | null } | null
  /** The list's total and the filters it was for: how many calls a transcript search leaves out. */
  listTotal: { filters: string; total: number } | null
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
    transcript: null,
    transcriptHits: {},
    transcriptCoverage: null,
    listTotal: null,
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
        // A transcript search is about the open task.
        this.transcript = null
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
        if (this.transcript !== null) {
          await this.loadTranscriptHits(this.jobId, this.transcript)
          return
        }
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
        this.listTotal = answer.searchIgnored ? null : { filters: JSON.stringify(this.filters), total: page.totalElements }
        this.transcriptHits = {}
        this.transcriptCoverage = null
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
    /** Sets the filters and, when given, the words searched in transcripts (null: none). */
    async applyFilters(filters: CallFilters, transcript?: string | null) {
      if (transcript !== undefined) this.transcript = transcript
      this.filters = filters
      this.pageNum = 1
      this.persist()
      await this.loadPage()
    },
    /** A page of the calls whose cached transcript holds the words (main searches the cache). */
    async loadTranscriptHits(jobId: Id, text: string) {
      const filters = JSON.stringify(this.filters)
      // How many calls the filter lists, to say how many transcripts were left out: known from the
      // list already, else asked (a small page).
      const listed =
        this.listTotal?.filters === filters
          ? Promise.resolve(this.listTotal.total)
          : api.listCalls({ ...this.filters, robotCallJobId: jobId, pageNum: 1, pageSize: 20 }).then(
              (answer) => (answer.searchIgnored ? null : answer.page.totalElements),
              () => null,
            )
      const [answer, total] = await Promise.all([
        api.searchTranscripts({ robotCallJobId: jobId, filters: this.filters, text, pageNum: this.pageNum, pageSize: this.pageSize }),
        listed,
      ])
      if (this.jobId !== jobId || this.transcript !== text) return
      if (total !== null) this.listTotal = { filters, total }
      const { page } = answer
      this.rows = markRaw(page.content.map((hit) => hit.call)) as CallRecord[]
      this.transcriptHits = markRaw(Object.fromEntries(page.content.map((hit) => [hit.call.callRecordId, hit])))
      this.transcriptCoverage = { searched: answer.searched, known: answer.known, listed: total }
      this.total = page.totalElements
      this.pages = page.pages
      this.cachedAt = null
      this.searchIgnored = null
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
        if (!this.readIds[id]) {
          this.readIds[id] = true
          void api.markRead({ robotCallJobId: this.jobId, callRecordId: id }).catch(() => {})
        }
      } catch (error) {
        if (this.selectedId !== id) return
        this.detail = null
        this.detailError = error
      } finally {
        if (this.selectedId === id) this.detailLoading = false
      }
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
    /** Saves a change of the open call's grade or note (or another call's, for undo). */
    async saveGrade(change: { realIntentLevel?: IntentLevel | null; note?: string }, target: { callRecordId?: Id; undoing?: boolean } = {}) {
      if (this.jobId === null) return
      const id = target.callRecordId ?? this.selectedId
      if (id === null) return
      const current = this.intended[id] ?? this.grades[id]
      const realIntentLevel = change.realIntentLevel !== undefined ? change.realIntentLevel : (current?.realIntentLevel ?? null)
      const note = change.note !== undefined ? change.note : (current?.note ?? '')
      if (current && current.realIntentLevel === realIntentLevel && current.note === note) return
      if (!current && realIntentLevel === null && note === '') return
      this.intended[id] = { realIntentLevel, note }
      const before = current?.realIntentLevel ?? null
      if (!target.undoing && realIntentLevel !== before) this.undoable.push({ callRecordId: id, level: before })
      try {
        this.grades[id] = await api.saveGrade({ robotCallJobId: this.jobId, callRecordId: id, realIntentLevel, note })
        this.saveError = null
        if (realIntentLevel) {
          this.sessionGradedCalls[String(id)] = true
          this.sessionStartedAt ??= Date.now()
        } else delete this.sessionGradedCalls[String(id)]
        // The count of graded calls moves only when a grade appears or goes (not for a note).
        if (!!realIntentLevel !== !!current?.realIntentLevel) void this.refreshFilterProgress()
      } catch (error) {
        this.saveError = error
      }
    },
    /** Puts back the level the last grade change replaced (Ctrl+Z outside a text field). */
    async undoLastGrade() {
      const last = this.undoable.pop()
      if (last) await this.saveGrade({ realIntentLevel: last.level }, { callRecordId: last.callRecordId, undoing: true })
    },
  },
})
