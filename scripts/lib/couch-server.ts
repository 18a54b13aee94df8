// A CouchDB for the team tests: the real Apache CouchDB named by COUCHDB_URL (an admin's URL,
// `npm run test:couchdb`), or else pouchdb-server (CouchDB's HTTP API, from npm) started here on
// loopback, in memory, with an admin made for the run.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface TestCouch {
  /** The server's address without credentials. */
  url: string
  /** The same with the admin's name and password. */
  adminUrl: string
  /** 'couchdb' for a real Apache CouchDB, 'pouchdb-server' for the stand-in. */
  kind: 'couchdb' | 'pouchdb-server'
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`pouchdb-server exited (${child.exitCode}): ${output()}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`pouchdb-server did not start: ${output()}`)
}

export async function startTestCouch(): Promise<TestCouch> {
  const given = process.env.COUCHDB_URL
  if (given) {
    const admin = new URL(given)
    const url = admin.origin
    return { url, adminUrl: admin.toString().replace(/\/$/, ''), kind: 'couchdb', close: async () => {} }
  }
  const port = await freePort()
  // It writes its config and log where it runs: a folder of its own.
  const dir = mkdtempSync(join(tmpdir(), 'couch-'))
  const bin = resolve(import.meta.dirname, '../../node_modules/pouchdb-server/bin/pouchdb-server')
  const child = spawn(process.execPath, [bin, '--in-memory', '--port', String(port), '--host', '127.0.0.1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = `http://127.0.0.1:${port}`
  await waitUntilUp(url, child, () => output)
  const password = `admin-${process.pid}-${port}`
  const made = await fetch(`${url}/_config/admins/admin`, { method: 'PUT', body: JSON.stringify(password) })
  if (!made.ok) throw new Error(`could not make the admin: ${made.status}`)
  return {
    url,
    adminUrl: `http://admin:${password}@127.0.0.1:${port}`,
    kind: 'pouchdb-server',
    close: async () => {
      child.kill()
      await new Promise((r) => child.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
