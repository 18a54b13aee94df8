// Whether the API can be reached, as the last requests found it. Failures that mean "cannot
// reach the server" (AppError.unreachable) switch the workspace to the cache; any success
// switches it back. A refusal of the credentials (401) is told apart: reachable, not usable.

export interface Connectivity {
  succeeded(): void
  failed(): void
  /** The server answered, refusing the credentials (401): reachable, but the account is not usable. */
  rejected(): void
  /** The credentials changed: whether the new ones are refused is not known yet. */
  forgetRejection(): void
  state(): { online: boolean; offlineSince: number | null; credentialsRejected: boolean }
  /** Called after each switch between online and offline (not for every request). */
  onChange(listener: () => void): () => void
}

export function createConnectivity(now: () => number = Date.now): Connectivity {
  let offlineSince: number | null = null
  let credentialsRejected = false
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const listener of listeners) listener()
  }
  return {
    succeeded() {
      if (offlineSince === null && !credentialsRejected) return
      offlineSince = null
      credentialsRejected = false
      changed()
    },
    rejected() {
      // An answer came, so the server is reachable.
      if (offlineSince === null && credentialsRejected) return
      offlineSince = null
      credentialsRejected = true
      changed()
    },
    forgetRejection() {
      if (!credentialsRejected) return
      credentialsRejected = false
      changed()
    },
    failed() {
      if (offlineSince !== null) return
      offlineSince = now()
      changed()
    },
    state: () => ({ online: offlineSince === null, offlineSince, credentialsRejected }),
    onChange(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}
