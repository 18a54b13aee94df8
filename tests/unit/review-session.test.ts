// The review session opens a call in one order (note saved, recording and timings of the last call
// dropped, then the new call's detail, speed, recording, timings and the next call fetched ahead),
// and the view only sends keys. Run against a fake bridge API and a fake howl.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

type Request = Record<string, unknown>

const fake = vi.hoisted(() => {
  const log: string[] = []
  const tracks: { src: string; options: { rate: number; volume: number } }[] = []
  /** Details held back until the test lets them through, by call id. */
  const heldDetails = new Map<number, () => void>()
  const detail = (id: number) => ({
    callRecordId: id,
    chatDuration: 20,
    fullAudioUrl: `https://example.test/${id}.wav`,
    customerAudioUrl: id === 101 ? `https://example.test/${id}-customer.wav` : null,
    intentLevel: 'B',
    callDetailList: [
      { callDetailId: id * 10 + 1, type: 'ROBOT', text: '您好，这里是客服中心，请问是本人吗？' },
      { callDetailId: id * 10 + 2, type: 'PERSON', text: '是我。' },
    ],
  })
  const api = {
    getSettings: async () => ({ defaultSpeed: 1.5, language: 'zh-CN' }),
    getAppStatus: async () => ({ online: true, workOffline: false }),
    // Main's events: none arrive in these tests.
    on: () => () => {},
    getReviewState: async () => ({ grades: [], readIds: [] }),
    listCalls: async () => ({ page: { content: [101, 102, 103].map((callRecordId) => ({ callRecordId })), totalElements: 3, pages: 1 }, source: 'server', fetchedAt: 0 }),
    getFilterProgress: async () => ({ graded: 0 }),
    saveWorkspaceState: async () => undefined,
    getCallDetail: (request: Request) => {
      const id = Number(request['callRecordId'])
      log.push(`getCallDetail ${id}`)
      const held = heldDetails.has(id)
      return new Promise((resolve) => {
        if (held) heldDetails.set(id, () => resolve(detail(id)))
        else resolve(detail(id))
      })
    },
    markRead: async (request: Request) => {
      log.push(`markRead ${String(request['callRecordId'])}`)
    },
    prepareAudio: async (request: Request) => {
      log.push(`prepareAudio ${String(request['callRecordId'])} ${String(request['track'])}`)
      return { src: `app://audio/${String(request['callRecordId'])}`, durationSec: 20, peaks: [] }
    },
    getTurnTimings: async (request: Request) => {
      const id = Number(request['callRecordId'])
      log.push(`getTurnTimings ${id}`)
      return {
        callRecordId: id,
        method: 'two-track',
        estimated: false,
        durationSec: 20,
        regions: [],
        turns: [
          { callDetailId: id * 10 + 1, start: 0.4, end: 6 },
          { callDetailId: id * 10 + 2, start: 7, end: 8 },
        ],
      }
    },
    saveGrade: async (request: Request) => {
      log.push(`saveGrade ${String(request['callRecordId'])} ${String(request['realIntentLevel'])} ${String(request['note'])}`)
      return { ...request, reviewer: '', updatedAt: '2024-01-01T00:00:00Z' }
    },
  }
  return { log, tracks, heldDetails, api }
})

vi.mock('../../renderer/src/api', () => ({ api: fake.api }))
vi.mock('../../renderer/src/audio/track-player', () => ({
  TrackPlayer: class {
    constructor(src: string, options: { rate: number; volume: number }) {
      fake.tracks.push({ src, options })
    }
    position = () => 0
    play() {}
    pause() {}
    seek() {}
    setRate() {}
    setVolume() {}
    dispose() {}
  },
}))

const { usePlayerStore } = await import('../../renderer/src/stores/player')
const { useReviewSessionStore } = await import('../../renderer/src/stores/review-session')
const { useSettingsStore } = await import('../../renderer/src/stores/settings')
const { useTimingStore } = await import('../../renderer/src/stores/timing')
const { useWorkspaceStore } = await import('../../renderer/src/stores/workspace')

