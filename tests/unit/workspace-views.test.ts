// Each task keeps its own view (filters, local filters, order, page, open call) and the workspace
// reopens it; a local filter pages over the calls its query found; the open call is marked when
// the filters leave it out; a task the platform does not know is said to be missing.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { AppError } from '../../shared/errors'
import type { WorkspaceState } from '../../shared/ipc/contract'

type Request = Record<string, unknown>

const fake = vi.hoisted(() => {
  const saved: { state: unknown } = { state: null }
  const calls = (jobId: number) => Array.from({ length: 30 }, (_, i) => ({ callRecordId: jobId * 100 + i, robotCallJobId: jobId, resultStatus: i % 2 ? 'BUSY' : 'ANSWERED' }))
  const log: string[] = []
  const api = {
    on: () => () => {},
    getWorkspaceState: async () => saved.state ?? { lastJobId: null, filters: {}, pageSize: 20 },
    saveWorkspaceState: async (state: unknown) => {
      saved.state = state
      return state
    },
    getReviewState: async () => ({ grades: [{ robotCallJobId: 1, callRecordId: 100, realIntentLevel: 'A', note: '', reviewer: '', updatedAt: '', history: [] }], readIds: [] }),
    listCalls: async (q: Request) => {
      log.push(`listCalls ${JSON.stringify(q)}`)
      const jobId = Number(q['robotCallJobId'])
      if (jobId === 404) return { page: { content: [], totalElements: 0, pages: 0, number: 1, pageSize: 20 }, source: 'server', fetchedAt: 0 }
      const statuses = q['resultStatuses'] as string[] | undefined
      const all = calls(jobId).filter((c) => !statuses || statuses.includes(c.resultStatus))
      const size = Number(q['pageSize'])
      const page = Number(q['pageNum'])
      return { page: { content: all.slice((page - 1) * size, page * size), totalElements: all.length, pages: Math.ceil(all.length / size), number: page, pageSize: size }, source: 'server', fetchedAt: 0 }
    },
    queryFetchedCalls: async (q: Request) => {
      log.push(`queryFetchedCalls ${JSON.stringify(q)}`)
      const statuses = (q['filters'] as { resultStatuses?: string[] }).resultStatuses
      const ungraded = (q['local'] as { myGrade?: string }).myGrade === 'ungraded'
      const ids = calls(Number(q['robotCallJobId']))
        .filter((c) => (!statuses || statuses.includes(c.resultStatus)) && (!ungraded || c.callRecordId !== 100))
        .map((c) => c.callRecordId)
      return { ids: q['sort'] === 'time-asc' ? ids.reverse() : ids, fetched: 30 }
    },
    getFetchedCalls: async (q: Request) => ({
      calls: (q['callRecordIds'] as number[]).map((id) => ({ callRecordId: id, robotCallJobId: Math.floor(id / 100), resultStatus: id % 2 ? 'BUSY' : 'ANSWERED' })),
    }),
    // Words "found" in every third call of the calls searched (the local query's, when given).
    searchTranscripts: async (q: Request) => {
      log.push(`searchTranscripts ${JSON.stringify(q)}`)
      const jobId = Number(q['robotCallJobId'])
      const searched = (q['within'] as number[] | undefined) ?? calls(jobId).map((c) => c.callRecordId)
      const ids = searched.filter((id) => id % 3 === 0)
      const size = Number(q['pageSize'])
      const page = Number(q['pageNum'])
      const content = ids.slice((page - 1) * size, page * size).map((id) => ({
        call: { callRecordId: id, robotCallJobId: jobId, resultStatus: id % 2 ? 'BUSY' : 'ANSWERED' },
        turns: [0],
        snippet: { turn: 0, speaker: 'PERSON', text: '额度', ranges: [[0, 2]], cutBefore: false, cutAfter: false },
      }))
      return { page: { content, totalElements: ids.length, pages: Math.ceil(ids.length / size), number: page, pageSize: size }, ids, searched: searched.length, known: searched.length }
    },
    getFilterProgress: async () => ({ graded: 0 }),
    getJobFigures: async (q: Request) => {
      if (q['robotCallJobId'] === 404) throw new AppError('api-code', { 'zh-CN': '未找到', en: 'not found' }, { code: 404 })
      return { robotCallJobId: q['robotCallJobId'], detail: null, stats: null, source: 'server', fetchedAt: 0 }
    },
    getCallDetail: async (q: Request) => ({ callRecordId: q['callRecordId'], callDetailList: [] }),
    markRead: async () => ({ ok: true }),
    saveGrade: async (q: Request) => ({ ...q, reviewer: '', updatedAt: '', history: [] }),
  }
  return { api, saved, log }
})

