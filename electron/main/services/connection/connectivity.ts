// Whether the API can be reached, as the last requests found it. Failures that mean "cannot
// reach the server" (AppError.unreachable) switch the workspace to the cache; any success
// switches it back.

export interface Connectivity {
  succeeded(): void
  failed(): void
  state(): { online: boolean; offlineSince: number | null }
}

export function createConnectivity(now: () => number = Date.now): Connectivity {
  let offlineSince: number | null = null
  return {
    succeeded() {
      offlineSince = null
    },
    failed() {
      offlineSince ??= now()
    },
    state: () => ({ online: offlineSince === null, offlineSince }),
  }
}
