// Electron 42+ fetches its binary lazily, but electron-vite only reads node_modules/electron/path.txt
// and gives up ("Electron uninstall") without it. So `npm start` and `npm run dev` first run the
// installer Electron's package ships (install.js, `install-electron`), and where the download
// cannot happen say so in one line, with what to do, instead of a stack trace.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface EnsureElectronOptions {
  /** The electron package's folder (node_modules/electron). */
  packageDir: string
  env: Record<string, string | undefined>
  /** The whole download may take this long before it counts as stuck (default 10 minutes). */
  timeoutMs?: number
}

export type EnsureOutcome = { ok: true; installed: boolean; binary: string } | { ok: false; line: string }

const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/'
const PROBE_TIMEOUT_MS = 5_000

function platformPath(platform: string): string {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron'
  if (platform === 'win32') return 'electron.exe'
  return 'electron'
}

/** Where the binary is, as Electron's own index.js finds it; undefined while not installed. */
export function installedBinary(packageDir: string, env: EnsureElectronOptions['env']): string | undefined {
  if (env['ELECTRON_OVERRIDE_DIST_PATH']) return join(env['ELECTRON_OVERRIDE_DIST_PATH'], platformPath(env['ELECTRON_INSTALL_PLATFORM'] ?? process.platform))
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(binary) ? binary : undefined
}

function chinese(env: EnsureElectronOptions['env']): boolean {
  return /^zh/i.test(env['TANYI_LANG'] ?? env['LC_ALL'] ?? env['LANG'] ?? '')
}

/** The one line a reviewer (or a new developer) reads when the download failed. */
export function failureLine(reason: string, env: EnsureElectronOptions['env']): string {
  return chinese(env)
    ? `无法下载 Electron（${reason}）。请检查网络；可设置 ELECTRON_MIRROR 使用镜像（如 https://npmmirror.com/mirrors/electron/），经代理时设置 ELECTRON_GET_USE_PROXY=1 和 HTTPS_PROXY；也可运行 npm run web 在浏览器中试用界面。`
    : `Could not download Electron (${reason}). Check the network; set ELECTRON_MIRROR to use a mirror (e.g. https://npmmirror.com/mirrors/electron/), or ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY behind a proxy; or try the interface in a browser with npm run web.`
}

/** Whether the mirror answers at all, so an unreachable one fails in seconds, not at a long timeout. */
async function probe(mirror: string): Promise<string | null> {
  try {
    await fetch(mirror, { method: 'HEAD', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: 'manual' })
    return null
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    if ((error as Error).name === 'TimeoutError') return `${new URL(mirror).host} did not answer within ${PROBE_TIMEOUT_MS / 1000} s`
    return `${new URL(mirror).host}: ${cause?.code ?? cause?.message ?? (error as Error).message}`
  }
}

/** The first line of the installer's error output that names the failure. */
function reasonFrom(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean)
  const named = lines.find((l) => /error/i.test(l) && !l.startsWith('at '))
  return (named ?? lines[0] ?? 'unknown failure').replace(/^Error:\s*/, '').slice(0, 200)
}

export async function ensureElectron(options: EnsureElectronOptions): Promise<EnsureOutcome> {
  const { packageDir, env } = options
  const present = installedBinary(packageDir, env)
  if (present) return { ok: true, installed: false, binary: present }

  // Behind a proxy the mirror is reached through it: the installer knows how, a plain probe does not.
  if (!env['ELECTRON_GET_USE_PROXY']) {
    const unreachable = await probe(env['ELECTRON_MIRROR'] ?? env['npm_config_electron_mirror'] ?? DEFAULT_MIRROR)
    if (unreachable) return { ok: false, line: failureLine(unreachable, env) }
  }

  const child = spawn(process.execPath, [join(packageDir, 'install.js')], { cwd: packageDir, env, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const timer = setTimeout(() => child.kill(), options.timeoutMs ?? 10 * 60_000)
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  clearTimeout(timer)
  if (code !== 0) return { ok: false, line: failureLine(code === null ? 'the download took too long and was stopped' : reasonFrom(stderr), env) }
  const binary = installedBinary(packageDir, env)
  if (!binary) return { ok: false, line: failureLine('the installer finished but no binary is in place', env) }
  return { ok: true, installed: true, binary }
}
