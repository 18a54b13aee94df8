// A small SOCKS5 proxy on loopback for the tests (RFC 1928, and RFC 1929's user and password):
// CONNECT only, to the host names the test gives (a request that went direct fails to resolve),
// recording every connection it made, so a test proves a request really went through it. A
// connection to port 443 ends in the test proxy's TLS end, as a CONNECT tunnel does.
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { tunnelEnd, type SeenRequest, type TestProxy, type TestProxyOptions } from './test-proxy'

/** Reads a socket's bytes as they are asked for, however they arrived. */
function reader(socket: Socket) {
  let buffered = Buffer.alloc(0)
  let waiting: (() => void) | undefined
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk])
    waiting?.()
  }
  socket.on('data', onData)
  return {
    async take(n: number): Promise<Buffer> {
      while (buffered.length < n) await new Promise<void>((resolve) => (waiting = resolve))
      const out = buffered.subarray(0, n)
      buffered = buffered.subarray(n)
      return out
    },
    /** Stops reading; what came early goes back to the socket for whoever reads it next. */
    release() {
      socket.off('data', onData)
      socket.pause()
      if (buffered.length) socket.unshift(buffered)
    },
  }
}

export async function startTestSocksProxy(options: TestProxyOptions): Promise<TestProxy> {
  const seen: SeenRequest[] = []
  const sockets = new Set<Socket>()

  async function serve(client: Socket) {
    const read = reader(client)
    const [version, count] = await read.take(2)
    const methods = [...(await read.take(count!))]
    if (version !== 5) return client.destroy()
    const method = options.credentials ? 2 : 0
    if (!methods.includes(method)) return client.end(Buffer.from([5, 0xff]))
    client.write(Buffer.from([5, method]))
    let user: string | undefined
    if (method === 2) {
      await read.take(1)
      const name = (await read.take((await read.take(1))[0]!)).toString()
      const password = (await read.take((await read.take(1))[0]!)).toString()
      user = `${name}:${password}`
      if (user !== options.credentials) {
        seen.push({ method: 'SOCKS', target: '', authorization: user })
        return client.end(Buffer.from([1, 1]))
      }
      client.write(Buffer.from([1, 0]))
    }
    const [, command, , type] = await read.take(4)
    let host: string
    if (type === 1) host = [...(await read.take(4))].join('.')
    else if (type === 3) host = (await read.take((await read.take(1))[0]!)).toString()
    else host = (await read.take(16)).toString('hex')
    const port = (await read.take(2)).readUInt16BE(0)
    seen.push({ method: 'SOCKS', target: `${host}:${port}`, authorization: user })
    const reply = (code: number) => Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0])
    if (command !== 1) return client.end(reply(7))
    const to = options.hosts[host.toLowerCase()]
    if (to === undefined) return client.end(reply(4))
    client.write(reply(0))
    read.release()
    tunnelEnd(client, to, port === 443, sockets)
    client.resume()
  }

  const server = createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => {})
    serve(client).catch(() => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `socks5://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
