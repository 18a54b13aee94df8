import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AudioTrack } from '../../shared/ipc/contract'
import { AppError } from '../../shared/errors'
import { createAudioService, PEAK_COUNT, type AudioServiceDeps, type RecordingUrls } from '../../electron/main/services/audio/audio-service'
import { useTempDirs } from '../support/temp-dirs'
import type { Id } from '../../shared/ids'
import { wav } from '../support/wav-bytes'

// ---------------------------------------------------------------- WAV files

/** A canonical mono WAV over `data` (tests/support/wav-bytes.ts), as a Buffer. */
const wavFile = (format: number, bits: number, rate: number, data: Buffer): Buffer => Buffer.from(wav(data, { format, bits, rate }))

/** 8 kHz 16-bit mono: 1 s of silence, then 1 s of a 1 kHz sine at amplitude 0.5. */
function silenceThenTone(): Buffer {
  const rate = 8000
  const data = Buffer.alloc(rate * 2 * 2)
  for (let i = rate; i < rate * 2; i++) {
    data.writeInt16LE(Math.round(16384 * Math.sin((2 * Math.PI * 1000 * i) / rate)), i * 2)
  }
  return wavFile(1, 16, rate, data)
}

const TONE = silenceThenTone()
const MULAW = wavFile(7, 8, 8000, Buffer.alloc(4000, 0xff)) // 0.5 s of μ-law silence

// ---------------------------------------------------------------- recording server

let server: Server
let base = ''
let closedPortUrl = ''
const hits = new Map<string, number>()
const hitsOf = (path: string) => hits.get(path) ?? 0
let flakyServesWav = false

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    hits.set(path, hitsOf(path) + 1)
    const wav = (bytes: Buffer) => {
      res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': bytes.length })
      res.end(bytes)
    }
    if (path.startsWith('/ok')) return wav(TONE)
    if (path.startsWith('/slow')) {
      setTimeout(() => wav(TONE), 100)
      return
    }
    if (path === '/mulaw.wav') return wav(MULAW)
    if (path === '/404') {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      return res.end('not found')
    }
    if (path === '/500') {
      res.writeHead(500, { 'Content-Type': 'text/plain' })
      return res.end('internal error')
    }
    if (path === '/page.html') {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      return res.end('<!doctype html><html><head><title>Gateway</title></head><body>Login required</body></html>')
    }
    if (path === '/flaky.wav') {
      if (flakyServesWav) return wav(TONE)
      res.writeHead(200, { 'Content-Type': 'text/html' })
      return res.end('<html><body>proxy error</body></html>')
    }
    if (path === '/hang') {
      // Headers and the start of a file, then nothing more.
      res.writeHead(200, { 'Content-Type': 'audio/wav' })
      res.write(TONE.subarray(0, 1000))
      return
    }
    if (path === '/large') {
      res.writeHead(200, { 'Content-Type': 'audio/wav' })
      const big = Buffer.concat([TONE, TONE, TONE, TONE])
      return res.end(big)
    }
    res.writeHead(404)
    res.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  closedPortUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/ok.wav`
  await new Promise<void>((resolve) => closed.close(() => resolve()))
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

// ---------------------------------------------------------------- helpers

const tempDir = useTempDirs('audio-service-test')

const mediaUrl = (id: Id, track: AudioTrack) => `app-media://audio/${id}/${track}`

function service(urls: Record<Id, Partial<RecordingUrls>>, extra: Partial<AudioServiceDeps> = {}) {
  const cacheDir = extra.cacheDir ?? tempDir()
  const lookups: Id[] = []
  const audio = createAudioService({
    cacheDir,
    mediaUrl,
    recordingUrls: async (id) => {
      lookups.push(id)
      const u = urls[id]
      return { full: u?.full ?? null, customer: u?.customer ?? null }
    },
    timeoutMs: () => 2000,
    ...extra,
  })
  return { audio, cacheDir, lookups }
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    return error as AppError
  }
  throw new Error('expected the promise to reject')
}

