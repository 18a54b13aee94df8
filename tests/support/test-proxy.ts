// A small HTTP proxy on loopback for the tests: it forwards plain http requests (absolute-form)
// and tunnels CONNECT, and records every request it saw, so a test proves a request really went
// through it. Host names (api.sim.test, recordings.sim.test) resolve here only, to loopback ports:
// a request that went direct instead fails to resolve. A CONNECT is answered by this proxy's own
// TLS end (the certificate in proxy-tls/, for *.sim.test names) in front of the plain http port,
// so an https client sees a real TLS server behind a real tunnel.
import { readFileSync } from 'node:fs'
import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { join } from 'node:path'
import { TLSSocket } from 'node:tls'

const TLS_DIR = join(import.meta.dirname, 'proxy-tls')
/** The certificate of the TLS end, to trust in the client (valid for *.sim.test names). */
export const TEST_CERTIFICATE = readFileSync(join(TLS_DIR, 'cert.pem'), 'utf8')
const TEST_KEY = readFileSync(join(TLS_DIR, 'key.pem'), 'utf8')

export interface SeenRequest {
  method: string
  /** The absolute URL of a forwarded request, or host:port of a CONNECT. */
  target: string
  /** The Proxy-Authorization header, as sent. */
  authorization?: string
}

export interface TestProxy {
  url: string
  port: number
  seen: SeenRequest[]
  close(): Promise<void>
}

export interface TestProxyOptions {
  /** Host name (without port) → the loopback port its requests go to; others answer 502. */
  hosts: Record<string, number>
  /** user:password the proxy asks for (407 without it). */
  credentials?: string
}

/** Where a tunnel ends: this proxy's TLS server in front of the plain http port (an https
 *  target), or the port itself (an http one), the bytes passed on both ways. */
export function tunnelEnd(client: Socket, port: number, secure: boolean, sockets: Set<Socket>): void {
  const near = secure ? new TLSSocket(client, { isServer: true, cert: TEST_CERTIFICATE, key: TEST_KEY }) : client
  near.on('error', () => client.destroy())
  const upstream = connect(port, '127.0.0.1')
  sockets.add(upstream)
  upstream.on('close', () => sockets.delete(upstream))
  upstream.on('error', () => near.destroy())
  near.pipe(upstream).pipe(near)
}

export async function startTestProxy(options: TestProxyOptions): Promise<TestProxy> {
  const seen: SeenRequest[] = []
  const sockets = new Set<Socket>()
  const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : undefined
  const authorised = (req: IncomingMessage) => !expected || req.headers['proxy-authorization'] === expected
  const portOf = (host: string) => options.hosts[host.toLowerCase()]

  const server: Server = createServer((req, res) => {
    seen.push({ method: req.method ?? 'GET', target: req.url ?? '', authorization: req.headers['proxy-authorization'] })
    if (!authorised(req)) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' }).end()
      return
    }
    let target: URL
    try {
      target = new URL(req.url ?? '')
    } catch {
      res.writeHead(400).end('absolute-form request expected')
      return
    }
    const port = portOf(target.hostname)
    if (port === undefined) {
      res.writeHead(502).end(`unknown host ${target.hostname}`)
      return
    }
    const headers = { ...req.headers }
    delete headers['proxy-authorization']
    delete headers['proxy-connection']
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: target.pathname + target.search, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })

  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => {})
    seen.push({ method: 'CONNECT', target: req.url ?? '', authorization: req.headers['proxy-authorization'] })
    if (!authorised(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const host = (req.url ?? '').replace(/:\d+$/, '')
    const port = portOf(host)
    if (port === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n')
      return
    }
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length) client.unshift(head)
    tunnelEnd(client, port, true, sockets)
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
