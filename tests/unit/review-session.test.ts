// The review session opens a call in one order (note saved, recording and timings of the last call
// dropped, then the new call's detail, speed, recording, timings and the next call fetched ahead),
// and the view only sends keys. Run against a fake bridge API and a fake howl.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'

type Request = Record<string, unknown>

const fake = vi.hoisted(() => {
  const log: string[] = []
  const tracks: { src: string; options: { rate: number; volume: number }; events: { onLoad(seconds: number): void } }[] = []
  /** What main's settings say; a test changes them before its session starts. */
  const settings: Record<string, unknown> = {}
  const defaults = { defaultSpeed: 1.5, language: 'zh-CN', advanceAfterGrade: false, playbackTrack: 'full', skipToCustomer: false }
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
    getSettings: async () => ({ ...settings }),
    updateSettings: async (patch: Request) => {
      log.push(`updateSettings ${JSON.stringify(patch)}`)
      Object.assign(settings, patch)
      return { ...settings }
    },
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
    correctTurnStart: async (request: Request) => {
      log.push(`correctTurnStart ${String(request['callDetailId'])} ${String(request['start'])}`)
      const id = Number(request['callRecordId'])
      return { callRecordId: id, method: 'two-track', estimated: false, durationSec: 20, regions: [], turns: [] }
    },
    saveGrade: async (request: Request) => {
      log.push(`saveGrade ${String(request['callRecordId'])} ${String(request['realIntentLevel'])} ${String(request['note'])}`)
      return { ...request, reviewer: '', updatedAt: '2024-01-01T00:00:00Z' }
    },
  }
  return { log, tracks, heldDetails, api, settings, defaults }
})

