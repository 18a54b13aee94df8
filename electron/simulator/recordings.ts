// Recordings as public object storage serves them: no authentication, GET and HEAD, byte
// ranges. Each WAV is assembled on first request and kept in a small LRU cache.
import type { IncomingHttpHeaders } from 'node:http'
import { storageError, type Answer } from './answer'
import { encodeWav16 } from '../main/services/audio'
import { mixTrack, type Track } from './assembler'
import { VOICE_SAMPLE_RATE } from './voice-bank'
import type { SimWorld } from './dataset'
import { LruCache } from './lru-cache'
import type { VoiceBank } from './voice-bank'
import { parseRange } from '../main/services/audio'
import { toId } from '../../shared/ids'

export const RECORDINGS_PREFIX = '/recordings/'
const RECORDING_PATH = /^\/recordings\/TenantId(\d+)\/CallJobId(\d+)\/(\d+)\/(ai_user|user|early_media)\.wav$/
const CACHE_CAPACITY = 6

export interface RecordingStore {
  /** The WAV at this path, or undefined when there is no such recording. */
  wav(pathname: string): Buffer | undefined
}

export function createRecordingStore(world: SimWorld, bank: VoiceBank): RecordingStore {
  const cache = new LruCache<string, Buffer>(CACHE_CAPACITY)
  return {
    wav(pathname) {
      const match = RECORDING_PATH.exec(pathname)
      if (!match) return undefined
      const [, tenant, job, id, file] = match
      // Ids read exactly: a long id must not find a call whose id is its rounded neighbour.
      const call = world.calls.get(toId(id) ?? -1)
      if (!call || Number(tenant) !== call.tenantId || toId(job) !== call.robotCallJobId) return undefined
      const url = file === 'user' ? call.customerAudioUrl : call.fullAudioUrl
      if (!url?.endsWith(`/${id}/${file}.wav`)) return undefined
      const timeline = world.timelines.get(call.callRecordId)
      if (!timeline) return undefined
      const track: Track = file === 'user' ? 'customer' : 'full'
      const key = `${call.callRecordId}/${track}`
      let bytes = cache.get(key)
      if (!bytes) {
        bytes = encodeWav16(mixTrack(timeline, bank.muLaw(), track), VOICE_SAMPLE_RATE)
        cache.set(key, bytes)
      }
      return bytes
    },
  }
}

export function recordingAnswer(method: string, pathname: string, headers: IncomingHttpHeaders, store: RecordingStore): Answer {
  if (method !== 'GET' && method !== 'HEAD') {
    const answer = storageError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.')
    answer.headers['Allow'] = 'GET, HEAD'
    return answer
  }
  const wav = store.wav(pathname)
  if (!wav) return storageError(404, 'NoSuchKey', 'The specified key does not exist.')
  const common = {
    'Content-Type': 'audio/wav',
    'Accept-Ranges': 'bytes',
    ETag: `"${pathname.split('/').slice(-2).join('-')}-${wav.length}"`,
    'Cache-Control': 'public, max-age=3600',
  }
  const range = parseRange(headers.range, wav.length)
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...common, 'Content-Range': `bytes */${wav.length}` }, body: Buffer.alloc(0) }
  }
  if (range) {
    return {
      status: 206,
      headers: { ...common, 'Content-Range': `bytes ${range.start}-${range.end}/${wav.length}` },
      body: wav.subarray(range.start, range.end + 1),
      headOnly: method === 'HEAD',
    }
  }
  return { status: 200, headers: common, body: wav, headOnly: method === 'HEAD' }
}
