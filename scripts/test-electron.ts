// npm run test:electron: the built app in real Electron (tests/electron/), under Xvfb on Linux
// when there is no display. Where Electron's binary is missing it says so in one line, and how
// to get it, and exits 0 without running anything: it claims no pass.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { installedBinary } from './lib/ensure-electron'

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' })
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)))
}

async function onPath(command: string): Promise<boolean> {
  const child = spawn('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' })
  return new Promise((resolve) => child.on('close', (code) => resolve(code === 0)))
}

async function main(): Promise<number> {
  const packageDir = process.env['ELECTRON_PACKAGE_DIR'] ?? dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const binary = installedBinary(packageDir, process.env)
  if (!binary) {
    process.stdout.write(
      'Real-Electron tests not run: Electron\'s binary is not installed (npm start installs it; set ELECTRON_MIRROR or ELECTRON_GET_USE_PROXY where the download needs it).\n',
    )
    return 0
  }
  const env = { ...process.env, ELECTRON_BINARY: binary }
  const build = await run('npx', ['electron-vite', 'build'], env)
  if (build !== 0) return build
  const vitest = ['vitest', 'run', '--project', 'electron']
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) {
    if (!(await onPath('xvfb-run'))) {
      process.stdout.write('Real-Electron tests not run: no display and no xvfb-run (Debian: apt-get install xvfb).\n')
      return 0
    }
    return run('xvfb-run', ['-a', 'npx', ...vitest], env)
  }
  return run('npx', vitest, env)
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
