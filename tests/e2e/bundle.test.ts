// The production main bundle carries the demo (the simulated platform) but none of the test
// equipment: no fault injection, no voice bank looked up from the working directory. Main's
// dependencies are bundled too (the package has no node_modules); the spreadsheet library sits in
// a chunk of its own, loaded on the first export. The alignment worker loads the engine alone.
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const MAIN = resolve(import.meta.dirname, '../../out/main')
const bundle = readFileSync(join(MAIN, 'index.js'), 'utf8')
const files = readdirSync(MAIN, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))
const everything = files.map((f) => readFileSync(join(MAIN, f), 'utf8')).join('\n')

describe('the built main bundle', () => {
  it('holds the demo server', () => {
    expect(bundle).toContain('demo-secret')
    expect(bundle).toContain('early_media')
  })

  it.each(['injectFault', 'clearFaults', 'FaultBook', 'streamHugeAnswer', 'resetAndDestroy', 'nginx/1.20.1', 'truncated-json'])('has no fault injection in any file: %s', (marker) => {
    expect(everything).not.toContain(marker)
  })

  it('finds the voice bank where the host says, not through the working directory', () => {
    expect(bundle).not.toContain('process.cwd()')
  })

  it('imports no package at run time but Electron and Node’s own modules', () => {
    const specifiers = [...everything.matchAll(/(?:^|\n)import\s[^;]*?from\s*"([^"]+)"|\bimport\("([^"]+)"\)|\b__require\("([^"]+)"\)/g)].map(
      (m) => m[1] ?? m[2] ?? m[3]!,
    )
    expect(specifiers.length).toBeGreaterThan(0)
    const foreign = specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('node:') && s !== 'electron' && !builtinModules.includes(s))
    expect(foreign).toEqual([])
  })

  it('loads the spreadsheet library only on the first export', () => {
    expect(bundle).not.toContain('xl/workbook.xml')
    expect(everything).toContain('xl/workbook.xml')
  })

  it('starts the alignment worker on the engine alone, without the downloads’ HTTP client or the schemas', () => {
    // The worker's file and every chunk it imports, statically, as Node loads them.
    const loaded = new Map<string, string>()
    const visit = (file: string) => {
      if (loaded.has(file)) return
      const code = readFileSync(file, 'utf8')
      loaded.set(file, code)
      for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*"(\.[^"]+)"/g)) visit(resolve(dirname(file), m[1]!))
    }
    visit(join(MAIN, 'align-worker.js'))
    const code = [...loaded.values()].join('\n')
    expect(code).toContain('serveAlignJobs')
    expect(code).not.toContain('node_modules/undici/')
    expect(code).not.toContain('node_modules/zod/')
    expect(code.length).toBeLessThan(200_000)
  })
})
