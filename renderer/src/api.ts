// The typed API over the bridge the preload (or the browser test bridge) put on window.
import { BRIDGE_GLOBAL, createApi, type Api } from '../../shared/ipc/contract'
import type { AppError } from '../../shared/errors'

function bridge() {
  const raw = window[BRIDGE_GLOBAL]
  if (!raw) throw new Error('The app bridge is missing: this page must run inside the workstation.')
  return raw
}

const connectionFailures = new Set<() => void>()

/**
 * Told when an answer says the server refused the credentials or could not be reached. Main has
 * pushed the status already, but the badge does not rest on the push alone: the browser host's
 * event stream can drop one, and the answer in hand is proof enough to ask again.
 */
export function onConnectionFailure(listener: () => void): () => void {
  connectionFailures.add(listener)
  return () => void connectionFailures.delete(listener)
}

function heard(error: AppError): void {
  if (!error.rejectsCredentials && !error.unreachable) return
  for (const listener of connectionFailures) listener()
}

export const api: Api = createApi(bridge(), heard)
