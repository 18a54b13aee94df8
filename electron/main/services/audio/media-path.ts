// The path a prepared recording is served under: /<callRecordId>/<track>, the same in the
// app's media scheme (app-media://audio/…) and in the browser test host (/media/…).
import { AUDIO_TRACKS, type AudioTrack } from '../../../../shared/ipc/contract'
import { parseIdText, type Id } from '../../../../shared/ids'

export function mediaPath(callRecordId: Id, track: AudioTrack): string {
  return `/${callRecordId}/${track}`
}

export function parseMediaPath(path: string): { callRecordId: Id; track: AudioTrack } | null {
  // Up to 30 digits: an id beyond 2^53 is read exactly (ids.ts), never rounded onto another call.
  const match = /^\/(\d{1,30})\/([a-z]+)$/.exec(path)
  if (!match) return null
  const callRecordId = parseIdText(match[1])
  const track = match[2] as AudioTrack
  if (callRecordId === undefined || !AUDIO_TRACKS.includes(track)) return null
  return { callRecordId, track }
}
