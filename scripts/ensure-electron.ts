// `npm start` / `npm run dev`: makes sure Electron's binary is present (scripts/lib/ensure-electron.ts),
// then hands over to the command after `--` (electron-vite), exiting with its status.
//   tsx scripts/ensure-electron.ts [-- COMMAND ARGS...]
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { ensureElectron } from './lib/ensure-electron'

async function main(): Promise<number> {
  const argv = process.argv.slice(2)
  const handOver = argv.indexOf('--') >= 0 ? argv.slice(argv.indexOf('--') + 1) : []
  const packageDir = process.env['ELECTRON_PACKAGE_DIR'] ?? dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const outcome = await ensureElectron({ packageDir, env: process.env })
  if (!outcome.ok) {
    process.stderr.write(`${outcome.line}\n`)
    return 1
  }
  if (outcome.installed) process.stderr.write(`Electron installed: ${outcome.binary}\n`)
  const [command, ...args] = handOver
  if (!command) return 0
  const child = spawn(command, args, { stdio: 'inherit', shell: process.platform === 'win32' })
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)))
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
