import Conf from 'conf'
import { describe, expect, it } from 'vitest'
import type { WorkspaceState } from '../../shared/ipc/contract'
import { createWorkspaceStateService } from '../../electron/main/services/review/workspace-state'
import type { KeyValueStore } from '../../electron/main/services/storage/ports'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('workspace-state-test')

function openConf(dir: string, name: string): KeyValueStore {
  return new Conf<Record<string, unknown>>({ cwd: dir, configName: name, projectName: 'test' })
}

describe('workspace state', () => {
  const saved: WorkspaceState = {
    lastJobId: 12,
    filters: { intentLevels: ['A', 'B'], searchWords: '退订', chatDurationMin: 10, chatDurationMax: 60 },
    pageSize: 100,
  }

  it('starts at the task picker with 50 rows a page', () => {
    const service = createWorkspaceStateService(openConf(tempDir(), 'workspace'))
    expect(service.get()).toEqual({ lastJobId: null, filters: {}, pageSize: 50 })
  })

  it('saves and reads back the workspace, across restarts', () => {
    const dir = tempDir()
    const service = createWorkspaceStateService(openConf(dir, 'workspace'))
    expect(service.save(saved)).toEqual(saved)
    expect(service.get()).toEqual(saved)
    expect(createWorkspaceStateService(openConf(dir, 'workspace')).get()).toEqual(saved)
  })

  it('replaces the previous state on save', () => {
    const service = createWorkspaceStateService(openConf(tempDir(), 'workspace'))
    service.save(saved)
    const next: WorkspaceState = { lastJobId: 3, filters: {}, pageSize: 20 }
    service.save(next)
    expect(service.get()).toEqual(next)
  })

  it('keeps each task’s own view (filters, local filters, order, page, open call), and reads a file without them', () => {
    const dir = tempDir()
    const service = createWorkspaceStateService(openConf(dir, 'workspace'))
    const withViews: WorkspaceState = {
      ...saved,
      tasks: [
        { robotCallJobId: 12, filters: saved.filters, local: { myGrade: 'ungraded', hasNote: true }, sort: 'duration-desc', pageNum: 3, callRecordId: '9007199254740993' },
        { robotCallJobId: 7, filters: {}, callRecordId: null },
      ],
    }
    service.save(withViews)
    expect(createWorkspaceStateService(openConf(dir, 'workspace')).get()).toEqual(withViews)
    // An earlier version's file (no views) is still read as it is.
    service.save(saved)
    expect(service.get()).toEqual(saved)
  })

  it.each<[string, unknown]>([
    ['a string', 'oops'],
    ['null', null],
    ['an unknown page size', { ...saved, pageSize: 30 }],
    ['a negative task id', { ...saved, lastJobId: -1 }],
    ['an unknown filter', { ...saved, filters: { colour: 'red' } }],
    ['an unordered duration range', { ...saved, filters: { chatDurationMin: 90, chatDurationMax: 10 } }],
    ['an extra field', { ...saved, extra: true }],
    ['a missing field', { lastJobId: 12, pageSize: 20 }],
    ['an unknown local filter', { ...saved, tasks: [{ robotCallJobId: 1, filters: {}, local: { colour: 'red' } }] }],
    ['an unknown order', { ...saved, tasks: [{ robotCallJobId: 1, filters: {}, sort: 'random' }] }],
    ['page 0', { ...saved, tasks: [{ robotCallJobId: 1, filters: {}, pageNum: 0 }] }],
  ])('falls back to the initial state on damaged data (%s)', (_label, damaged) => {
    const store = openConf(tempDir(), 'workspace')
    store.set('workspace', damaged)
    const service = createWorkspaceStateService(store)
    expect(service.get()).toEqual({ lastJobId: null, filters: {}, pageSize: 50 })
  })
})