/** Lets every answer already due arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

// No page here: the player's clock loop needs the two frame functions only.
vi.stubGlobal('requestAnimationFrame', () => 0)
vi.stubGlobal('cancelAnimationFrame', () => {})

async function session() {
  setActivePinia(createPinia())
  await useSettingsStore().load()
  await useWorkspaceStore().openJob(7)
  await settle()
  fake.log.length = 0
  fake.tracks.length = 0
  const review = useReviewSessionStore()
  review.setNoteFlush(() => fake.log.push('flush note'))
  return review
}

describe('review session', () => {
  beforeEach(() => {
    fake.heldDetails.clear()
  })

  it('opens a call in order: note, then detail, speed, recording, timings, and the next call ahead', async () => {
    const review = await session()
    const player = usePlayerStore()
    const timing = useTimingStore()
    await review.open(101)
    await settle()
    expect(fake.log).toEqual([
      'flush note',
      'getCallDetail 101',
      'markRead 101',
      'prepareAudio 101 full',
      'getTurnTimings 101',
      'getCallDetail 102',
      'prepareAudio 102 full',
    ])
    expect(useWorkspaceStore().selectedId).toBe(101)
    expect(player.callRecordId).toBe(101)
    expect(player.hasCustomerTrack).toBe(true)
    // The reviewer's default speed, handed to the howl as it is made.
    expect(player.rate).toBe(1.5)
    expect(fake.tracks).toEqual([{ src: 'app://audio/101', options: { rate: 1.5, volume: 1 } }])
    expect(timing.answer?.callRecordId).toBe(101)
    expect(review.timing.method).toBe('two-track')
    expect(review.timing.turns.map((t) => t.start)).toEqual([0.4, 7])
  })

  it('drops the last call’s recording and timings before the next call’s detail arrives', async () => {
    const review = await session()
    const player = usePlayerStore()
    await review.open(101)
    await settle()
    // 103 was not fetched ahead (102 was), so its detail is still on the way.
    fake.heldDetails.set(103, () => {})
    const opening = review.open(103)
    await settle()
    expect(fake.log).toContain('getCallDetail 103')
    expect(player.status).toBe('idle')
    expect(player.callRecordId).toBe(101)
    expect(useTimingStore().answer).toBeNull()
    expect(review.timing.method).toBe('proportional')
    fake.heldDetails.get(103)?.()
    await opening
    await settle()
    expect(player.callRecordId).toBe(103)
    expect(useTimingStore().answer?.callRecordId).toBe(103)
  })

  it('lets the later of two quick opens win', async () => {
    const review = await session()
    fake.heldDetails.set(101, () => {})
    const first = review.open(101)
    const second = review.open(103)
    await second
    fake.heldDetails.get(101)?.()
    await first
    await settle()
    expect(useWorkspaceStore().selectedId).toBe(103)
    expect(usePlayerStore().callRecordId).toBe(103)
    expect(fake.log.filter((line) => line.startsWith('prepareAudio'))).toEqual(['prepareAudio 103 full'])
    expect(fake.log).not.toContain('getTurnTimings 101')
  })

  it('grades the open call and moves on to the next and previous rows, saving the note each time', async () => {
    const review = await session()
    await review.open(101)
    await settle()
    review.grade('A')
    await settle()
    expect(fake.log).toContain('saveGrade 101 A ')
    expect(useWorkspaceStore().grades[101]?.realIntentLevel).toBe('A')

    fake.log.length = 0
    await review.next()
    expect(useWorkspaceStore().selectedId).toBe(102)
    expect(fake.log[0]).toBe('flush note')

    fake.log.length = 0
    await review.previous()
    expect(useWorkspaceStore().selectedId).toBe(101)
    expect(fake.log[0]).toBe('flush note')

    await review.nextUngraded()
    expect(useWorkspaceStore().selectedId).toBe(102)
  })
})
