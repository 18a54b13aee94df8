// Keeps the recordings cache under its size cap: the least recently used recordings go first,
// and a recording the caller protects (a graded call's) is never removed.
import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

export interface CacheUsage {
  bytes: number
  recordings: number
}

interface Entry {
  name: string
  bytes: number
  usedAt: number
}

async function entries(dir: string): Promise<Entry[]> {
  const names = await readdir(dir).catch(() => [] as string[])
  const found: Entry[] = []
  for (const name of names.filter((n) => n.endsWith('.wav'))) {
    const info = await stat(join(dir, name)).catch(() => null)
    const sidecar = await stat(join(dir, `${name}.peaks.json`)).catch(() => null)
    // mtime is refreshed on every use (see touch in audio-service.ts): it is the last use.
    if (info) found.push({ name, bytes: info.size + (sidecar?.size ?? 0), usedAt: info.mtimeMs })
  }
  return found
}

export async function cacheUsage(dir: string): Promise<CacheUsage> {
  const all = await entries(dir)
  return { bytes: all.reduce((sum, e) => sum + e.bytes, 0), recordings: all.length }
}

async function remove(dir: string, name: string): Promise<void> {
  await rm(join(dir, name), { force: true })
  await rm(join(dir, `${name}.peaks.json`), { force: true })
}

/** Which recordings must stay; asked only when something has to go, since working it out reads every grade. */
export type ProtectedRecordings = () => Promise<(name: string) => boolean>

/**
 * Removes least recently used recordings until the cache fits `targetBytes` (default: the cap),
 * if it is over `capBytes`; returns the usage after.
 */
export async function enforceCap(dir: string, capBytes: number, protectedRecordings: ProtectedRecordings, targetBytes = capBytes): Promise<CacheUsage> {
  const all = (await entries(dir)).sort((a, b) => a.usedAt - b.usedAt)
  let bytes = all.reduce((sum, e) => sum + e.bytes, 0)
  let recordings = all.length
  if (bytes <= capBytes) return { bytes, recordings }
  const isProtected = await protectedRecordings()
  for (const entry of all) {
    if (bytes <= targetBytes) break
    if (isProtected(entry.name)) continue
    await remove(dir, entry.name)
    bytes -= entry.bytes
    recordings--
  }
  return { bytes, recordings }
}

/** Empties the cache but for protected recordings. */
export function clearCache(dir: string, protectedRecordings: ProtectedRecordings): Promise<CacheUsage> {
  return enforceCap(dir, -1, protectedRecordings, 0)
}

/** Once over the cap, the cache is brought down to this share of it, so the next check is a while off. */
const LOW_WATER = 0.9

export interface CacheLimiter {
  /** A recording of `bytes` was added: checks the cap only when the running total passes it. */
  added(bytes: number): Promise<void>
  /** The usage, after applying the cap (which the reviewer may have just lowered). */
  usage(): Promise<CacheUsage>
  clear(): Promise<CacheUsage>
}

/**
 * Keeps a running total of the cache's size, so a download costs no scan of the folder and no
 * look at the grades unless the cap is passed. Checks run one at a time.
 */
export function createCacheLimiter(options: { dir: string; capBytes: () => number; protectedRecordings: ProtectedRecordings }): CacheLimiter {
  const { dir, capBytes, protectedRecordings } = options
  /** The cache's size as of the last check plus what was added since; null until the first check. */
  let knownBytes: number | null = null
  let queue: Promise<unknown> = Promise.resolve()
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work)
    queue = run.catch(() => {})
    return run
  }
  const check = () =>
    inTurn(async () => {
      const usage = await enforceCap(dir, capBytes(), protectedRecordings, Math.floor(capBytes() * LOW_WATER))
      knownBytes = usage.bytes
      return usage
    })
  return {
    async added(bytes) {
      if (knownBytes !== null) knownBytes += bytes
      if (knownBytes === null || knownBytes > capBytes()) await check().catch(() => {})
    },
    usage: check,
    clear: () =>
      inTurn(async () => {
        const usage = await clearCache(dir, protectedRecordings)
        knownBytes = usage.bytes
        return usage
      }),
  }
}