vi.mock('../../renderer/src/api', () => ({ api: fake.api, onConnectionFailure: () => () => {} }))

const { useWorkspaceStore } = await import('../../renderer/src/stores/workspace')

const savedState = () => fake.saved.state as WorkspaceState
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

beforeEach(() => {
  setActivePinia(createPinia())
  fake.saved.state = null
  fake.log.length = 0
})

describe('each task’s own view', () => {
  it('opens a new task unfiltered, and a task opened before with its own filters, order and page', async () => {
    const workspace = useWorkspaceStore()
    await workspace.restore()
    await workspace.openJob(1)
    await workspace.applyFilters({ resultStatuses: ['ANSWERED'] }, { myGrade: 'ungraded' }, 'time-asc')
    await workspace.goToPage(1)
    await workspace.openJob(2)
    expect(workspace.filters).toEqual({})
    expect(workspace.local).toEqual({})
    expect(workspace.sort).toBe('time-desc')
    expect(workspace.total).toBe(30)
    await workspace.openJob(1)
    expect(workspace.filters).toEqual({ resultStatuses: ['ANSWERED'] })
    expect(workspace.local).toEqual({ myGrade: 'ungraded' })
    expect(workspace.sort).toBe('time-asc')
    // 15 answered calls, the graded one left out, oldest first.
    expect(workspace.total).toBe(14)
    expect(workspace.rows[0]?.callRecordId).toBe(128)
  })

  it('saves the task, page and open call, and reopens them after a restart', async () => {
    let workspace = useWorkspaceStore()
    await workspace.restore()
    await workspace.openJob(1)
    await workspace.goToPage(2)
    await workspace.select(125)
    await settle()
    expect(savedState()).toMatchObject({ lastJobId: 1, tasks: [{ robotCallJobId: 1, pageNum: 2, callRecordId: 125 }] })

    setActivePinia(createPinia())
    workspace = useWorkspaceStore()
    const last = await workspace.restore()
    expect(last).toBe(1)
    expect(await workspace.openJob(last!)).toBe(125)
    expect(workspace.pageNum).toBe(2)
  })

  it('reads a file of an earlier version: its filters are the last task’s', async () => {
    fake.saved.state = { lastJobId: 1, filters: { resultStatuses: ['BUSY'] }, pageSize: 20 }
    const workspace = useWorkspaceStore()
    await workspace.openJob((await workspace.restore())!)
    expect(workspace.filters).toEqual({ resultStatuses: ['BUSY'] })
    await workspace.openJob(2)
    expect(workspace.filters).toEqual({})
  })
})

describe('local filters', () => {
  it('page over the ids their query found, so grading does not move the calls under the reviewer', async () => {
    const workspace = useWorkspaceStore()
    await workspace.restore()
    await workspace.openJob(1)
    await workspace.applyFilters({}, { myGrade: 'ungraded' }, 'time-desc')
    expect(workspace.localMode).toBe(true)
    expect(workspace.total).toBe(29)
    expect(workspace.fetched).toBe(30)
    const queries = fake.log.filter((line) => line.startsWith('queryFetchedCalls')).length
    await workspace.goToPage(2)
    expect(workspace.rows[0]?.callRecordId).toBe(121)
    // One query per change of filters, not per page.
    expect(fake.log.filter((line) => line.startsWith('queryFetchedCalls')).length).toBe(queries)
  })
})

