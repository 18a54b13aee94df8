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

/** Removes least recently used recordings until the cache fits `capBytes`; returns the usage after. */
export async function enforceCap(dir: string, capBytes: number, isProtected: (name: string) => boolean): Promise<CacheUsage> {
  const all = (await entries(dir)).sort((a, b) => a.usedAt - b.usedAt)
  let bytes = all.reduce((sum, e) => sum + e.bytes, 0)
  let recordings = all.length
  for (const entry of all) {
    if (bytes <= capBytes) break
    if (isProtected(entry.name)) continue
    await remove(dir, entry.name)
    bytes -= entry.bytes
    recordings--
  }
  return { bytes, recordings }
}

/** Empties the cache but for protected recordings. */
export function clearCache(dir: string, isProtected: (name: string) => boolean): Promise<CacheUsage> {
  return enforceCap(dir, 0, isProtected)
}
