// The simulated API server in a process of its own, as a real server is: a benchmark of the
// client then does not share its event loop and CPU with the server assembling recordings.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const SIM_SCRIPT = fileURLToPath(new URL('../sim.ts', import.meta.url))
const START_TIMEOUT_MS = 60_000

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface SimulatorProcess {
  url: string
  close(): Promise<void>
}

/** Starts `scripts/sim.ts` with the seed (the same data as an in-process simulator of that seed). */
export async function startSimulatorProcess(options: { seed: number; latencyMs: number }): Promise<SimulatorProcess> {
  const port = await freePort()
  const args = ['--import', 'tsx', SIM_SCRIPT, '--port', String(port), '--seed', String(options.seed), '--latency', String(options.latencyMs)]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error('the simulator process did not start in time')), START_TIMEOUT_MS)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (\S+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the simulator process exited with ${code}: ${err.trim().split('\n').pop() ?? ''}`))
    })
  })
  return {
    url,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
