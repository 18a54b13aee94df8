// Recordings for the player: fetched by main only from the URLs the API gave for the call,
// kept on disk, measured once (duration, waveform peaks), and served to the page with range
// support through the app's media scheme. The page never sees a remote URL.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { AudioSource, AudioTrack } from '../../../../shared/ipc/contract'
import { AppError } from '../../../../shared/errors'
import type { FetchLike } from '../api'
import { parseRange } from './byte-range'
import { brokenRecordingError, downloadToFile } from './download'
import { computePeaks, decodeWav, WavFormatError } from '../wav'
import type { Id } from '../../../../shared/ids'

export const PEAK_COUNT = 1600
const DEFAULT_MAX_BYTES = 400 * 1024 * 1024

export interface RecordingUrls {
  full: string | null | undefined
  customer: string | null | undefined
}

/** The cache file name of a recording URL. */
export function recordingFileName(url: string): string {
  return `${createHash('sha256').update(url).digest('hex').slice(0, 40)}.wav`
}

export interface AudioServiceDeps {
  cacheDir: string
  mediaUrl: (callRecordId: Id, track: AudioTrack) => string
  recordingUrls: (callRecordId: Id) => Promise<RecordingUrls>
  timeoutMs: () => number
  fetch?: FetchLike
  maxBytes?: number
  /** Called after each new download with its size, to keep the cache under its cap. */
  afterDownload?: (bytes: number) => void
}

export interface AudioService {
  prepare(callRecordId: Id, track: AudioTrack): Promise<AudioSource>
  /** The cached file of a track, downloading it first when needed. */
  localFile(callRecordId: Id, track: AudioTrack): Promise<string>
  /** A prepared track as an HTTP answer, honouring Range. */
  respond(callRecordId: Id, track: AudioTrack, rangeHeader: string | null): Promise<Response>
}

interface Measured {
  durationSec: number
  sampleRate: number
  peaks: number[]
}

function noRecordingError(track: AudioTrack): AppError {
  return new AppError(
    'no-recording',
    track === 'customer'
      ? { 'zh-CN': '这通电话没有单独的客户录音', en: 'This call has no separate customer recording' }
      : { 'zh-CN': '这通电话没有录音', en: 'This call has no recording' },
  )
}

export function createAudioService(deps: AudioServiceDeps): AudioService {
  const files = new Map<string, string>()
  const inFlight = new Map<string, Promise<AudioSource>>()
  /** One download per file, however many tracks or calls point at the same URL. */
  const downloads = new Map<string, Promise<unknown>>()
  const keyOf = (id: Id, track: AudioTrack) => `${id}:${track}`

  async function measure(file: string): Promise<Measured> {
    const sidecar = `${file}.peaks.json`
    try {
      const cached = JSON.parse(await readFile(sidecar, 'utf8')) as Measured
      if (Array.isArray(cached.peaks) && cached.peaks.length === PEAK_COUNT) return cached
    } catch {
      // Not measured yet, or the sidecar is damaged: measure again.
    }
    let decoded
    try {
      decoded = decodeWav(await readFile(file))
    } catch (error) {
      if (error instanceof WavFormatError) {
        // Not a recording (an error page saved as audio, say): drop it so a later try fetches again.
        await rm(file, { force: true })
        throw brokenRecordingError({ 'zh-CN': `不是可播放的 WAV 文件（${error.message}）`, en: `not a playable WAV file (${error.message})` })
      }
      throw error
    }
    const measured = {
      durationSec: decoded.info.durationSec,
      sampleRate: decoded.info.sampleRate,
      peaks: computePeaks(decoded.samples, PEAK_COUNT),
    }
    await writeFile(sidecar, JSON.stringify(measured))
    return measured
  }

  async function prepareOnce(id: Id, track: AudioTrack): Promise<AudioSource> {
    const urls = await deps.recordingUrls(id)
    const url = track === 'full' ? urls.full : urls.customer
    if (!url) throw noRecordingError(track)
    const file = join(deps.cacheDir, recordingFileName(url))
    const present = await stat(file).then(
      (s) => s.size > 0,
      () => false,
    )
    if (!present) {
      let download = downloads.get(file)
      if (!download) {
        download = downloadToFile(url, file, {
          timeoutMs: deps.timeoutMs(),
          maxBytes: deps.maxBytes ?? DEFAULT_MAX_BYTES,
          fetch: deps.fetch,
        })
          // Once per download, however many callers wait for it: the cap counts each file once.
          .then((bytes) => {
            deps.afterDownload?.(bytes)
            return bytes
          })
          .finally(() => downloads.delete(file))
        downloads.set(file, download)
      }
      await download
    }
    // The file's time marks its last use, for least-recently-used eviction.
    await utimes(file, new Date(), new Date()).catch(() => {})
    const measured = await measure(file)
    files.set(keyOf(id, track), file)
    return { src: deps.mediaUrl(id, track), ...measured }
  }

  function prepare(id: Id, track: AudioTrack): Promise<AudioSource> {
    const key = keyOf(id, track)
    let pending = inFlight.get(key)
    if (!pending) {
      pending = prepareOnce(id, track).finally(() => inFlight.delete(key))
      inFlight.set(key, pending)
    }
    return pending
  }

  return {
    prepare,
    async localFile(id, track) {
      await prepare(id, track)
      return files.get(keyOf(id, track)) as string
    },
    async respond(id, track, rangeHeader) {
      const file = files.get(keyOf(id, track))
      const size = file ? await stat(file).then((s) => s.size, () => -1) : -1
      if (!file || size < 0) return new Response('recording not prepared', { status: 404 })
      const base = { 'Content-Type': 'audio/wav', 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' }
      const range = parseRange(rangeHeader, size)
      if (range === 'unsatisfiable') {
        return new Response(null, { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}` } })
      }
      const { start, end } = range ?? { start: 0, end: size - 1 }
      const body = Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream
      const headers = { ...base, 'Content-Length': String(end - start + 1) }
      if (!range) return new Response(body, { status: 200, headers })
      return new Response(body, { status: 206, headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}` } })
    },
  }
}
