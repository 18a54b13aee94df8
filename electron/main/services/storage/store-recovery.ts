// Opening a JSON store whose file is damaged must neither crash the app nor silently wipe it:
// the damaged file is set aside under a dated name and a fresh store starts in its place.
import { existsSync } from 'node:fs'
import { setAside } from './durable-fs'

export interface StoreRecovery {
  file: string
  setAsideAs: string
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
