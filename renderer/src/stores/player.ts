// The playback controller for the open call: which track, where, how fast, and what went wrong.
// It owns all playback state: what the page renders is reactive; its own bookkeeping (the howl,
// the clock loop, the load generation) lives in this store instance, never in the module.
import { defineStore } from 'pinia'
import { markRaw, ref } from 'vue'
import { PLAYBACK_SPEEDS, type AudioTrack } from '../../../shared/ipc/contract'
import { api } from '../api'
import { TrackPlayer } from '../audio/track-player'
import type { Id } from '../../../shared/ids'

type Status = 'idle' | 'loading' | 'ready' | 'error'

export const usePlayerStore = defineStore('player', () => {
  const callRecordId = ref<Id | null>(null)
  const track = ref<AudioTrack>('full')
  /** The track the reviewer chose last: each call opens on it when it has that recording. */
  const preferredTrack = ref<AudioTrack>('full')
  const status = ref<Status>('idle')
  const playing = ref(false)
  const position = ref(0)
  const duration = ref(0)
  const rate = ref(1)
  const volume = ref(1)
  const peaks = ref<number[]>([])
  const error = ref<unknown>(null)
  /** Whether the open call has a customer-only recording to switch to. */
  const hasCustomerTrack = ref(false)
  /** Jump over gaps longer than a second between turns. */
  const skipSilence = ref(false)
  /** Play only the customer's turns, in order. */
  const customerOnly = ref(false)

  // Not rendered, so not reactive (a reactive howl would be proxied deep).
  let audio: TrackPlayer | null = null
  /** Play was asked for while the track was still loading: start as soon as it can. */
  let playWhenReady = false
  /**
   * What the reviewer last asked for, play or pause. Toggling follows it rather than howler's play
   * events, which lag behind: an HTML5 seek restarts the element, and a pause asked for meanwhile
   * waits for that restart, so two quick presses of Space would both read "playing".
   */
  let wantsToPlay = false
  let frame = 0
  /** Bumped on every load so a late answer for an earlier call is ignored. */
  let generation = 0

  async function open(id: Id, options: { hasCustomerTrack: boolean; track?: AudioTrack; autoplay?: boolean; startAt?: number }) {
    unload()
    const mine = ++generation
    callRecordId.value = id
    hasCustomerTrack.value = options.hasCustomerTrack
    const wanted = options.track ?? preferredTrack.value
    track.value = wanted === 'customer' && !options.hasCustomerTrack ? 'full' : wanted
    status.value = 'loading'
    error.value = null
    position.value = 0
    duration.value = 0
    peaks.value = []
    try {
      const source = await api.prepareAudio({ callRecordId: id, track: track.value })
      if (mine !== generation) return
      duration.value = source.durationSec
      peaks.value = markRaw(source.peaks)
      audio = new TrackPlayer(source.src, { rate: rate.value, volume: volume.value }, {
        onLoad: (seconds) => {
          if (mine !== generation) return
          if (seconds > 0) duration.value = seconds
          status.value = 'ready'
          if (options.startAt) seek(options.startAt)
          if (options.autoplay || playWhenReady) play()
          playWhenReady = false
        },
        onEnd: () => {
          wantsToPlay = false
          // Howler has already rewound the element: a clock frame still due would read 0:00 from
          // it. The player stays at the end, where the reviewer heard it finish.
          cancelAnimationFrame(frame)
          position.value = duration.value
        },
        onError: () => {
          if (mine !== generation) return
          wantsToPlay = false
          status.value = 'error'
          error.value = 'playback'
        },
        onPlayState: (now) => {
          playing.value = now
          if (now) followClock()
        },
      })
    } catch (failure) {
      if (mine !== generation) return
      status.value = 'error'
      error.value = failure
    }
  }

  function followClock() {
    cancelAnimationFrame(frame)
    const tick = () => {
      if (!audio) return
      position.value = audio.position()
      // Follows the store's state, not howler's: howler's HTML5 seek pauses and resumes the
      // element internally without a play event, which would stop a loop keyed to it.
      if (playing.value) frame = requestAnimationFrame(tick)
    }
    frame = requestAnimationFrame(tick)
  }

  function play() {
    if (audio && status.value === 'ready') audio.play()
    else if (status.value === 'loading') playWhenReady = true
    else return
    wantsToPlay = true
  }

  function pause() {
    wantsToPlay = false
    playWhenReady = false
    audio?.pause()
  }

  function toggle() {
    if (wantsToPlay) pause()
    else play()
  }

  function seek(seconds: number) {
    if (!audio) return
    const target = Math.max(0, Math.min(seconds, duration.value || seconds))
    audio.seek(target)
    // Show the new place at once; the clock loop takes over from the element.
    position.value = target
    if (playing.value) followClock()
  }

  function seekBy(delta: number) {
    seek(position.value + delta)
  }

  function setRate(next: number) {
    rate.value = next
    audio?.setRate(next)
  }

  function stepRate(direction: 1 | -1) {
    const speeds: readonly number[] = PLAYBACK_SPEEDS
    const index = speeds.findIndex((s) => s >= rate.value - 1e-9)
    const next = speeds[Math.max(0, Math.min(speeds.length - 1, (index < 0 ? 2 : index) + direction))]
    if (next !== undefined) setRate(next)
  }

  function setVolume(next: number) {
    volume.value = Math.max(0, Math.min(1, next))
    audio?.setVolume(volume.value)
  }

  async function switchTrack() {
    const id = callRecordId.value
    if (id === null) return
    if (track.value === 'full' && !hasCustomerTrack.value) return
    const at = position.value
    const wasPlaying = playing.value
    const next: AudioTrack = track.value === 'full' ? 'customer' : 'full'
    preferredTrack.value = next
    await open(id, { hasCustomerTrack: hasCustomerTrack.value, track: next, autoplay: wasPlaying })
    // Both tracks share the call's timeline: carry on from the same moment.
    if (at > 0) seek(at)
  }

  function unload() {
    generation++
    playWhenReady = false
    wantsToPlay = false
    cancelAnimationFrame(frame)
    audio?.dispose()
    audio = null
    playing.value = false
    status.value = 'idle'
  }

  return {
    callRecordId,
    track,
    preferredTrack,
    status,
    playing,
    position,
    duration,
    rate,
    volume,
    peaks,
    error,
    hasCustomerTrack,
    skipSilence,
    customerOnly,
    open,
    play,
    pause,
    toggle,
    seek,
    seekBy,
    setRate,
    stepRate,
    setVolume,
    switchTrack,
    unload,
  }
})
