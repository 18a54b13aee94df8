// The app status (mode, online, offline since, work offline) as a pure query, an explicit probe,
// and pushes: a `status` event whenever it changes. While the server cannot be reached (and the
// reviewer did not choose to work offline), main itself tries it again on a backoff timer, so a
// return online is noticed without the page asking.
import type { AppStatus } from '../../../../shared/ipc/contract'
import type { ConnectionManager } from './connection'
import type { Connectivity } from './connectivity'
import type { Emit } from '../events'

export const REPROBE_FIRST_MS = 5_000
export const REPROBE_MAX_MS = 60_000

export interface StatusMonitorDeps {
  connection: Pick<ConnectionManager, 'current'>
  connectivity: Connectivity
  workOffline: () => boolean
  /** Tries the server once, telling connectivity what it found (DataSource.probe). */
  probe: () => Promise<void>
  appVersion: string
  emit: Emit
  /** The first wait before trying again, doubled each time up to maxMs. */
  reprobe?: { firstMs: number; maxMs: number }
}

export interface StatusMonitor {
  /** The status as it stands: no request to the server, nothing changed. */
  current(): Promise<AppStatus>
  /** Tries the server once, then answers the status (pushed as well if it changed). */
  probe(): Promise<AppStatus>
  /** Something the status depends on may have changed (settings, account): pushed if it did. */
  changed(): void
  close(): void
}

export function createStatusMonitor(deps: StatusMonitorDeps): StatusMonitor {
  const { connection, connectivity, emit } = deps
  const { firstMs, maxMs } = deps.reprobe ?? { firstMs: REPROBE_FIRST_MS, maxMs: REPROBE_MAX_MS }
  let lastPushed: string | null = null
  let pushing = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  let delay = firstMs
  let wasWorkOffline = deps.workOffline()
  let closed = false
  let readings = 0

  async function current(): Promise<AppStatus> {
    const { mode, client } = await connection.current()
    const workOffline = deps.workOffline()
    const { online, offlineSince, credentialsRejected } = connectivity.state()
    readings += 1
    return { mode, baseUrl: client.baseUrl, appVersion: deps.appVersion, online: online && !workOffline, offlineSince, workOffline, credentialsRejected, sequence: readings }
  }

  async function push(): Promise<void> {
    // No connection yet (e.g. the demo server failed to start): nothing to tell.
    const status = await current().catch(() => null)
    if (!status || closed) return
    const { sequence: _reading, ...what } = status
    const key = JSON.stringify(what)
    if (key === lastPushed) return
    lastPushed = key
    emit('status', status)
  }

  const unreachable = () => !connectivity.state().online && !deps.workOffline()

  /** Keeps exactly one re-probe timer while unreachable, none otherwise. */
  function schedule(): void {
    if (closed || !unreachable()) {
      clearTimeout(timer)
      timer = undefined
      delay = firstMs
      return
    }
    if (timer) return
    timer = setTimeout(() => {
      timer = undefined
      delay = Math.min(delay * 2, maxMs)
      // A success switches connectivity, which pushes the status and stops the timer.
      void deps.probe().catch(() => {}).finally(schedule)
    }, delay)
    // Never what keeps the process alive.
    timer.unref()
  }

  function changed(): void {
    if (closed) return
    const workOffline = deps.workOffline()
    // Leaving "work offline": try the server at once rather than after the first wait.
    if (wasWorkOffline && !workOffline && !connectivity.state().online) void deps.probe().catch(() => {})
    wasWorkOffline = workOffline
    pushing = pushing.then(push)
    schedule()
  }

  const stopListening = connectivity.onChange(changed)

  return {
    current,
    async probe() {
      await deps.probe()
      return current()
    },
    changed,
    close() {
      closed = true
      stopListening()
      clearTimeout(timer)
      timer = undefined
    },
  }
}
