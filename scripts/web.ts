// `npm run --silent web -- --port P`: the interface in a plain browser on the demo data,
// through the test bridge. Builds the renderer first when no build exists.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseFlags, portNumber, UsageError } from './lib/args'
import { createBrowserServices } from './lib/browser-services'
import { startWebHost } from './lib/web-host'

const root = resolve(import.meta.dirname, '..')
const rendererDir = join(root, 'out/renderer')

async function main(): Promise<void> {
  const { flags } = parseFlags(process.argv.slice(2), ['port', 'profile'], ['rebuild'])
  const port = portNumber(flags['port'])
  if (flags['rebuild'] || !existsSync(join(rendererDir, 'index.html'))) {
    const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
    if (built.status !== 0) throw new Error('build failed')
  }
  const profileDir = flags['profile'] ?? mkdtempSync(join(tmpdir(), 'call-review-web-'))
  const services = createBrowserServices({ profileDir })
  const host = await startWebHost({ rendererDir, dispatch: services.dispatch, audio: services.audio, events: services.events, port })
  console.log(`listening on ${host.url}`)
  const stop = () => {
    void Promise.all([host.close(), services.close()]).then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `usage: ${error.message}` : `web: ${(error as Error).message}`)
  process.exit(1)
})
