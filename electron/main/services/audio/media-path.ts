// The path a prepared recording is served under: /<callRecordId>/<track>, the same in the
// app's media scheme (app-media://audio/…) and in the browser test host (/media/…).
import { AUDIO_TRACKS, type AudioTrack } from '../../../../shared/ipc/contract'

export function mediaPath(callRecordId: number, track: AudioTrack): string {
  return `/${callRecordId}/${track}`
}

export function parseMediaPath(path: string): { callRecordId: number; track: AudioTrack } | null {
  const match = /^\/(\d{1,16})\/([a-z]+)$/.exec(path)
  if (!match) return null
  const callRecordId = Number(match[1])
  const track = match[2] as AudioTrack
  if (!Number.isSafeInteger(callRecordId) || callRecordId <= 0 || !AUDIO_TRACKS.includes(track)) return null
  return { callRecordId, track }
}
