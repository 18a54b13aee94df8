// Whether the API can be reached, as the last requests found it. Failures that mean "cannot
// reach the server" (AppError.unreachable) switch the workspace to the cache; any success
// switches it back.

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
