// Opening a JSON store whose file is damaged must neither crash the app nor silently wipe it:
// the damaged file is set aside under a dated name and a fresh store starts in its place.
import { existsSync } from 'node:fs'
import type { Bilingual } from '../../../../shared/enums'
import { setAside } from './durable-fs'

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
    onRecovered({ file, setAsideAs })
    return open()
  }
}