vi.mock('../../renderer/src/api', () => ({ api: fake.api, onConnectionFailure: () => () => {} }))
vi.mock('../../renderer/src/audio/track-player', () => ({
  TrackPlayer: class {
    constructor(src: string, options: { rate: number; volume: number }, events: { onLoad(seconds: number): void }) {
      fake.tracks.push({ src, options, events })
    }
    position = () => 0
    play() {
      fake.log.push('play')
    }
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

async function session(settings: Record<string, unknown> = {}) {
  for (const key of Object.keys(fake.settings)) delete fake.settings[key]
  Object.assign(fake.settings, fake.defaults, settings)
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
    expect(fake.tracks).toEqual([{ src: 'app://audio/101', options: { rate: 1.5, volume: 1 }, events: expect.anything() }])
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

  it('marks a call read once some seconds of it were heard or it was graded, not when opened or seeked through', async () => {
    const review = await session()
    const player = usePlayerStore()
    const workspace = useWorkspaceStore()
    await review.open(101)
    await settle()
    expect(fake.log.filter((line) => line.startsWith('markRead'))).toEqual([])
    expect(workspace.readIds[101]).toBeUndefined()

    const heard = async (...positions: number[]) => {
      for (const position of positions) {
        player.position = position
        await nextTick()
      }
    }
    player.playing = true
    await heard(0.5, 1, 1.5, 2, 2.5)
    // A seek is not listening: 2.5 s heard, then a jump of 7 s.
    await heard(9.5)
    expect(workspace.readIds[101]).toBeUndefined()
    await heard(10)
    expect(workspace.readIds[101]).toBe(true)
    expect(fake.log.filter((line) => line.startsWith('markRead'))).toEqual(['markRead 101'])

    player.playing = false
    await review.open(102)
    await settle()
    expect(workspace.readIds[102]).toBeUndefined()
    await review.grade('C')
    expect(workspace.readIds[102]).toBe(true)
  })

  it('after a grade opens the next ungraded call and plays it, when the setting is on', async () => {
    const review = await session({ advanceAfterGrade: true })
    const workspace = useWorkspaceStore()
    await review.open(101)
    await settle()
    fake.log.length = 0
    await review.grade('A')
    expect(workspace.grades[101]?.realIntentLevel).toBe('A')
    expect(workspace.selectedId).toBe(102)
    // The recording plays as soon as it has loaded.
    fake.tracks.at(-1)?.events.onLoad(20)
    expect(fake.log).toContain('play')

    // Shift+grade (stay) and clearing a grade stay on the call.
    await review.grade('B', { stay: true })
    expect(workspace.selectedId).toBe(102)
    await review.grade(null)
    expect(workspace.selectedId).toBe(102)
    // Nothing ungraded after the last call: it stays, and says so.
    await review.open(103)
    await review.grade('D')
    expect(workspace.selectedId).toBe(103)
    expect(review.noneUngradedAfter).toBe(true)
  })

  it('stays on the graded call when grade-and-advance is off, or the grade could not be saved', async () => {
    const review = await session({ advanceAfterGrade: false })
    const workspace = useWorkspaceStore()
    await review.open(101)
    await settle()
    await review.grade('A')
    expect(workspace.selectedId).toBe(101)

    useSettingsStore().settings!.advanceAfterGrade = true
    const saveGrade = fake.api.saveGrade
    fake.api.saveGrade = async () => {
      throw new Error('disk full')
    }
    try {
      await review.grade('B')
    } finally {
      fake.api.saveGrade = saveGrade
    }
    expect(workspace.saveError).toBeTruthy()
    expect(workspace.selectedId).toBe(101)
  })

  it('keeps the speed and the chosen track from call to call, and remembers the track in the settings', async () => {
    const review = await session()
    const player = usePlayerStore()
    await review.open(101)
    await settle()
    player.stepRate(1)
    expect(player.rate).toBe(2)
    await player.switchTrack()
    expect(player.track).toBe('customer')
    await settle()
    expect(fake.log).toContain('updateSettings {"playbackTrack":"customer"}')

    fake.log.length = 0
    await review.next()
    await settle()
    // 102 has no customer recording: the full one plays, at the speed the reviewer chose.
    expect(player.track).toBe('full')
    expect(fake.tracks.at(-1)?.options.rate).toBe(2)
    await review.previous()
    await settle()
    expect(player.track).toBe('customer')
    expect(fake.log).toContain('prepareAudio 101 customer')
    // Not saved again for a call that lacks the track.
    expect(fake.log.filter((line) => line.startsWith('updateSettings'))).toEqual([])
  })

  it('opens calls on the track and with "skip to the customer" as the settings remember them', async () => {
    const review = await session({ playbackTrack: 'customer', skipToCustomer: true })
    const player = usePlayerStore()
    expect(player.customerOnly).toBe(true)
    await review.open(101)
    await settle()
    expect(fake.log).toContain('prepareAudio 101 customer')
    player.customerOnly = false
    await settle()
    expect(fake.log).toContain('updateSettings {"skipToCustomer":false}')
  })

  it('undoes grade and note changes step by step, back on the call they were made on', async () => {
    const review = await session()
    const workspace = useWorkspaceStore()
    await review.open(101)
    await settle()
    await review.grade('A')
    await review.grade('C')
    review.saveNote('回拨')
    await settle()
    await review.next()
    expect(workspace.selectedId).toBe(102)

    fake.log.length = 0
    await review.undo()
    // Back on 101, its note as it was.
    expect(workspace.selectedId).toBe(101)
    expect(workspace.grades[101]).toMatchObject({ realIntentLevel: 'C', note: '' })
    expect(review.toast).toMatchObject({ kind: 'undone', entry: { callRecordId: 101, field: 'note', from: '', to: '回拨' } })
    await review.undo()
    expect(workspace.grades[101]?.realIntentLevel).toBe('A')
    expect(review.toast).toMatchObject({ kind: 'undone', entry: { field: 'grade', from: 'A', to: 'C' } })
    await review.undo()
    expect(workspace.grades[101]?.realIntentLevel).toBeNull()
    expect(review.toast).toMatchObject({ kind: 'undone', entry: { field: 'grade', from: null, to: 'A' } })
    await review.undo()
    expect(review.toast).toMatchObject({ kind: 'nothingToUndo' })
    expect(fake.log.filter((line) => line.startsWith('saveGrade'))).toEqual(['saveGrade 101 C ', 'saveGrade 101 A ', 'saveGrade 101 null '])
  })

  it('moves a turn with the nudge keys only in timing edit mode, which ends when another call opens', async () => {
    const review = await session()
    const player = usePlayerStore()
    await review.open(101)
    await settle()
    player.position = 1
    expect(review.currentTurn).toBe(0)

    review.nudgeKey(-0.1)
    await settle()
    expect(fake.log.filter((line) => line.startsWith('correctTurnStart'))).toEqual([])
    expect(review.toast).toMatchObject({ kind: 'timingEditOff' })

    review.setTimingEdit(true)
    review.nudgeKey(-0.1)
    review.nudgeKey('playhead')
    await settle()
    expect(fake.log.filter((line) => line.startsWith('correctTurnStart'))).toEqual(['correctTurnStart 1011 0.3', 'correctTurnStart 1011 1'])

    await review.next()
    expect(review.timingEdit).toBe(false)
  })
})