describe('a transcript search with the list’s own filters', () => {
  it('searches within the local query’s calls, in its order, and says which calls are among the hits', async () => {
    const workspace = useWorkspaceStore()
    await workspace.restore()
    await workspace.openJob(1)
    await workspace.select(101)
    await workspace.applyFilters({ resultStatuses: ['ANSWERED'] }, { myGrade: 'ungraded' }, 'time-asc', '额度')
    // 14 ungraded answered calls, oldest first; every third of them holds the words.
    const search = fake.log.filter((line) => line.startsWith('searchTranscripts')).at(-1)!
    expect(JSON.parse(search.slice('searchTranscripts '.length))).toMatchObject({ within: [128, 126, 124, 122, 120, 118, 116, 114, 112, 110, 108, 106, 104, 102] })
    expect(workspace.rows.map((row) => row.callRecordId)).toEqual([126, 120, 114, 108, 102])
    expect(workspace.transcriptCoverage).toMatchObject({ searched: 14, known: 14, listed: null })
    expect(workspace.fetched).toBe(30)
    expect(workspace.hasFilters).toBe(true)
    // The open call is not among the hits; a hit on no page shown is among them.
    expect(workspace.outsideFilter).toBe(true)
    expect(await workspace.inResults(120)).toBe(true)
    expect(await workspace.inResults(104)).toBe(false)
    // Grading a hit counts it among the list's graded calls.
    await workspace.select(126)
    await workspace.saveGrade({ realIntentLevel: 'B' })
    await settle()
    expect(workspace.gradedInFilter).toBe(1)
    // The search ended, the local filter stays.
    await workspace.applyFilters(workspace.filters, workspace.local, workspace.sort, null)
    expect(workspace.total).toBe(14)
    expect(workspace.transcriptCoverage).toBeNull()
  })
})

describe('the open call and the filters', () => {
  it('is marked when the filters leave it out, and not when they keep it on another page', async () => {
    const workspace = useWorkspaceStore()
    await workspace.restore()
    await workspace.openJob(1)
    await workspace.select(101)
    await workspace.applyFilters({ resultStatuses: ['ANSWERED'] })
    expect(workspace.outsideFilter).toBe(true)
    await workspace.select(100)
    expect(workspace.outsideFilter).toBe(false)
    await workspace.applyFilters({})
    await workspace.select(124)
    await workspace.applyFilters({ resultStatuses: ['BUSY'] })
    expect(workspace.outsideFilter).toBe(true)
    // Kept by the filters, on a later page than the one shown: asked of the index, not marked.
    await workspace.select(125)
    await workspace.applyFilters({ resultStatuses: ['ANSWERED', 'BUSY'] })
    expect(workspace.rows.some((row) => row.callRecordId === 125)).toBe(false)
    expect(workspace.outsideFilter).toBe(false)
  })
})

describe('a task that is not there', () => {
  it('is said missing when the platform answers code 404 for it, and only then', async () => {
    const workspace = useWorkspaceStore()
    await workspace.openJob(404)
    expect(workspace.jobMissing).toBe(true)
    await workspace.openJob(1)
    expect(workspace.jobMissing).toBe(false)
  })
})

describe('a confusion-matrix cell', () => {
  it('opens as the AI level (the platform’s filter) and the reviewer’s grade (a local one), within the task or the current filter', async () => {
    const { useReportStore } = await import('../../renderer/src/stores/report')
    const workspace = useWorkspaceStore()
    await workspace.openJob(1)
    await workspace.applyFilters({ resultStatuses: ['ANSWERED'], intentLevels: ['C'] }, { hasNote: true }, 'duration-desc')
    const report = useReportStore()
    expect(report.cellView({ scope: 'task', from: '', to: '' }, 'B', 'D')).toEqual({ filters: { intentLevels: ['B'] }, local: { myGrade: 'D' }, sort: 'duration-desc' })
    expect(report.cellView({ scope: 'filter', from: '', to: '' }, 'B', 'D')).toEqual({
      filters: { resultStatuses: ['ANSWERED'], intentLevels: ['B'] },
      local: { myGrade: 'D' },
      sort: 'duration-desc',
    })
  })
})
