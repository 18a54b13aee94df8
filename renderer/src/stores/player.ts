// The player's state for the open call: which track, where, how fast, and what went wrong.
import { defineStore } from 'pinia'
import { markRaw } from 'vue'
import { PLAYBACK_SPEEDS, type AudioTrack } from '../../../shared/ipc/contract'
import { api } from '../api'
import { TrackPlayer } from '../audio/track-player'

type Status = 'idle' | 'loading' | 'ready' | 'error'

interface State {
  callRecordId: number | null
  track: AudioTrack
  status: Status
  playing: boolean
  position: number
  duration: number
  rate: number
  volume: number
  peaks: number[]
  error: unknown
  /** Whether the open call has a customer-only recording to switch to. */
  hasCustomerTrack: boolean
  /** Jump over gaps longer than a second between turns. */
  skipSilence: boolean
  /** Play only the customer's turns, in order. */
  customerOnly: boolean
}

let player: TrackPlayer | null = null
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

export const usePlayerStore = defineStore('player', {
  state: (): State => ({
    callRecordId: null,
    track: 'full',
    status: 'idle',
    playing: false,
    position: 0,
    duration: 0,
    rate: 1,
    volume: 1,
    peaks: [],
    error: null,
    hasCustomerTrack: false,
    skipSilence: false,
    customerOnly: false,
  }),
  actions: {
    async open(callRecordId: number, options: { hasCustomerTrack: boolean; track?: AudioTrack; autoplay?: boolean }) {
      this.unload()
      const mine = ++generation
      this.callRecordId = callRecordId
      this.hasCustomerTrack = options.hasCustomerTrack
      this.track = options.track ?? 'full'
      this.status = 'loading'
      this.error = null
      this.position = 0
      this.duration = 0
      this.peaks = []
      try {
        const source = await api.prepareAudio({ callRecordId, track: this.track })
        if (mine !== generation) return
        this.duration = source.durationSec
        this.peaks = markRaw(source.peaks) as number[]
        player = new TrackPlayer(source.src, { rate: this.rate, volume: this.volume }, {
          onLoad: (duration) => {
            if (mine !== generation) return
            if (duration > 0) this.duration = duration
            this.status = 'ready'
            if (options.autoplay || playWhenReady) this.play()
            playWhenReady = false
          },
          onEnd: () => {
            wantsToPlay = false
            this.position = this.duration
          },
          onError: () => {
            if (mine !== generation) return
            wantsToPlay = false
            this.status = 'error'
            this.error = 'playback'
          },
          onPlayState: (playing) => {
            this.playing = playing
            if (playing) this.followClock()
          },
        })
      } catch (error) {
        if (mine !== generation) return
        this.status = 'error'
        this.error = error
      }
    },
    followClock() {
      cancelAnimationFrame(frame)
      const tick = () => {
        if (!player) return
        this.position = player.position()
        // Follows the store's state, not howler's: howler's HTML5 seek pauses and resumes the
        // element internally without a play event, which would stop a loop keyed to it.
        if (this.playing) frame = requestAnimationFrame(tick)
      }
      frame = requestAnimationFrame(tick)
    },
    play() {
      if (player && this.status === 'ready') player.play()
      else if (this.status === 'loading') playWhenReady = true
      else return
      wantsToPlay = true
    },
    pause() {
      wantsToPlay = false
      playWhenReady = false
      player?.pause()
    },
    toggle() {
      if (wantsToPlay) this.pause()
      else this.play()
    },
    seek(seconds: number) {
      if (!player) return
      const target = Math.max(0, Math.min(seconds, this.duration || seconds))
      player.seek(target)
      // Show the new place at once; the clock loop takes over from the element.
      this.position = target
      if (this.playing) this.followClock()
    },
    seekBy(delta: number) {
      this.seek(this.position + delta)
    },
    setRate(rate: number) {
      this.rate = rate
      player?.setRate(rate)
    },
    stepRate(direction: 1 | -1) {
      const speeds = PLAYBACK_SPEEDS as readonly number[]
      const index = speeds.findIndex((s) => s >= this.rate - 1e-9)
      const next = speeds[Math.max(0, Math.min(speeds.length - 1, (index < 0 ? 2 : index) + direction))]
      if (next !== undefined) this.setRate(next)
    },
    setVolume(volume: number) {
      this.volume = Math.max(0, Math.min(1, volume))
      player?.setVolume(this.volume)
    },
    async switchTrack() {
      if (this.callRecordId === null) return
      if (this.track === 'full' && !this.hasCustomerTrack) return
      const position = this.position
      const wasPlaying = this.playing
      const next: AudioTrack = this.track === 'full' ? 'customer' : 'full'
      await this.open(this.callRecordId, { hasCustomerTrack: this.hasCustomerTrack, track: next, autoplay: wasPlaying })
      // Both tracks share the call's timeline: carry on from the same moment.
      if (position > 0) this.seek(position)
    },
    unload() {
      generation++
      playWhenReady = false
      wantsToPlay = false
      cancelAnimationFrame(frame)
      player?.dispose()
      player = null
      this.playing = false
      this.status = 'idle'
    },
  },
})
