// Packaging (electron-builder.ts) run for real on the built app, with a stand-in for Electron's
// binary (it cannot be downloaded here): what goes into app.asar is chosen, the voice bank sits
// beside it, and the fuses are flipped in the packaged executable, read back byte by byte.
import { extractFile, listPackage } from '@electron/asar'
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses'
import { Arch, build, Platform } from 'electron-builder'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FUSES } from '../../electron-builder'

const ROOT = resolve(import.meta.dirname, '../..')
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
// Electron 45's wire as it ships: RunAsNode, cookie encryption, NODE_OPTIONS, --inspect, asar
// integrity, app only from asar, browser V8 snapshot, file:// privileges, Wasm trap handlers.
const SHIPPED_WIRE = '101100011'
const MAX_ASAR_BYTES = 15 * 1024 * 1024

/** An unpacked Electron for Linux whose executable is only what @electron/fuses looks for. */
function electronStandIn(dir: string): string {
  mkdirSync(dir, { recursive: true })
  const executable = join(dir, 'electron')
  const bytes = Buffer.concat([
    Buffer.from('\x7fELF stand-in for Electron\0'),
    Buffer.from(SENTINEL),
    Buffer.from([Number(FuseVersion.V1), SHIPPED_WIRE.length]),
    Buffer.from(SHIPPED_WIRE),
    Buffer.from('\0the rest of the binary\0'),
  ])
  writeFileSync(executable, bytes)
  chmodSync(executable, 0o755)
  return dir
}

let work = ''
let unpacked = ''
let asar = ''
let entries: string[] = []

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'package-test-'))
  // The real configuration, with only the Electron it starts from and the output folder changed.
  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    config: { electronDist: electronStandIn(join(work, 'electron')), directories: { output: join(work, 'dist') } },
  })
  unpacked = join(work, 'dist', 'linux-unpacked')
  asar = join(unpacked, 'resources', 'app.asar')
  entries = listPackage(asar, { isPack: false }).map((entry) => entry.replaceAll('\\', '/'))
}, 180_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('the packaged app', () => {
  it('holds the built main, its alignment worker, preload and page', () => {
    expect(entries).toEqual(
      expect.arrayContaining(['/out/main/index.js', '/out/main/align-worker.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']),
    )
  })

  it('holds nothing but the build and package.json: no tests, scripts, fault injection, node_modules or source maps', () => {
    expect(entries.filter((e) => e !== '/package.json' && e !== '/out' && !e.startsWith('/out/'))).toEqual([])
    for (const unwanted of [/\/tests\//, /\/scripts\//, /sim-faults/, /node_modules/, /compiler-/, /\.map$/, /\.ts$/]) {
      expect(entries.filter((e) => unwanted.test(e))).toEqual([])
    }
  })

  it('keeps app.asar under 15 MB', () => {
    expect(statSync(asar).size).toBeLessThan(MAX_ASAR_BYTES)
  })

  it('ships the demo voice bank beside app.asar, where main looks when packaged', () => {
    expect(existsSync(join(unpacked, 'resources', 'voice', 'index.json'))).toBe(true)
    expect(readFileSync(join(unpacked, 'resources', 'voice', 'index.json'))).toEqual(readFileSync(join(ROOT, 'resources', 'voice', 'index.json')))
  })

  it('carries the project’s name and version, and no development metadata', () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string }
    const packaged = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as Record<string, unknown>
    expect(packaged).toMatchObject({
      name: root.name,
      version: root.version,
      main: 'out/main/index.js',
      // Electron's app id on Linux, matching the installed .desktop file.
      desktopName: 'call-review-workstation.desktop',
    })
    expect(packaged['devDependencies']).toBeUndefined()
    expect(packaged['scripts']).toBeUndefined()
  })

  it('flips the fuses in the packaged executable', async () => {
    const wire = await getCurrentFuseWire(join(unpacked, 'call-review-workstation'))
    const state = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse] as number)
    expect(state(FuseV1Options.RunAsNode)).toBe('0')
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0')
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0')
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe('1')
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1')
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1')
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0')
    // Those not configured keep what Electron shipped.
    expect(state(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe(SHIPPED_WIRE[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot])
    expect(state(FuseV1Options.WasmTrapHandlers)).toBe(SHIPPED_WIRE[FuseV1Options.WasmTrapHandlers])
    // And the configuration says the same as the bytes.
    expect(FUSES).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })
})
