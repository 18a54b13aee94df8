import Conf from 'conf'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AnnotationInput, WorkspaceState } from '../../shared/ipc/contract'
import { createReviewStore } from '../../electron/main/services/review/review-store'
import { createWorkspaceStateService } from '../../electron/main/services/review/workspace-state'
import type { KeyValueStore, StoreFactory } from '../../electron/main/services/settings/ports'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'review-store-test-'))
  dirs.push(dir)
  return dir
}

function openConf(dir: string, name: string): KeyValueStore {
  return new Conf<Record<string, unknown>>({ cwd: dir, configName: name, projectName: 'test' })
}

function setup(dir = tempDir()) {
  const opened: string[] = []
  const factory: StoreFactory = (name) => {
    opened.push(name)
    return openConf(dir, name)
  }
  return { dir, opened, factory, store: createReviewStore(factory) }
}

const input = (over: Partial<AnnotationInput> = {}): AnnotationInput => ({
  robotCallJobId: 7,
  callRecordId: 1001,
  realIntentLevel: 'A',
  note: 'wants a callback',
  ...over,
})

const T1 = new Date('2024-05-01T08:00:00.000Z')
const T2 = new Date('2024-05-01T09:30:00.000Z')
const T3 = new Date('2024-05-02T10:00:00.000Z')

describe('review store', () => {
  it('starts empty', () => {
    const { store } = setup()
    expect(store.state(7)).toEqual({ annotations: [], readIds: [] })
  })

  it('saves an annotation with reviewer, time and no history', () => {
    const { store } = setup()
    const annotation = store.annotate(input(), 'Li Lei', T1)
    expect(annotation).toEqual({
      robotCallJobId: 7,
      callRecordId: 1001,
      realIntentLevel: 'A',
      note: 'wants a callback',
      reviewer: 'Li Lei',
      updatedAt: '2024-05-01T08:00:00.000Z',
      history: [],
    })
    expect(store.state(7).annotations).toEqual([annotation])
  })

  it('stamps the current time by default', () => {
    const { store } = setup()
    const before = Date.now()
    const annotation = store.annotate(input(), 'r')
    const at = Date.parse(annotation.updatedAt)
    expect(at).toBeGreaterThanOrEqual(before)
    expect(at).toBeLessThanOrEqual(Date.now())
  })

  it('keeps the previous values, oldest first, on each change', () => {
    const { store } = setup()
    store.annotate(input({ realIntentLevel: 'A', note: 'first' }), 'Li Lei', T1)
    store.annotate(input({ realIntentLevel: 'C', note: 'second' }), 'Han Meimei', T2)
    const third = store.annotate(input({ realIntentLevel: null, note: '' }), 'Li Lei', T3)
    expect(third.realIntentLevel).toBeNull()
    expect(third.note).toBe('')
    expect(third.reviewer).toBe('Li Lei')
    expect(third.updatedAt).toBe(T3.toISOString())
    expect(third.history).toEqual([
      { realIntentLevel: 'A', note: 'first', reviewer: 'Li Lei', updatedAt: T1.toISOString() },
      { realIntentLevel: 'C', note: 'second', reviewer: 'Han Meimei', updatedAt: T2.toISOString() },
    ])
    expect(store.state(7).annotations).toEqual([third])
  })

  it('keeps separate annotations per call', () => {
    const { store } = setup()
    const a = store.annotate(input({ callRecordId: 1 }), 'r', T1)
    const b = store.annotate(input({ callRecordId: 2, realIntentLevel: 'F' }), 'r', T2)
    const annotations = store.state(7).annotations
    expect(annotations).toHaveLength(2)
    expect(annotations).toContainEqual(a)
    expect(annotations).toContainEqual(b)
    expect(b.history).toEqual([])
  })

  it('marks calls read once each', () => {
    const { store } = setup()
    store.markRead(7, 1)
    store.markRead(7, 2)
    store.markRead(7, 1)
    expect(store.state(7).readIds).toEqual([1, 2])
  })

  it('keeps each task in its own store, named review-job-<id>', () => {
    const { store, opened, dir } = setup()
    store.annotate(input({ robotCallJobId: 7 }), 'r', T1)
    store.markRead(8, 5)
    expect(opened.sort()).toEqual(['review-job-7', 'review-job-8'])
    expect(existsSync(join(dir, 'review-job-7.json'))).toBe(true)
    expect(existsSync(join(dir, 'review-job-8.json'))).toBe(true)
    expect(store.state(7).readIds).toEqual([])
    expect(store.state(8).annotations).toEqual([])
    expect(store.state(8).readIds).toEqual([5])
    const seven = JSON.parse(readFileSync(join(dir, 'review-job-7.json'), 'utf8')) as Record<string, unknown>
    expect(JSON.stringify(seven)).not.toContain('"readIds":[5]')
  })

  it('opens each task store only once', () => {
    const { store, opened } = setup()
    store.state(7)
    store.annotate(input(), 'r', T1)
    store.markRead(7, 1)
    store.state(7)
    expect(opened).toEqual(['review-job-7'])
  })

  it('keeps annotations and read marks across restarts', () => {
    const { store, dir } = setup()
    const annotation = store.annotate(input(), 'Li Lei', T1)
    store.markRead(7, 1001)
    const again = setup(dir).store
    expect(again.state(7)).toEqual({ annotations: [annotation], readIds: [1001] })
    const changed = again.annotate(input({ realIntentLevel: 'B' }), 'Li Lei', T2)
    expect(changed.history).toHaveLength(1)
  })

  it.each<[string, unknown]>([
    ['a string', 'oops'],
    ['a number', 42],
    ['an array', [1, 2, 3]],
    ['an entry of the wrong shape', { 1001: { robotCallJobId: 'x' } }],
  ])('does not crash on damaged annotations (%s)', (_label, damaged) => {
    const { store, dir } = setup()
    openConf(dir, 'review-job-7').set('annotations', damaged)
    expect(store.state(7).annotations).toEqual([])
    const annotation = store.annotate(input(), 'r', T1)
    expect(annotation.history).toEqual([])
    expect(store.state(7).annotations).toEqual([annotation])
  })

  it.each<[string, unknown]>([
    ['a string', 'oops'],
    ['an object', { 1: true }],
    ['mixed values', [1, 'two', null]],
  ])('does not crash on damaged read marks (%s)', (_label, damaged) => {
    const { store, dir } = setup()
    openConf(dir, 'review-job-7').set('readIds', damaged)
    expect(store.state(7).readIds).toEqual([])
    store.markRead(7, 3)
    expect(store.state(7).readIds).toEqual([3])
  })
})

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

  it.each<[string, unknown]>([
    ['a string', 'oops'],
    ['null', null],
    ['an unknown page size', { ...saved, pageSize: 30 }],
    ['a negative task id', { ...saved, lastJobId: -1 }],
    ['an unknown filter', { ...saved, filters: { colour: 'red' } }],
    ['an unordered duration range', { ...saved, filters: { chatDurationMin: 90, chatDurationMax: 10 } }],
    ['an extra field', { ...saved, extra: true }],
    ['a missing field', { lastJobId: 12, pageSize: 20 }],
  ])('falls back to the initial state on damaged data (%s)', (_label, damaged) => {
    const store = openConf(tempDir(), 'workspace')
    store.set('workspace', damaged)
    const service = createWorkspaceStateService(store)
    expect(service.get()).toEqual({ lastJobId: null, filters: {}, pageSize: 50 })
  })
})
