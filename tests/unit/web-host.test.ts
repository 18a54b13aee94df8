// The browser setup of `npm run web` serves its bridge to this run's own page only: a request
// must name the loopback host and port it listens on (DNS rebinding), carry no other site's
// Origin, and, for the bridge itself, the per-run token the served page was given.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEventHub } from '../../electron/main/services/events'
import { CONTENT_SECURITY_POLICY_HEADER } from '../../shared/csp'
import { BRIDGE_TOKEN_HEADER, BRIDGE_TOKEN_META } from '../../scripts/lib/bridge-token'
import { startWebHost, type WebHost } from '../../scripts/lib/web-host'

let host: WebHost
let rendererDir: string
let port: number
const dispatch = vi.fn(async () => ({ ok: true as const, value: { mode: 'demo' } }))

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'web-host-'))
  rendererDir = join(base, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>')
  writeFileSync(join(base, 'secret.txt'), 'not for the page')
  symlinkSync(join(base, 'secret.txt'), join(rendererDir, 'leak.txt'))
  host = await startWebHost({
    rendererDir,
    dispatch: dispatch as never,
    audio: { respond: async () => new Response(null, { status: 404 }) },
    events: createEventHub(),
  })
  port = Number(new URL(host.url).port)
})
afterAll(async () => {
  await host.close()
  rmSync(join(rendererDir, '..'), { recursive: true, force: true })
})
beforeEach(() => dispatch.mockClear())

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw request, so the Host header can be what a rebinding page would send. */
function send(method: string, path: string, headers: OutgoingHttpHeaders = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = []
      // An event stream never ends: its first chunk is enough.
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          done()
          res.destroy()
        }
      })
      res.on('end', done)
    })
    req.on('error', reject)
    req.end(body)
  })
}

const invokeBody = JSON.stringify({ channel: 'app:status', payload: null, hasPayload: false })
const invoke = (headers: OutgoingHttpHeaders) => send('POST', '/__bridge/invoke', { 'Content-Type': 'application/json', ...headers }, invokeBody)

describe('web host: host, origin and per-run token', () => {
  it('gives the served page this run’s token in a meta tag, with the CSP header unchanged', async () => {
    expect(host.token).toMatch(/^[\w-]{43}$/)
    const page = await send('GET', '/')
    expect(page.status).toBe(200)
    expect(page.body).toContain(`<meta name="${BRIDGE_TOKEN_META}" content="${host.token}" />`)
    expect(page.body).toContain('<script src="/__bridge.js"></script>')
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY_HEADER)
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin')
  })

  it('answers a bridge request with the right host, its own origin and the token', async () => {
    const answer = await invoke({ Origin: `http://127.0.0.1:${port}`, [BRIDGE_TOKEN_HEADER]: host.token })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { mode: 'demo' } })
    const byName = await invoke({ Host: `localhost:${port}`, Origin: `http://localhost:${port}`, [BRIDGE_TOKEN_HEADER]: host.token })
    expect(byName.status).toBe(200)
    expect(dispatch).toHaveBeenCalledTimes(2)
  })

  // The port is known only once the host listens: each case names it as a function of it.
  it.each([
    ['another name', () => 'evil.example'],
    ['another name, this port', (p: number) => `evil.example:${p}`],
    ['another port', (p: number) => `127.0.0.1:${p + 1}`],
    ['no port', () => 'localhost'],
    ['another loopback address', (p: number) => `127.0.0.2:${p}`],
    ['IPv6 loopback, not listened on', (p: number) => `[::1]:${p}`],
  ])('refuses a Host of %s (DNS rebinding) with 403, page and bridge alike', async (_, hostOf) => {
    const headers = { Host: hostOf(port), [BRIDGE_TOKEN_HEADER]: host.token }
    for (const answer of [await invoke(headers), await send('GET', '/', headers), await send('GET', '/__bridge.js', headers)]) {
      expect(answer.status).toBe(403)
      expect(answer.body).toBe('forbidden: unexpected Host')
    }
    expect(dispatch).not.toHaveBeenCalled()
  })

  it.each([
    ['another site', () => 'http://evil.example'],
    ['an opaque origin', () => 'null'],
    ['another port', (p: number) => `http://127.0.0.1:${p + 1}`],
    ['another scheme', (p: number) => `https://127.0.0.1:${p}`],
    ['another name than the Host', (p: number) => `http://localhost:${p}`],
  ])('refuses an Origin of %s with 403', async (_, originOf) => {
    const origin = originOf(port)
    const answer = await invoke({ Origin: origin, [BRIDGE_TOKEN_HEADER]: host.token })
    expect(answer.status).toBe(403)
    expect(answer.body).toBe('forbidden: foreign Origin')
    expect((await send('GET', '/', { Origin: origin })).status).toBe(403)
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('refuses a bridge request without the token, or with another', async () => {
    const other = host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A')
    for (const headers of [{}, { [BRIDGE_TOKEN_HEADER]: '' }, { [BRIDGE_TOKEN_HEADER]: 'guess' }, { [BRIDGE_TOKEN_HEADER]: other }]) {
      const answer = await invoke(headers)
      expect(answer.status).toBe(403)
      expect(answer.body).toBe('forbidden: missing or wrong bridge token')
    }
    // The query is for the event stream only.
    expect((await send('POST', `/__bridge/invoke?token=${host.token}`, {}, invokeBody)).status).toBe(403)
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('opens the event stream only with the token in its query', async () => {
    expect((await send('GET', '/__bridge/events')).status).toBe(403)
    expect((await send('GET', '/__bridge/events?token=wrong')).status).toBe(403)
    const stream = await send('GET', `/__bridge/events?token=${encodeURIComponent(host.token)}`)
    expect(stream.status).toBe(200)
    expect(stream.body).toContain(': connected')
  })
})

describe('web host: static files', () => {
  it('serves no file outside the renderer folder through a symlink in it', async () => {
    const answer = await send('GET', '/leak.txt')
    expect(answer.status).toBe(404)
    expect(answer.body).not.toContain('not for the page')
  })
})