const cachedFiles = (dir: string) => readdirSync(dir)
const partFiles = (dir: string) => cachedFiles(dir).filter((f) => f.includes('.part'))
const wavFiles = (dir: string) => cachedFiles(dir).filter((f) => f.endsWith('.wav'))
const bodyOf = async (response: Response) => Buffer.from(await response.arrayBuffer())
/** Byte equality without a slow element-by-element deep compare. */
function expectSameBytes(actual: Buffer, expected: Buffer) {
  expect(actual.length).toBe(expected.length)
  expect(actual.equals(expected)).toBe(true)
}

// ---------------------------------------------------------------- tests

describe('audio service: prepare', () => {
  it('downloads, measures and answers the media URL, never the remote one', async () => {
    const { audio, cacheDir } = service({ 1: { full: `${base}/ok-basic.wav` } })
    const source = await audio.prepare(1, 'full')
    expect(source.src).toBe(mediaUrl(1, 'full'))
    expect(source.src).not.toContain(base)
    expect(source.durationSec).toBe(2)
    expect(source.sampleRate).toBe(8000)
    expect(source.peaks).toHaveLength(PEAK_COUNT)
    for (const p of source.peaks) {
      expect(p).toBeGreaterThanOrEqual(0)
      expect(p).toBeLessThanOrEqual(1)
    }
    const half = PEAK_COUNT / 2
    expect(Math.max(...source.peaks.slice(0, half))).toBeLessThan(0.01)
    for (const p of source.peaks.slice(half)) expect(p).toBeCloseTo(0.5, 2)
    expect(wavFiles(cacheDir)).toHaveLength(1)
    expectSameBytes(readFileSync(join(cacheDir, wavFiles(cacheDir)[0]!)), TONE)
    expect(cachedFiles(cacheDir).filter((f) => f.endsWith('.peaks.json'))).toHaveLength(1)
    expect(partFiles(cacheDir)).toEqual([])
  })

  it('prepares the customer track from its own URL', async () => {
    const { audio } = service({ 2: { full: `${base}/ok-full-2.wav`, customer: `${base}/mulaw.wav` } })
    const source = await audio.prepare(2, 'customer')
    expect(source.src).toBe(mediaUrl(2, 'customer'))
    expect(source.durationSec).toBe(0.5)
    expect(hitsOf('/mulaw.wav')).toBeGreaterThanOrEqual(1)
    expect(hitsOf('/ok-full-2.wav')).toBe(0)
  })

  it('downloads only once when prepared twice', async () => {
    const { audio } = service({ 3: { full: `${base}/ok-twice.wav` } })
    const first = await audio.prepare(3, 'full')
    const second = await audio.prepare(3, 'full')
    expect(second).toEqual(first)
    expect(hitsOf('/ok-twice.wav')).toBe(1)
  })

  it('shares one download between concurrent calls', async () => {
    const { audio, lookups } = service({ 4: { full: `${base}/slow-concurrent.wav` } })
    const results = await Promise.all([audio.prepare(4, 'full'), audio.prepare(4, 'full'), audio.prepare(4, 'full')])
    expect(hitsOf('/slow-concurrent.wav')).toBe(1)
    expect(lookups).toEqual([4])
    expect(results[1]).toEqual(results[0])
    expect(results[2]).toEqual(results[0])
  })

  it('prepares two calls that share one recording URL at the same time', async () => {
    const url = `${base}/slow-shared.wav`
    const { audio, cacheDir } = service({ 5: { full: url }, 6: { full: url } })
    const [a, b] = await Promise.all([audio.prepare(5, 'full'), audio.prepare(6, 'full')])
    expect(a.durationSec).toBe(2)
    expect(b.durationSec).toBe(2)
    expect(b.src).toBe(mediaUrl(6, 'full'))
    expect(wavFiles(cacheDir)).toHaveLength(1)
    expectSameBytes(readFileSync(join(cacheDir, wavFiles(cacheDir)[0]!)), TONE)
    expect(partFiles(cacheDir)).toEqual([])
  })

  it('prepares two tracks that share one URL even when both downloads start in the same millisecond', async () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000)
    try {
      const { audio, cacheDir } = service(
        { 11: { full: 'http://recordings.invalid/same.wav', customer: 'http://recordings.invalid/same.wav' } },
        {
          fetch: async () => {
            await new Promise((resolve) => setTimeout(resolve, 20))
            return new Response(new Uint8Array(TONE), { status: 200 })
          },
        },
      )
      const [full, customer] = await Promise.allSettled([audio.prepare(11, 'full'), audio.prepare(11, 'customer')])
      expect(full).toMatchObject({ status: 'fulfilled' })
      expect(customer).toMatchObject({ status: 'fulfilled' })
      expectSameBytes(readFileSync(join(cacheDir, wavFiles(cacheDir)[0]!)), TONE)
      expect(partFiles(cacheDir)).toEqual([])
    } finally {
      now.mockRestore()
    }
  })

  it('reuses a cached file from an earlier run (a new service on the same cache dir)', async () => {
    const url = `${base}/ok-reuse.wav`
    const first = service({ 7: { full: url } })
    const measured = await first.audio.prepare(7, 'full')
    expect(hitsOf('/ok-reuse.wav')).toBe(1)
    const second = service({ 7: { full: url } }, { cacheDir: first.cacheDir })
    expect(await second.audio.prepare(7, 'full')).toEqual(measured)
    expect(hitsOf('/ok-reuse.wav')).toBe(1)
    const response = await second.audio.respond(7, 'full', null)
    expect(response.status).toBe(200)
    expectSameBytes(await bodyOf(response), TONE)
  })

  it('reuses the peaks sidecar instead of measuring again', async () => {
    const url = `${base}/ok-sidecar.wav`
    const first = service({ 8: { full: url } })
    await first.audio.prepare(8, 'full')
    const sidecar = cachedFiles(first.cacheDir).find((f) => f.endsWith('.peaks.json'))!
    const marked = { durationSec: 123, sampleRate: 8000, peaks: new Array<number>(PEAK_COUNT).fill(0.25) }
    writeFileSync(join(first.cacheDir, sidecar), JSON.stringify(marked))
    const second = service({ 8: { full: url } }, { cacheDir: first.cacheDir })
    const source = await second.audio.prepare(8, 'full')
    expect(source.durationSec).toBe(123)
    expect(source.peaks).toEqual(marked.peaks)
    expect(hitsOf('/ok-sidecar.wav')).toBe(1)
  })

  it.each([
    ['not JSON', '{"durationSec": 2, "peaks": [0.1, '],
    ['too few peaks', JSON.stringify({ durationSec: 9, sampleRate: 8000, peaks: [0.5] })],
    ['no peaks', JSON.stringify({ durationSec: 9, sampleRate: 8000 })],
    ['null', 'null'],
  ])('measures again when the sidecar is damaged (%s)', async (label, text) => {
    const url = `${base}/ok-damaged-sidecar-${label.replace(/\W/g, '')}.wav`
    const first = service({ 9: { full: url } })
    const measured = await first.audio.prepare(9, 'full')
    const sidecar = cachedFiles(first.cacheDir).find((f) => f.endsWith('.peaks.json'))!
    writeFileSync(join(first.cacheDir, sidecar), text)
    const second = service({ 9: { full: url } }, { cacheDir: first.cacheDir })
    expect(await second.audio.prepare(9, 'full')).toEqual(measured)
    expect(JSON.parse(readFileSync(join(first.cacheDir, sidecar), 'utf8'))).toMatchObject({ durationSec: 2, sampleRate: 8000 })
  })

  it('keeps different URLs in different cache files', async () => {
    const { audio, cacheDir } = service({ 10: { full: `${base}/ok-a.wav`, customer: `${base}/mulaw.wav` } })
    await audio.prepare(10, 'full')
    await audio.prepare(10, 'customer')
    expect(wavFiles(cacheDir)).toHaveLength(2)
  })
})

