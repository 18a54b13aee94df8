// The glue reads cached stores straight from their files (storage/store-file.ts), so it relies on
// where electron-store puts a named store: <folder>/<name>.json. Checked on the real library.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { storeFileReader } from '../../electron/main/services/storage/store-file'

// No Electron binary here: this makes require('electron') return a path instead of downloading.
process.env['ELECTRON_OVERRIDE_DIST_PATH'] ??= '/nonexistent-electron'
const dir = mkdtempSync(join(tmpdir(), 'electron-store-layout-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('electron-store file layout', () => {
  it('keeps a store named N in N.json, where the store reader finds what it wrote', async () => {
    const { default: Store } = await import('electron-store')
    const store = new Store<Record<string, unknown>>({ name: 'cache-job-7-calls-3', cwd: dir })
    store.set('records', { 1: { r: { callRecordId: 1 }, at: 5 } })
    expect(store.path).toBe(join(dir, 'cache-job-7-calls-3.json'))
    const read = storeFileReader((name) => join(dir, `${name}.json`))
    expect(read('cache-job-7-calls-3')).toEqual({ records: { 1: { r: { callRecordId: 1 }, at: 5 } } })
    expect(read('never-written')).toBeUndefined()
    expect(existsSync(join(dir, 'never-written.json'))).toBe(false)
  })
})
