// The review session: the task, its filtered and paged calls, the open call and the
// reviewer's grades. Moving on is instant because the next call is fetched ahead.
import { defineStore } from 'pinia'
import { markRaw } from 'vue'
import type { CallDetail, CallRecord } from '../../../shared/api-schemas'
import type { IntentLevel } from '../../../shared/enums'
import { TASK_VIEWS_KEPT, type Grade, type CallFilters, type IgnoredKeyword, type TaskView, type TranscriptHit, type WorkspaceState } from '../../../shared/ipc/contract'
import { meansTaskNotFound } from '../../../shared/job-figures'
import { DEFAULT_SORT, needsLocalIndex, type CallSort, type LocalFilters } from '../../../shared/local-filters'
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
  /** Filters by the reviewer's own grades and notes, over the calls fetched so far. */
  local: LocalFilters
  sort: CallSort
  /** With a local filter or order: every matching fetched call's id, in order, as the query found
   *  them. The list pages over this, so grading a call does not move the calls under the reviewer. */
  localIds: Id[] | null
  /** With a local filter or order: how many of the task's calls are fetched to this computer. */
  fetched: number | null
  /** The task's calls without any filter (shown beside the filtered count); null until known. */
  unfilteredTotal: number | null
  /** The open call is not among the calls the filters give: said beside it, never silent. */
  outsideFilter: boolean
  /** The platform says the open task does not exist. */
  jobMissing: boolean
  /** Each task's own view (filters, order, page, open call), the most recently opened first. */
  taskViews: TaskView[]
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
  /** Every call the transcript search found, in order (the list pages over them in main). */
  transcriptIds: Id[] | null
}

/** Values of the coded fields seen in a task's list answers. */
export interface SeenCodes {
  resultStatus: string[]
  intentLevel: string[]
  hangupBy: string[]
}

const noneSeen = (): SeenCodes => ({ resultStatus: [], intentLevel: [], hangupBy: [] })

/** A plain copy for the bridge (the store's values are reactive proxies). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** Whether any of the platform's filters is set. */
export const hasServerFilters = (filters: CallFilters): boolean => Object.values(filters).some((value) => value !== undefined)

// The workspace state is saved as the reviewer moves (call, page, filters): one save at a time,
// the latest state after it, so quick moves never queue a write each.
let unsaved: WorkspaceState | null = null
let saving: Promise<void> | null = null
function queueSave(state: WorkspaceState) {
  unsaved = state
  saving ??= (async () => {
    while (unsaved) {
      const next = unsaved
      unsaved = null
      await api.saveWorkspaceState(next).catch(() => {})
    }
    saving = null
  })()
}