describe('audio service: failures', () => {
  it.each<[string, Partial<RecordingUrls>, AudioTrack]>([
    ['a null full URL', { full: null, customer: `${base}/ok-x.wav` }, 'full'],
    ['an undefined customer URL', { full: `${base}/ok-y.wav` }, 'customer'],
    ['an empty URL', { full: '' }, 'full'],
  ])('reports no-recording for %s without any download', async (_label, urls, track) => {
    const before = [...hits.values()].reduce((a, b) => a + b, 0)
    const { audio, cacheDir } = service({ 20: urls })
    const error = await failure(audio.prepare(20, track))
    expect(error.kind).toBe('no-recording')
    expect(error.messages['zh-CN']).toBeTruthy()
    expect(error.messages.en).toBeTruthy()
    expect([...hits.values()].reduce((a, b) => a + b, 0)).toBe(before)
    expect(cachedFiles(cacheDir)).toEqual([])
  })

  it('names the customer track in its no-recording message', async () => {
    const { audio } = service({ 21: { full: `${base}/ok-z.wav`, customer: null } })
    const error = await failure(audio.prepare(21, 'customer'))
    expect(error.messages.en).toMatch(/customer/i)
  })

  it.each([
    ['/404', 404],
    ['/500', 500],
  ])('reports broken-recording for HTTP %s from the recording server', async (path, status) => {
    const { audio, cacheDir } = service({ 22: { full: `${base}${path}` } })
    const error = await failure(audio.prepare(22, 'full'))
    expect(error.kind).toBe('broken-recording')
    expect(error.status).toBe(status)
    expect(error.messages.en).toContain(`HTTP ${status}`)
    expect(error.messages['zh-CN']).toContain(`HTTP ${status}`)
    expect(partFiles(cacheDir)).toEqual([])
    expect(wavFiles(cacheDir)).toEqual([])
  })

  it('reports broken-recording for an HTML page instead of a WAV file', async () => {
    const { audio, cacheDir } = service({ 23: { full: `${base}/page.html` } })
    const error = await failure(audio.prepare(23, 'full'))
    expect(error.kind).toBe('broken-recording')
    expect(error.messages.en).toMatch(/not a playable WAV file/)
    expect(partFiles(cacheDir)).toEqual([])
    expect(cachedFiles(cacheDir).filter((f) => f.endsWith('.peaks.json'))).toEqual([])
  })

  it('does not keep a non-WAV answer as the cached recording (a later try downloads again)', async () => {
    flakyServesWav = false
    const { audio } = service({ 24: { full: `${base}/flaky.wav` } })
    expect((await failure(audio.prepare(24, 'full'))).kind).toBe('broken-recording')
    flakyServesWav = true
    const source = await audio.prepare(24, 'full')
    expect(source.durationSec).toBe(2)
    expect(hitsOf('/flaky.wav')).toBe(2)
  })

  it('reports broken-recording for a file over maxBytes, and keeps no part of it', async () => {
    const { audio, cacheDir } = service({ 25: { full: `${base}/large` } }, { maxBytes: TONE.length * 2 })
    const error = await failure(audio.prepare(25, 'full'))
    expect(error.kind).toBe('broken-recording')
    expect(error.messages.en).toMatch(/too large/)
    expect(partFiles(cacheDir)).toEqual([])
    expect(wavFiles(cacheDir)).toEqual([])
  })

  it('accepts a file of exactly maxBytes', async () => {
    const { audio } = service({ 26: { full: `${base}/ok-exact.wav` } }, { maxBytes: TONE.length })
    expect((await audio.prepare(26, 'full')).durationSec).toBe(2)
  })

  it('reports timeout for a body that never ends, and keeps no part of it', async () => {
    const { audio, cacheDir } = service({ 27: { full: `${base}/hang` } }, { timeoutMs: () => 200 })
    const started = Date.now()
    const error = await failure(audio.prepare(27, 'full'))
    expect(error.kind).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(1500)
    expect(partFiles(cacheDir)).toEqual([])
    expect(wavFiles(cacheDir)).toEqual([])
  })

  it('reports connection-refused for a closed port', async () => {
    const { audio, cacheDir } = service({ 28: { full: closedPortUrl } })
    const error = await failure(audio.prepare(28, 'full'))
    expect(error.kind).toBe('connection-refused')
    expect(error.retryable).toBe(true)
    expect(partFiles(cacheDir)).toEqual([])
  })

  it('reports broken-recording for a URL that is not http(s)', async () => {
    const { audio } = service({ 29: { full: 'file:///etc/passwd' }, 30: { full: 'ftp://127.0.0.1/a.wav' } })
    expect((await failure(audio.prepare(29, 'full'))).kind).toBe('broken-recording')
    expect((await failure(audio.prepare(30, 'full'))).kind).toBe('broken-recording')
  })

  it('reports broken-recording (an AppError) for a malformed URL', async () => {
    const { audio } = service({ 31: { full: 'not a url' } })
    expect((await failure(audio.prepare(31, 'full'))).kind).toBe('broken-recording')
  })

  it('tries again after a failure instead of remembering it', async () => {
    const urls: Record<number, Partial<RecordingUrls>> = { 32: { full: `${base}/404` } }
    const { audio } = service(urls)
    expect((await failure(audio.prepare(32, 'full'))).kind).toBe('broken-recording')
    urls[32] = { full: `${base}/ok-retry.wav` }
    expect((await audio.prepare(32, 'full')).durationSec).toBe(2)
  })

  it('uses the injected fetch', async () => {
    const calls: string[] = []
    const { audio } = service(
      { 33: { full: 'http://recordings.invalid/a.wav' } },
      {
        fetch: async (url) => {
          calls.push(url)
          return new Response(new Uint8Array(TONE), { status: 200 })
        },
      },
    )
    expect((await audio.prepare(33, 'full')).durationSec).toBe(2)
    expect(calls).toEqual(['http://recordings.invalid/a.wav'])
  })
})

