import { existsSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cacheUsage, clearCache, createCacheLimiter, enforceCap } from '../../electron/main/services/audio/cache-limit'
import { useTempDirs } from '../support/temp-dirs'

const tempDir = useTempDirs('cache-limit')

/** Recordings a..e of 1000 bytes (+ a 100-byte peaks sidecar), used in that order. */
function cacheDir() {
  const dir = tempDir()
  ;['a', 'b', 'c', 'd', 'e'].forEach((name, i) => {
    writeFileSync(join(dir, `${name}.wav`), Buffer.alloc(1000))
    writeFileSync(join(dir, `${name}.wav.peaks.json`), Buffer.alloc(100))
    const used = new Date(Date.UTC(2026, 0, 1, 0, i))
    utimesSync(join(dir, `${name}.wav`), used, used)
  })
  return dir
}

describe('recordings cache cap', () => {
  it('measures the cache with the peaks sidecars', async () => {
    expect(await cacheUsage(cacheDir())).toEqual({ bytes: 5500, recordings: 5 })
  })

  it('removes the least recently used recordings first, until under the cap', async () => {
    const dir = cacheDir()
    const after = await enforceCap(dir, 3000, async () => () => false)
    expect(after).toEqual({ bytes: 2200, recordings: 2 })
    expect(['a', 'b', 'c'].map((n) => existsSync(join(dir, `${n}.wav`)))).toEqual([false, false, false])
    expect(existsSync(join(dir, 'a.wav.peaks.json'))).toBe(false)
    expect(['d', 'e'].map((n) => existsSync(join(dir, `${n}.wav`)))).toEqual([true, true])
  })

  it('never removes a protected recording (a graded call), even over the cap', async () => {
    const dir = cacheDir()
    const after = await enforceCap(dir, 1000, async () => (name) => name === 'a.wav' || name === 'b.wav')
    expect(existsSync(join(dir, 'a.wav'))).toBe(true)
    expect(existsSync(join(dir, 'b.wav'))).toBe(true)
    expect(after.recordings).toBe(2)
    const cleared = await clearCache(dir, async () => (name) => name === 'a.wav')
    expect(cleared).toEqual({ bytes: 1100, recordings: 1 })
  })

  it('asks which recordings are protected only when over the cap, and then goes down to 90 % of it', async () => {
    const dir = cacheDir()
    let asked = 0
    const protectedRecordings = async () => {
      asked++
      return (name: string) => name === 'a.wav'
    }
    let cap = 6000
    const limiter = createCacheLimiter({ dir, capBytes: () => cap, protectedRecordings })
    expect(await limiter.usage()).toEqual({ bytes: 5500, recordings: 5 })
    expect(asked).toBe(0)
    // Downloads under the cap cost neither a scan nor a look at the grades.
    await limiter.added(100)
    await limiter.added(100)
    expect(asked).toBe(0)
    // A new recording passes the cap (6500 > 6000): the oldest unprotected ones go until 90 % of it (5400) is left.
    writeFileSync(join(dir, 'f.wav'), Buffer.alloc(1000))
    await limiter.added(1000)
    expect(asked).toBe(1)
    expect(existsSync(join(dir, 'a.wav'))).toBe(true)
    expect(['b', 'c'].map((n) => existsSync(join(dir, `${n}.wav`)))).toEqual([false, true])
    expect(await limiter.usage()).toEqual({ bytes: 5400, recordings: 5 })
    // A lowered cap applies when the usage is next asked for.
    cap = 2000
    expect((await limiter.usage()).bytes).toBeLessThanOrEqual(1800)
    expect(existsSync(join(dir, 'a.wav'))).toBe(true)
    expect(await limiter.clear()).toEqual({ bytes: 1100, recordings: 1 })
  })
})
