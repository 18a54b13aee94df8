// Serves the built renderer to a plain browser on loopback, with the test bridge in place of
// the preload: how the interface is tried and tested without Electron. Never for production.
import { build } from 'esbuild'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { CONTENT_SECURITY_POLICY_HEADER } from '../../shared/csp'
import type { AudioService } from '../../electron/main/services/audio/audio-service'
import { parseMediaPath } from '../../electron/main/services/audio/media-path'
import type { Dispatch } from '../../electron/main/services/root'
import type { EventHub } from '../../electron/main/services/events/events'
import { EVENT_CHANNELS } from '../../shared/ipc/channels'
import { contentTypeOf, readStaticFile } from '../../electron/main/services/pages'
import { BRIDGE_TOKEN_HEADER, BRIDGE_TOKEN_META, BRIDGE_TOKEN_PARAM } from './bridge-token'

export interface WebHostOptions {
  rendererDir: string
  dispatch: Dispatch
  /** Prepared recordings, as the app's media scheme serves them. */
  audio: Pick<AudioService, 'respond'>
  /** Main's events, streamed to the page as Server-Sent Events (the preload's ipcRenderer.on). */
  events?: Pick<EventHub, 'subscribe'>
  port?: number
}

export interface WebHost {
  url: string
  /** This run's token: the served page has it; a bridge request without it is refused. */
  token: string
  /** Event streams pages hold open now. */
  eventStreams(): number
  close(): Promise<void>
}

const MAX_BRIDGE_BODY = 1024 * 1024

async function bundlePageBridge(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./page-bridge.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
  })
  return result.outputFiles[0]?.text ?? ''
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BRIDGE_BODY) {
        reject(new Error('bridge request too large'))
        request.destroy()
      } else chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
  'X-Content-Type-Options': 'nosniff',
  // Another site's page may not even embed what this host serves (a recording, the bridge script).
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'Content-Type': type, ...SECURITY_HEADERS })
  response.end(body)
}

function sameToken(presented: string | undefined, token: string): boolean {
  if (!presented || presented.length !== token.length) return false
  return timingSafeEqual(Buffer.from(presented), Buffer.from(token))
}

/** A request's path and query, split as the routes below read them. */
function partsOf(request: IncomingMessage): { path: string; query: URLSearchParams } {
  const url = request.url ?? '/'
  const at = url.indexOf('?')
  return at < 0 ? { path: url, query: new URLSearchParams() } : { path: url.slice(0, at), query: new URLSearchParams(url.slice(at + 1)) }
}

/**
 * Why a request is refused, or null. Every request must name this host as the browser reached it
 * (a DNS-rebinding page names its own host), any Origin must be this host's own (another site's
 * page), and a bridge request must carry this run's token besides.
 */
export function refusalOf(request: IncomingMessage, port: number, token: string): string | null {
  const host = request.headers.host?.toLowerCase()
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return 'unexpected Host'
  const origin = request.headers.origin
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) return 'foreign Origin'
  const { path, query } = partsOf(request)
  if (!path.startsWith('/__bridge/')) return null
  const header = request.headers[BRIDGE_TOKEN_HEADER]
  // EventSource cannot send a header: the event stream alone may carry the token in its query.
  const presented = path === '/__bridge/events' ? (query.get(BRIDGE_TOKEN_PARAM) ?? undefined) : typeof header === 'string' ? header : undefined
  return sameToken(presented, token) ? null : 'missing or wrong bridge token'
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bridgeScript = await bundlePageBridge()
  const token = randomBytes(32).toString('base64url')
  let port = 0

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refusal = refusalOf(request, port, token)
    if (refusal) return send(response, 403, 'text/plain; charset=utf-8', `forbidden: ${refusal}`)
    const { path } = partsOf(request)
    if (request.method === 'POST' && path === '/__bridge/invoke') {
      const { channel, payload, hasPayload } = JSON.parse(await readBody(request)) as {
        channel: string
        payload: unknown
        hasPayload: boolean
      }
      const result = await options.dispatch(channel, hasPayload ? payload : undefined)
      send(response, 200, 'application/json; charset=utf-8', JSON.stringify(result))
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain', 'method not allowed')
    if (path === '/__bridge.js') return send(response, 200, 'text/javascript; charset=utf-8', bridgeScript)
    if (path === '/__bridge/events') return streamEvents(request, response)
    if (path.startsWith('/media/')) return sendMedia(request, response, path.slice('/media'.length))

    // Symlinks resolved: nothing outside the renderer's own folder is ever served.
    const found = await readStaticFile(options.rendererDir, path)
    if (!found) return send(response, 404, 'text/plain', 'not found')
    const { file, body } = found
    if (file.endsWith('index.html')) {
      // A classic script runs before the app's deferred module, so the bridge is there first; the
      // token before it, so the bridge finds it. A meta tag, not an inline script: the CSP stays strict.
      const html = body
        .toString('utf8')
        .replace('<head>', `<head>\n    <meta name="${BRIDGE_TOKEN_META}" content="${token}" />\n    <script src="/__bridge.js"></script>`)
      return send(response, 200, contentTypeOf(file), html)
    }
    send(response, 200, contentTypeOf(file), body)
  }

  let streams = 0

  /** One Server-Sent Events stream per page: `{ channel, payload }` per event, as IPC would carry it. */
  function streamEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', ...SECURITY_HEADERS })
    if (request.method === 'HEAD') return void response.end()
    // A comment line, so the page's EventSource opens at once.
    response.write(': connected\n\n')
    const unsubscribe = options.events?.subscribe((event, payload) => {
      response.write(`data: ${JSON.stringify({ channel: EVENT_CHANNELS[event], payload })}\n\n`)
    })
    streams++
    response.on('close', () => {
      streams--
      unsubscribe?.()
    })
  }

  async function sendMedia(request: IncomingMessage, response: ServerResponse, mediaPath: string): Promise<void> {
    const target = parseMediaPath(mediaPath)
    if (!target) return send(response, 404, 'text/plain', 'not found')
    const answer = await options.audio.respond(target.callRecordId, target.track, request.headers.range ?? null)
    response.writeHead(answer.status, { ...Object.fromEntries(answer.headers.entries()), 'Cross-Origin-Resource-Policy': 'same-origin' })
    if (request.method === 'HEAD' || !answer.body) {
      await answer.body?.cancel()
      response.end()
      return
    }
    await pipeline(Readable.fromWeb(answer.body as never), response)
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, 'text/plain', 'bridge error')
      else response.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    eventStreams: () => streams,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