describe('audio service: respond', () => {
  const url = () => `${base}/ok-respond.wav`
  let prepared: ReturnType<typeof service>
  let fileBytes: Buffer

  beforeAll(async () => {
    prepared = service({ 40: { full: url() } })
    await prepared.audio.prepare(40, 'full')
    fileBytes = readFileSync(join(prepared.cacheDir, wavFiles(prepared.cacheDir)[0]!))
  })

  it('answers 404 for a track that was not prepared', async () => {
    const { audio } = service({ 41: { full: url() } })
    expect((await audio.respond(41, 'full', null)).status).toBe(404)
    expect((await prepared.audio.respond(40, 'customer', null)).status).toBe(404)
    expect((await prepared.audio.respond(999, 'full', 'bytes=0-10')).status).toBe(404)
  })

  it('answers the whole file with 200', async () => {
    const response = await prepared.audio.respond(40, 'full', null)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('audio/wav')
    expect(response.headers.get('accept-ranges')).toBe('bytes')
    expect(response.headers.get('content-length')).toBe(String(fileBytes.length))
    expect(response.headers.get('content-range')).toBeNull()
    expectSameBytes(await bodyOf(response), fileBytes)
    expectSameBytes(fileBytes, TONE)
  })

  it('ignores a garbage Range header', async () => {
    const response = await prepared.audio.respond(40, 'full', 'pages=1-2')
    expect(response.status).toBe(200)
    expectSameBytes(await bodyOf(response), fileBytes)
  })

  it.each<[string, number, number]>([
    ['bytes=0-99', 0, 99],
    ['bytes=100-199', 100, 199],
    ['bytes=44-', 44, TONE.length - 1],
    ['bytes=-10', TONE.length - 10, TONE.length - 1],
    ['bytes=1000-999999999', 1000, TONE.length - 1],
    ['bytes=0-0', 0, 0],
  ])('answers %s with 206 and exactly those bytes', async (header, start, end) => {
    const response = await prepared.audio.respond(40, 'full', header)
    expect(response.status).toBe(206)
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${fileBytes.length}`)
    expect(response.headers.get('content-length')).toBe(String(end - start + 1))
    expect(response.headers.get('content-type')).toBe('audio/wav')
    expectSameBytes(await bodyOf(response), fileBytes.subarray(start, end + 1))
  })

  it('answers 416 for a range beyond the file', async () => {
    const response = await prepared.audio.respond(40, 'full', `bytes=${fileBytes.length}-`)
    expect(response.status).toBe(416)
    expect(response.headers.get('content-range')).toBe(`bytes */${fileBytes.length}`)
    expect((await bodyOf(response)).length).toBe(0)
  })

  it('answers 404 when the cached file has gone', async () => {
    const gone = service({ 42: { full: `${base}/ok-gone.wav` } })
    await gone.audio.prepare(42, 'full')
    for (const f of cachedFiles(gone.cacheDir)) rmSync(join(gone.cacheDir, f))
    expect((await gone.audio.respond(42, 'full', null)).status).toBe(404)
  })
})
