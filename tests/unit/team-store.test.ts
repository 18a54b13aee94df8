// The team badge's status: a round that ends while the status asked for is on its way pushes its
// own, and the older answer must not overwrite it (the badge then said "not synced yet" until the
// next round, a minute later).
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import type { TeamStatus } from '../../shared/ipc/contract'

const fake = vi.hoisted(() => {
  const listeners = new Map<string, (payload: unknown) => void>()
  const state: { answer: (() => Promise<unknown>) | null } = { answer: null }
  const api = {
    on: (channel: string, listener: (payload: unknown) => void) => {
      listeners.set(channel, listener)
      return () => listeners.delete(channel)
    },
    getTeamStatus: () => (state.answer as () => Promise<unknown>)(),
    listTeamConflicts: async () => [],
  }
  const push = (channel: string, payload: unknown) => listeners.get(channel)?.(payload)
  return { api, state, push }
})
vi.mock('../../renderer/src/api', () => ({ api: fake.api, onConnectionFailure: () => () => {} }))

const { useTeamStore } = await import('../../renderer/src/stores/team')

const status = (over: Partial<TeamStatus>): TeamStatus => ({ phase: 'pending', user: 'wang', lead: false, pending: 0, conflicts: 0, lastSyncedAt: null, error: null, ...over })
const never = status({})
const synced = status({ phase: 'synced', lastSyncedAt: '2026-12-05T05:00:00.000Z' })

// One store for the file, as in the app: the store listens to main's pushes once.
setActivePinia(createPinia())

describe('team status', () => {
  it('keeps a pushed status that arrives while an older answer is on its way', async () => {
    const team = useTeamStore()
    let answer!: (value: unknown) => void
    fake.state.answer = () => new Promise((done) => (answer = done))
    const loading = team.load()
    await Promise.resolve()
    // The round ends and pushes "synced"; the answer, computed before, says "never" and comes last.
    fake.push('teamStatus', synced)
    answer(never)
    await loading
    expect(team.status).toEqual(synced)
  })

  it('takes the answer when nothing was pushed meanwhile', async () => {
    const team = useTeamStore()
    fake.state.answer = async () => synced
    await team.load()
    expect(team.status).toEqual(synced)
    // A later push still moves it.
    fake.push('teamStatus', status({ phase: 'syncing', lastSyncedAt: synced.lastSyncedAt }))
    expect(team.status?.phase).toBe('syncing')
  })
})