/** The call a task reopens on, until a call opens or the task's list says it is gone. */
let reopening: Id | null = null

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
    local: {},
    sort: DEFAULT_SORT,
    localIds: null,
    fetched: null,
    unfilteredTotal: null,
    outsideFilter: false,
    jobMissing: false,
    taskViews: [],
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
    transcriptIds: null,
  }),
  getters: {
    sessionGraded: (state): number => Object.keys(state.sessionGradedCalls).length,
    selectedIndex: (state) => state.rows.findIndex((r) => r.callRecordId === state.selectedId),
    selectedRow: (state) => state.rows.find((r) => r.callRecordId === state.selectedId) ?? null,
    gradeOf: (state) => (id: Id) => state.grades[id]?.realIntentLevel ?? null,
    /** The list comes from the local index: a local filter or an order the platform lacks. */
    localMode: (state) => needsLocalIndex(state.local, state.sort),
    /** Whether anything narrows or reorders the list (the chips show it), a transcript search too. */
    hasFilters(): boolean {
      return hasServerFilters(this.filters) || this.localMode || this.transcript !== null
    },
  },
  actions: {
    /** Reads where the reviewer was: each task's view; answers the task that was open last. */
    async restore() {
      const saved = await api.getWorkspaceState()
      this.pageSize = saved.pageSize
      // A file of an earlier version keeps one set of filters: the last task's.
      this.taskViews = saved.tasks ?? (saved.lastJobId !== null ? [{ robotCallJobId: saved.lastJobId, filters: saved.filters }] : [])
      return saved.lastJobId
    },
    /** Saves where the reviewer is: the open task's view first, with the others kept. */
    persist() {
      const jobId = this.jobId
      if (jobId === null) return
      const view: TaskView = plain({
        robotCallJobId: jobId,
        filters: this.filters,
        local: this.local,
        sort: this.sort,
        pageNum: this.pageNum,
        callRecordId: this.selectedId ?? reopening,
      })
      this.taskViews = [view, ...this.taskViews.filter((other) => other.robotCallJobId !== jobId)].slice(0, TASK_VIEWS_KEPT)
      queueSave(plain({ lastJobId: jobId, filters: view.filters, pageSize: this.pageSize, tasks: this.taskViews }))
    },
    /** Another account (or the demo) is connected: nothing of the last one stays open or cached;
     *  that account's own views are read instead. */
    forgetAccount() {
      detailCache.clear()
      unsaved = null
      reopening = null
      this.$reset()
      void this.restore().catch(() => {})
    },
    /**
     * Opens a task as the reviewer last left it: its own filters, order and page (a task never
     * opened before: none, page 1). Answers the call to reopen: the one open in it last, when the
     * filters still give it.
     */
    async openJob(jobId: Id): Promise<Id | null> {
      let reopen: Id | null = this.selectedId
      if (this.jobId !== jobId) {
        detailCache.clear()
        const view = this.taskViews.find((known) => known.robotCallJobId === jobId)
        this.selectedId = null
        this.detail = null
        this.filters = view?.filters ?? {}
        this.local = view?.local ?? {}
        this.sort = view?.sort ?? DEFAULT_SORT
        this.pageNum = view?.pageNum ?? 1
        this.localIds = null
        this.fetched = null
        this.unfilteredTotal = null
        this.outsideFilter = false
        this.jobMissing = false
        this.labelGroupId = null
        this.seen = noneSeen()
        // A transcript search is about the open task.
        this.transcript = null
        this.transcriptIds = null
        reopen = view?.callRecordId ?? null
      }
      this.jobId = jobId
      reopening = reopen
      this.persist()
      const review = await api.getReviewState({ robotCallJobId: jobId }).catch(() => ({ grades: [], readIds: [] }))
      this.grades = Object.fromEntries(review.grades.map((a) => [a.callRecordId, a]))
      this.intended = {}
      this.undoable = []
      this.readIds = Object.fromEntries(review.readIds.map((id) => [id, true as const]))
      await this.loadPage()
      // The task has fewer pages than when it was left.
      if (this.pageNum > 1 && this.pageNum > this.pages && !this.listError) {
        this.pageNum = Math.max(1, this.pages)
        await this.loadPage()
      }
      if (this.jobId !== jobId) return null
      if (!this.rows.length && !this.hasFilters && !this.listError) await this.checkJobExists()
      if (hasServerFilters(this.filters)) void this.refreshUnfilteredTotal()
      const found = reopen !== null && (await this.inResults(reopen))
      if (reopening === reopen) reopening = null
      if (!found) this.persist()
      // Another call opened meanwhile (j pressed while the list loaded) stays open.
      return found && (this.selectedId === null || this.selectedId === reopen) ? reopen : null
    },
    /** An empty task without filters: is it there at all? Only the platform's word (code 404) says not. */
    async checkJobExists() {
      const jobId = this.jobId
      if (jobId === null) return
      try {
        await api.getJobFigures({ robotCallJobId: jobId })
        if (this.jobId === jobId) this.jobMissing = false
      } catch (error) {
        if (this.jobId === jobId) this.jobMissing = meansTaskNotFound(error)
      }
    },
    /** The task's calls without filters, for "28 of 512"; unknown (null) when it cannot be had. */
    async refreshUnfilteredTotal() {
      const jobId = this.jobId
      if (jobId === null || this.unfilteredTotal !== null) return
      try {
        const answer = await api.listCalls({ robotCallJobId: jobId, pageNum: 1, pageSize: 1 })
        if (this.jobId === jobId) this.unfilteredTotal = answer.page.totalElements
      } catch {
        // The count is shown without it.
      }
    },
    /** Whether a call is among those the filters give (any page), as far as this computer can tell. */
    async inResults(id: Id): Promise<boolean> {
      if (this.rows.some((row) => row.callRecordId === id)) return true
      if (this.jobId === null || this.searchIgnored) return false
      if (this.transcript !== null) return this.transcriptIds?.includes(id) ?? false
      if (this.localMode) return this.localIds?.includes(id) ?? false
      if (!hasServerFilters(this.filters)) return true
      // The cache's index applies the platform's filters as the server does; the call was listed,
      // so it is there.
      try {
        const found = await api.queryFetchedCalls({ robotCallJobId: this.jobId, filters: plain(this.filters), local: {}, sort: DEFAULT_SORT })
        return found.ids.includes(id)
      } catch {
        return true
      }
    },
    /** Marks the open call when the filters no longer give it. */
    async checkOpenCall() {
      const id = this.selectedId
      const inside = id === null || (await this.inResults(id))
      if (this.selectedId === id) this.outsideFilter = !inside
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
        if (this.localMode) {
          await this.loadLocalPage()
          return
        }
        const answer = await api.listCalls({
          ...this.filters,
          robotCallJobId: this.jobId,
          pageNum: this.pageNum,
          pageSize: this.pageSize,
        })
        const { page } = answer
        this.endTranscriptHits()
        this.listTotal = answer.searchIgnored ? null : { filters: JSON.stringify(this.filters), total: page.totalElements }
        this.showRows(page.content, page.totalElements, page.pages)
        this.cachedAt = answer.source === 'cache' ? answer.fetchedAt : null
        this.searchIgnored = answer.searchIgnored ?? null
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
    /** The local query's calls, every matching fetched call's id in order: run once per change of filters. */
    async localQuery(jobId: Id): Promise<Id[] | null> {
      if (this.localIds === null) {
        const found = await api.queryFetchedCalls({ robotCallJobId: jobId, filters: plain(this.filters), local: plain(this.local), sort: this.sort })
        if (this.jobId !== jobId) return null
        this.localIds = markRaw(found.ids)
        this.fetched = found.fetched
      }
      return this.localIds
    },
    /** A page of the local query's calls. */
    async loadLocalPage() {
      const jobId = this.jobId
      if (jobId === null) return
      const ids = await this.localQuery(jobId)
      if (ids === null) return
      const from = (this.pageNum - 1) * this.pageSize
      const pageIds = ids.slice(from, from + this.pageSize)
      const { calls } = pageIds.length ? await api.getFetchedCalls({ robotCallJobId: jobId, callRecordIds: pageIds }) : { calls: [] }
      if (this.jobId !== jobId || this.localIds !== ids || this.transcript !== null) return
      this.endTranscriptHits()
      this.showRows(calls, ids.length, Math.ceil(ids.length / this.pageSize))
      this.cachedAt = null
      this.searchIgnored = null
    },
    /** Puts a page of calls in the list, and learns what they carry. */
    showRows(content: CallRecord[], total: number, pages: number) {
      this.rows = markRaw(content) as CallRecord[]
      this.total = total
      this.pages = pages
      this.labelGroupId = content.find((call) => call.intentLevelTagId != null)?.intentLevelTagId ?? this.labelGroupId
      this.seen = {
        resultStatus: withSeen(this.seen.resultStatus, content, 'resultStatus'),
        intentLevel: withSeen(this.seen.intentLevel, content, 'intentLevel'),
        hangupBy: withSeen(this.seen.hangupBy, content, 'hangupBy'),
      }
      void this.refreshFilterProgress()
    },
    /**
     * New filters (and local filters and order) for the open task, and, when given, the words
     * searched in transcripts (null: none; absent: kept). The open call is marked when they leave it out.
     */
    async applyFilters(filters: CallFilters, local?: LocalFilters, sort?: CallSort, transcript?: string | null) {
      if (transcript !== undefined) this.transcript = transcript
      this.filters = filters
      this.local = local ?? this.local
      this.sort = sort ?? this.sort
      this.pageNum = 1
      this.localIds = null
      this.persist()
      await this.loadPage()
      if (hasServerFilters(filters)) void this.refreshUnfilteredTotal()
      await this.checkOpenCall()
    },
    /**
     * A page of the calls whose cached transcript holds the words (main searches the cache). With
     * the list's own filters or order the search keeps to the calls their query gave, in its
     * order, so both narrow the list at once.
     */
    async loadTranscriptHits(jobId: Id, text: string) {
      const filters = JSON.stringify(this.filters)
      const within = this.localMode ? await this.localQuery(jobId) : undefined
      if (within === null || this.jobId !== jobId || this.transcript !== text) return
      // How many calls the filter lists, to say how many transcripts were left out: known from the
      // list already, else asked (a small page). The local query's calls are all known here.
      const listed =
        within !== undefined
          ? Promise.resolve(null)
          : this.listTotal?.filters === filters
            ? Promise.resolve(this.listTotal.total)
            : api.listCalls({ ...plain(this.filters), robotCallJobId: jobId, pageNum: 1, pageSize: 20 }).then(
                (answer) => (answer.searchIgnored ? null : answer.page.totalElements),
                () => null,
              )
      const [answer, total] = await Promise.all([
        api.searchTranscripts({ robotCallJobId: jobId, filters: plain(this.filters), within, text, pageNum: this.pageNum, pageSize: this.pageSize }),
        listed,
      ])
      if (this.jobId !== jobId || this.transcript !== text) return
      if (total !== null) this.listTotal = { filters, total }
      const { page } = answer
      this.transcriptIds = markRaw(answer.ids)
      this.transcriptHits = markRaw(Object.fromEntries(page.content.map((hit) => [hit.call.callRecordId, hit])))
      this.transcriptCoverage = { searched: answer.searched, known: answer.known, listed: total }
      this.showRows(page.content.map((hit) => hit.call), page.totalElements, page.pages)
      this.cachedAt = null
      this.searchIgnored = null
    },
    /** The list is no longer a transcript search's: no snippets, no coverage. */
    endTranscriptHits() {
      this.transcriptHits = {}
      this.transcriptCoverage = null
      this.transcriptIds = null
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
      this.persist()
      await this.loadPage()
      return true
    },
    async select(id: Id) {
      if (this.jobId === null) return
      this.selectedId = id
      reopening = null
      this.persist()
      // Opened from the list it is in the results; opened otherwise (undo, say), it is checked.
      if (this.rows.some((row) => row.callRecordId === id)) this.outsideFilter = false
      else void this.checkOpenCall()
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
      // Over the calls the transcript search or the local query gave, as they are graded now.
      const listed = this.transcript !== null ? this.transcriptIds : this.localMode ? this.localIds : undefined
      if (listed !== undefined) {
        this.gradedInFilter = listed ? listed.filter((id) => this.grades[id]?.realIntentLevel).length : null
        return
      }
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
