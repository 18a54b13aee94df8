// The simulated platform: a real HTTP server on loopback answering the documented API over a
// deterministic data set and serving the recordings. It ships in the app as the demo; failing on
// request is test equipment (scripts/lib/sim-faults.ts) plugged in through `intercept`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { jsonAnswer, type Answer } from './answer'
import { apiAnswer, apiData, routeOf, type ApiData } from './api-routes'
import { authenticationFailure } from './auth'
import { addBigIdTask } from './big-ids'
import { buildWorld, type SimWorld } from './dataset'
import { envelope } from './envelope'
import { createRecordingStore, RECORDINGS_PREFIX, recordingAnswer, type RecordingStore } from './recordings'
import type { RequestLogEntry, RequestTarget, RunningSimulator, SimCredentials, SimulatorOptions, TurnTiming } from './types'
import { loadVoiceBank, VOICE_SAMPLE_RATE } from './voice-bank'
import type { Id } from '../../shared/ids'

export const DEMO_CREDENTIALS: SimCredentials = Object.freeze({ appKey: 'demo', appSecret: 'demo-secret', tenantSign: 'demo' })

const REQUEST_LOG_LIMIT = 1000
const MAX_BODY_BYTES = 1024 * 1024

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/** The request body, or undefined when it is larger than the limit. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined))
    req.on('error', reject)
  })
}

function groundTruthOf(world: SimWorld, callRecordId: Id): TurnTiming[] | undefined {
  if (!world.calls.has(callRecordId)) return undefined
  const timeline = world.timelines.get(callRecordId)
  if (!timeline) return []
  return timeline.clips.flatMap((clip) =>
    clip.callDetailId === undefined
      ? []
      : [{
          callDetailId: clip.callDetailId,
          type: clip.channel === 'robot' ? ('ROBOT' as const) : ('PERSON' as const),
          start: clip.start / VOICE_SAMPLE_RATE,
          end: (clip.start + clip.length) / VOICE_SAMPLE_RATE,
        }],
  )
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1'
  if (!isLoopback(host)) throw new Error(`the simulator listens on loopback only, not on ${host}`)
  const seed = options.seed ?? 1
  const credentials = { ...(options.credentials ?? DEMO_CREDENTIALS) }
  const now = options.now ?? Date.now
  const apiRevision = options.apiRevision ?? 'today'
  let latencyMs = options.latencyMs ?? 0
  const bank = loadVoiceBank(options.voiceDir)
  const requestLog: RequestLogEntry[] = []
  const timers = new Set<NodeJS.Timeout>()
  const hung = new Set<ServerResponse>()
  let closing: Promise<void> | undefined

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })

  const send = (res: ServerResponse, entry: RequestLogEntry, answer: Answer) => {
    if (res.destroyed || closing) return
    entry.status = answer.status
    if (answer.code !== undefined) entry.code = answer.code
    res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(answer.body.length) })
    res.end(answer.headOnly ? undefined : answer.body)
  }

  // Filled in once the port is known: recording addresses carry the server's URL.
  const built: { data?: ApiData; store?: RecordingStore } = {}

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://simulator')
    const method = req.method ?? 'GET'
    const entry: RequestLogEntry = { method, path: url.pathname, status: 0 }
    requestLog.push(entry)
    if (requestLog.length > REQUEST_LOG_LIMIT) requestLog.shift()

    const isRecording = url.pathname.startsWith(RECORDINGS_PREFIX)
    const route = isRecording ? undefined : routeOf(url.pathname)
    const target: RequestTarget | undefined = isRecording ? 'recording' : route
    const body = await readBody(req)
    const { data, store } = built
    if (!data || !store) throw new Error('simulator not ready')

    const outcome = options.intercept
      ? await options.intercept({
          req,
          res,
          target,
          entry,
          delay,
          send: (answer) => send(res, entry, answer),
          holdOpen: () => {
            hung.add(res)
            res.on('close', () => hung.delete(res))
          },
        })
      : 'continue'
    if (outcome === 'answered') return

    let answer: Answer
    if (isRecording) {
      answer = recordingAnswer(method, url.pathname, req.headers, store)
    } else {
      if (latencyMs > 0) await delay(latencyMs)
      const authFailure = route ? authenticationFailure(req.headers, credentials, now()) : undefined
      if (!route) answer = jsonAnswer(envelope(404, null, `接口不存在：${url.pathname}`))
      else if (authFailure) answer = jsonAnswer(envelope(401, null, authFailure))
      else if (!body) answer = jsonAnswer(envelope(412, null, '参数错误：请求体过大'))
      else answer = apiAnswer({ route, method, params: url.searchParams, body }, data)
    }
    // A valid answer cut in the middle, Content-Length matching what is sent.
    if (outcome === 'cut-short') answer = { ...answer, body: answer.body.subarray(0, Math.floor(answer.body.length / 2)) }
    send(res, entry, answer)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (res.headersSent || res.destroyed || closing) res.destroy()
      else res.writeHead(500, { 'Content-Type': 'application/json;charset=UTF-8' }).end(JSON.stringify(envelope(500)))
    })
  })
  await listen(server, options.port ?? 0, host)
  const port = (server.address() as AddressInfo).port
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`

  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      server.close(() => resolve())
      server.closeAllConnections()
      for (const res of hung) res.destroy()
      hung.clear()
    })
    return closing
  }

  let world: SimWorld
  try {
    world = buildWorld(seed, url, bank)
    if (options.bigIds) addBigIdTask(world)
  } catch (error) {
    await close()
    throw error
  }
  built.data = apiData(world, apiRevision)
  built.store = createRecordingStore(world, bank)

  return {
    url,
    port,
    apiRevision,
    dataset: world.dataset,
    groundTruth: (callRecordId) => groundTruthOf(world, callRecordId),
    setLatency: (ms: number) => {
      latencyMs = Math.max(0, ms)
    },
    requestLog,
    close,
  }
}
