// The simulated API server on the command line:
//   npm run --silent sim -- --port P [--seed N] [--latency MS] [--api-revision today|seed] [--big-ids]
// --big-ids adds a task whose ids lie beyond 2^53 (electron/simulator/big-ids.ts).
// Prints `listening on http://127.0.0.1:P` on stdout, the demo credentials on stderr, and
// stops cleanly on SIGINT or SIGTERM. Bad arguments: one line on stderr, exit status 1.
import { DEMO_CREDENTIALS, startSimulator } from './lib/simulator'
import { parseFlags, portNumber, UsageError } from './lib/args'

function nonNegativeInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} must be a non-negative integer, got "${value}"`)
  }
  return Number(value)
}

async function main(): Promise<void> {
  const { flags, positional } = parseFlags(process.argv.slice(2), ['port', 'seed', 'latency', 'api-revision'], ['big-ids'])
  if (positional.length > 0) throw new UsageError(`unexpected argument "${positional[0]}"`)
  const port = portNumber(flags['port'])
  const seed = nonNegativeInt('seed', flags['seed'], 1)
  const latencyMs = nonNegativeInt('latency', flags['latency'], 0)
  // Which revision of the call list's request it reads: today's docs (default) or the seed's.
  const apiRevision = flags['api-revision'] ?? 'today'
  if (apiRevision !== 'today' && apiRevision !== 'seed') throw new UsageError(`--api-revision must be today or seed, got "${apiRevision}"`)

  const sim = await startSimulator({ port, seed, latencyMs, apiRevision, bigIds: flags['big-ids'] === 'true' })
  process.stdout.write(`listening on ${sim.url}\n`)
  const { appKey, appSecret, tenantSign } = DEMO_CREDENTIALS
  process.stderr.write(`credentials: appKey=${appKey} appSecret=${appSecret} tenantSign=${tenantSign} (seed ${seed}, API revision ${apiRevision})\n`)

  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: string } | null)?.code
  process.stderr.write(`${code === 'EADDRINUSE' ? 'port already in use' : message}\n`)
  process.exit(1)
})
