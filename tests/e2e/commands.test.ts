// The README's server commands, run as real processes: each prints its listening line and
// serves on loopback.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { signedHeaders } from '../../electron/main/services/api/signature'
import { BRIDGE_TOKEN_HEADER, BRIDGE_TOKEN_META } from '../../scripts/lib/bridge-token'
import { DEMO_CREDENTIALS } from '../../scripts/lib/simulator'
import { freePort } from '../../scripts/lib/sim-process'
import { ROOT } from './harness'

const children: ChildProcess[] = []
afterEach(() => {
  // npx and tsx each start a process: end the whole group.
  for (const child of children.splice(0)) if (child.pid) process.kill(-child.pid, 'SIGTERM')
})

/** Starts `npx tsx script args…` and resolves with its first stdout line. */
function firstLine(script: string, args: string[]): Promise<string> {
  const child = spawn('npx', ['tsx', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('\n')) resolve(out.split('\n')[0]!)
    })
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)))
  })
}

describe('server commands', () => {
  it('sim: prints its address and answers signed requests', async () => {
    const port = await freePort()
    expect(await firstLine('scripts/sim.ts', ['--port', String(port), '--seed', '2'])).toBe(`listening on http://127.0.0.1:${port}`)
    const response = await fetch(`http://127.0.0.1:${port}/apiOpen/v1/job/getJobs?pageNum=1&pageSize=5`, {
      headers: signedHeaders(DEMO_CREDENTIALS, Date.now()),
    })
    const body = (await response.json()) as { code: number; data: { content: unknown[] } }
    expect(body.code).toBe(200)
    expect(body.data.content.length).toBeGreaterThan(0)
  })

  it('web: prints its address and serves the app with the test bridge on demo data', async () => {
    const port = await freePort()
    expect(await firstLine('scripts/web.ts', ['--port', String(port)])).toBe(`listening on http://127.0.0.1:${port}`)
    const page = await (await fetch(`http://127.0.0.1:${port}/`)).text()
    expect(page).toContain('<script src="/__bridge.js"></script>')
    // The bridge answers only with the per-run token the served page carries.
    const token = new RegExp(`<meta name="${BRIDGE_TOKEN_META}" content="([\\w-]+)"`).exec(page)?.[1]
    expect(token).toBeTruthy()
    const invoke = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/__bridge/invoke`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ channel: 'app:status', payload: null, hasPayload: false }),
      })
    expect((await invoke({})).status).toBe(403)
    const answer = await invoke({ [BRIDGE_TOKEN_HEADER]: token! })
    expect(await answer.json()).toMatchObject({ ok: true, value: { mode: 'demo' } })
  })
})
