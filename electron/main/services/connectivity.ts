// Whether the API can be reached, as the last requests found it. Failures that mean "cannot
// reach the server" switch the workspace to the cache; any success switches it back.
import type { ErrorKind } from '../../../shared/errors'
import { ApiError } from './api/errors'

const UNREACHABLE: ReadonlySet<ErrorKind> = new Set(['connection-refused', 'network', 'timeout'])

/** The server could not be reached at all (or only a gateway answered for it). */
export function meansUnreachable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  if (UNREACHABLE.has(error.kind)) return true
  return (error.kind === 'html-page' || error.kind === 'http-status') && [502, 503, 504].includes(error.status ?? 0)
}

export interface Connectivity {
  succeeded(): void
  failed(): void
  state(): { online: boolean; offlineSince: number | null }
  /** Called after each switch between online and offline (not for every request). */
  onChange(listener: () => void): () => void
}

export function createConnectivity(now: () => number = Date.now): Connectivity {
  let offlineSince: number | null = null
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const listener of listeners) listener()
  }
  return {
    succeeded() {
      if (offlineSince === null) return
      offlineSince = null
      changed()
    },
    failed() {
      if (offlineSince !== null) return
      offlineSince = now()
      changed()
    },
    state: () => ({ online: offlineSince === null, offlineSince }),
    onChange(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}
