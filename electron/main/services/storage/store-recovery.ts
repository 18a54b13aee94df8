// Opening a JSON store whose file is damaged must neither crash the app nor silently wipe it:
// the damaged file is set aside under a dated name and a fresh store starts in its place.
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Bilingual } from '../../../../shared/enums'
import { parseSetAsideName, setAside } from './durable-fs'

/** Set-aside copies of one store kept: enough to look into a recurring damage, never a pile. */
export const KEEP_STORE_SET_ASIDE = 3

export interface StoreRecovery {
  file: string
  setAsideAs: string
}

/** What the reviewer is told: which file, where it went, and that it started afresh. */
export function storeRecoveryMessage({ file, setAsideAs }: StoreRecovery): Bilingual {
  return {
    'zh-CN': `本机数据文件 ${file} 已损坏，已另存为 ${setAsideAs}，并以空白内容重新开始（设置、缓存或工作位置可能需要重新设置或重新获取；复核评级另有保存，不受影响）。`,
    en: `The local data file ${file} was damaged; it was kept as ${setAsideAs} and started afresh (settings, cached data or your place may need setting or fetching again; grades are kept elsewhere and are not affected).`,
  }
}

export function openRecovering<T>(open: () => T, file: string, onRecovered: (recovery: StoreRecovery) => void): T {
  try {
    return open()
  } catch (error) {
    if (!existsSync(file)) throw error
    const setAsideAs = setAside(file, new Date())
    pruneSetAside(file, setAsideAs)
    onRecovered({ file, setAsideAs })
    return open()
  }
}

/** Keeps the newest copies of `file` set aside (the one just made always among them). */
function pruneSetAside(file: string, justMade: string): void {
  const dir = dirname(file)
  const copies = readdirSync(dir)
    .map((name) => ({ name, parsed: parseSetAsideName(name) }))
    .filter(({ name, parsed }) => parsed?.original === basename(file) && name !== basename(justMade))
    .sort((a, b) => b.parsed!.stamp.localeCompare(a.parsed!.stamp) || b.parsed!.n - a.parsed!.n)
  for (const { name } of copies.slice(KEEP_STORE_SET_ASIDE - 1)) rmSync(join(dir, name), { force: true })
}
