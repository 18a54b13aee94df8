// The one reading of the connection that the header's badge and the offline banner both show, so
// they never disagree (one saying offline while the other says connected).
import type { AppStatus } from '../../shared/ipc/contract'
import type { MessageKey } from './i18n/messages'

export type ConnectionState =
  /** Not known yet (settings loading). */
  | 'unknown'
  /** Main could not say (its status request failed). */
  | 'error'
  | 'demo'
  /** The demo server does not answer: the cache stands in, as for an account. */
  | 'demo-offline'
  | 'connected'
  /** The server cannot be reached: the cache answers, main keeps trying. */
  | 'offline'
  /** The reviewer chose to work offline (Settings). */
  | 'working-offline'
  /** The server answered 401. */
  | 'rejected'

export function connectionState(status: AppStatus | null, statusError: unknown): ConnectionState {
  if (!status) return statusError ? 'error' : 'unknown'
  if (status.workOffline) return 'working-offline'
  // Offline first: a refusal heard before the server went away says nothing of now.
  if (!status.online) return status.mode === 'demo' ? 'demo-offline' : 'offline'
  if (status.credentialsRejected) return 'rejected'
  return status.mode === 'demo' ? 'demo' : 'connected'
}

/** The later of two readings of main's status: a reply read before a push can arrive after it. */
export function laterStatus(held: AppStatus | null, arrived: AppStatus): AppStatus {
  return held && held.sequence > arrived.sequence ? held : arrived
}

/** Whether the offline banner shows: exactly when the badge says offline. */
export function isOffline(state: ConnectionState): boolean {
  return state === 'offline' || state === 'demo-offline' || state === 'working-offline'
}

/** The badge's words, joined by " · ", and its colour. */
export function badgeOf(state: ConnectionState): { keys: MessageKey[]; tone: 'demo' | 'ok' | 'offline' | 'error' } | null {
  switch (state) {
    case 'unknown':
      return null
    case 'error':
      return { keys: ['connection.error'], tone: 'error' }
    case 'demo':
      return { keys: ['connection.demo'], tone: 'demo' }
    case 'demo-offline':
      return { keys: ['connection.demo', 'connection.offline'], tone: 'offline' }
    case 'connected':
      return { keys: ['connection.account'], tone: 'ok' }
    case 'offline':
    case 'working-offline':
      return { keys: ['connection.offline'], tone: 'offline' }
    case 'rejected':
      return { keys: ['connection.rejected'], tone: 'error' }
  }
}
