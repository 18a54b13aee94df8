// Serves the built renderer to a plain browser on loopback, with the test bridge in place of
// the preload: how the interface is tried and tested without Electron. Never for production.
import { build } from 'esbuild'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
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
import { contentTypeOf, resolveStaticFile } from '../../electron/main/services/pages'

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

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  })
  response.end(body)
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const bridgeScript = await bundlePageBridge()

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/'
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

    const file = resolveStaticFile(options.rendererDir, path)
    if (!file) return send(response, 404, 'text/plain', 'not found')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return send(response, 404, 'text/plain', 'not found')
    }
    if (file.endsWith('index.html')) {
      // A classic script runs before the app's deferred module, so the bridge is there first.
      const html = body.toString('utf8').replace('<head>', '<head>\n    <script src="/__bridge.js"></script>')
      return send(response, 200, contentTypeOf(file), html)
    }
    send(response, 200, contentTypeOf(file), body)
  }

  let streams = 0

  /** One Server-Sent Events stream per page: `{ channel, payload }` per event, as IPC would carry it. */
  function streamEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    })
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
    response.writeHead(answer.status, Object.fromEntries(answer.headers.entries()))
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
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    eventStreams: () => streams,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
