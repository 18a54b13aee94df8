// One recording in howler's HTML5 mode: it streams (no whole-file decode, so 30-minute calls
// stay small in memory) and keeps the voice's pitch when the speed changes.
import { Howl } from 'howler'

export interface TrackPlayerEvents {
  onLoad(durationSec: number): void
  onEnd(): void
  onError(reason: string): void
  onPlayState(playing: boolean): void
}

export class TrackPlayer {
  private readonly howl: Howl
  private disposed = false

  constructor(src: string, options: { rate: number; volume: number }, private readonly events: TrackPlayerEvents) {
    this.howl = new Howl({
      src: [src],
      format: ['wav'],
      html5: true,
      preload: true,
      rate: options.rate,
      volume: options.volume,
      onload: () => this.alive() && events.onLoad(this.howl.duration()),
      onloaderror: (_id, error) => this.alive() && events.onError(String(error ?? 'load error')),
      onplayerror: (_id, error) => this.alive() && events.onError(String(error ?? 'play error')),
      onplay: () => this.alive() && events.onPlayState(true),
      onpause: () => this.alive() && events.onPlayState(false),
      onstop: () => this.alive() && events.onPlayState(false),
      onend: () => {
        if (!this.alive()) return
        events.onPlayState(false)
        events.onEnd()
      },
    })
  }

  private alive(): boolean {
    return !this.disposed
  }

  get playing(): boolean {
    return this.howl.playing()
  }

  /** Current position in seconds, read from the media element itself (never a stale timer). */
  position(): number {
    const value = this.howl.seek()
    return typeof value === 'number' && Number.isFinite(value) ? value : 0
  }

  play(): void {
    if (!this.howl.playing()) this.howl.play()
  }

  pause(): void {
    this.howl.pause()
  }

  seek(seconds: number): void {
    const duration = this.howl.duration()
    const target = Math.max(0, duration > 0 ? Math.min(seconds, duration - 0.05) : seconds)
    this.howl.seek(target)
  }

  setRate(rate: number): void {
    this.howl.rate(rate)
  }

  setVolume(volume: number): void {
    this.howl.volume(volume)
  }

  dispose(): void {
    this.disposed = true
    this.howl.unload()
  }
}
