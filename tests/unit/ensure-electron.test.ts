// The start step: Electron's own installer fetches a stand-in Electron from a local mirror (with
// the mirror's checksums), electron's index.js (what electron-vite reads) then names it, and the
// step hands over to the next command; with the mirror down it fails in one clear line.
import JSZip from 'jszip'
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureElectron } from '../../scripts/lib/ensure-electron'
import { freePort } from '../../scripts/lib/sim-process'
import { useTempDirs } from '../support/temp-dirs'

const ROOT = resolve(import.meta.dirname, '../..')
// Inside the project, so the copied installer resolves @electron/get from the project's packages.
const tempDir = useTempDirs('ensure-electron', join(ROOT, '.cache'))
const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
const version = (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version
const platform = process.platform === 'win32' ? 'win32' : process.platform
const zipName = `electron-v${version}-${platform}-${process.arch}.zip`

let server: Server
let mirror = ''
const served: string[] = []

/** A copy of the electron package, not yet installed, as npm leaves it. */
function freshPackage(): string {
  const dir = join(tempDir(), 'node_modules', 'electron')
  mkdirSync(dir, { recursive: true })
  for (const file of ['package.json', 'install.js', 'index.js', 'checksums.json']) copyFileSync(join(electronDir, file), join(dir, file))
  return dir
}

beforeAll(async () => {
  const zip = new JSZip()
  // A stand-in binary: prints what it was started with.
  zip.file('electron', '#!/bin/sh\necho "stand-in electron $@"\n', { unixPermissions: 0o755 })
  zip.file('version', `v${version}`)
  const bytes = await zip.generateAsync({ type: 'nodebuffer', platform: 'UNIX' })
  const sums = `${createHash('sha256').update(bytes).digest('hex')} *${zipName}\n`
  server = createServer((request, response) => {
    served.push(request.url ?? '')
    if (request.url === `/v${version}/${zipName}`) return void response.writeHead(200, { 'Content-Length': bytes.length }).end(bytes)
    if (request.url === `/v${version}/SHASUMS256.txt`) return void response.writeHead(200).end(sums)
    response.writeHead(request.method === 'HEAD' && request.url === '/' ? 200 : 404).end()
  })
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready))
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})
afterAll(() => new Promise<void>((done) => server.close(() => done())))

/** Runs the start step as npm does, without blocking this process (the mirror answers from here). */
function startStep(environment: Record<string, string | undefined>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ensure-electron.ts', '--', process.execPath, '-e', 'console.log("handed over")'], { cwd: ROOT, env: environment })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const timer = setTimeout(() => child.kill(), 30_000)
  return new Promise((done) =>
    child.on('close', (status) => {
      clearTimeout(timer)
      done({ status, stdout, stderr })
    }),
  )
}

const env = (extra: Record<string, string>) => ({ PATH: process.env['PATH'], HOME: tempDir(), LANG: 'en_US.UTF-8', ...extra })

describe.runIf(process.platform === 'linux')('the start step', () => {
  it('installs Electron from the mirror with its checksums, after which electron resolves to the binary', async () => {
    const packageDir = freshPackage()
    const outcome = await ensureElectron({
      packageDir,
      env: env({ ELECTRON_MIRROR: mirror, electron_use_remote_checksums: '1', electron_config_cache: tempDir() }),
    })
    expect(outcome).toMatchObject({ ok: true, installed: true })
    expect(served).toContain(`/v${version}/${zipName}`)
    expect(served).toContain(`/v${version}/SHASUMS256.txt`)
    // What electron-vite reads: path.txt, through electron's own index.js.
    const binary = execFileSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(packageDir)}))`], { encoding: 'utf8' })
    expect(existsSync(binary)).toBe(true)
    expect(execFileSync(binary, ['--version'], { encoding: 'utf8' })).toContain('stand-in electron --version')
    // A second start finds it in place and asks nothing.
    const before = served.length
    expect(await ensureElectron({ packageDir, env: env({ ELECTRON_MIRROR: mirror }) })).toMatchObject({ ok: true, installed: false })
    expect(served.length).toBe(before)
  })

  it('hands over to the next command once Electron is present', async () => {
    const packageDir = freshPackage()
    const run = await startStep({ ...env({ ELECTRON_MIRROR: mirror, electron_use_remote_checksums: '1', electron_config_cache: tempDir() }), ELECTRON_PACKAGE_DIR: packageDir })
    expect(run.stderr).toMatch(/^Electron installed: /)
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('handed over')
  })

  it('stops in seconds with one line saying what failed and what to do when the mirror is down', async () => {
    const port = await freePort()
    const started = Date.now()
    const run = await startStep({ ...env({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/` }), ELECTRON_PACKAGE_DIR: freshPackage() })
    // "In seconds": well inside the probe's own 5 s limit, since a refused connection is immediate.
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(run.status).toBe(1)
    expect(run.stdout).not.toContain('handed over')
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/Could not download Electron \(127\.0\.0\.1:\d+: ECONNREFUSED\)/)
    for (const advice of ['ELECTRON_MIRROR', 'ELECTRON_GET_USE_PROXY', 'HTTPS_PROXY', 'npm run web']) expect(lines[0]).toContain(advice)
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  it('npm run test:electron says in one line that it did not run when Electron is missing, and claims no pass', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/test-electron.ts'], {
      cwd: ROOT,
      env: { ...env({}), ELECTRON_PACKAGE_DIR: freshPackage() },
    })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    const status = await new Promise<number | null>((done) => child.on('close', done))
    expect(status).toBe(0)
    expect(stdout.trimEnd().split('\n')).toHaveLength(1)
    expect(stdout).toMatch(/^Real-Electron tests not run: Electron's binary is not installed/)
    expect(stdout).not.toMatch(/pass/i)
  })
})
