// Temporary folders for a test file, removed after its tests have run.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/** Returns a maker of fresh temporary folders named after `prefix` (in `parent`, the system's by
 *  default); all are removed after the file's tests. */
export function useTempDirs(prefix: string, parent = tmpdir()): () => string {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    mkdirSync(parent, { recursive: true })
    const dir = mkdtempSync(join(parent, `${prefix}-`))
    dirs.push(dir)
    return dir
  }
}
