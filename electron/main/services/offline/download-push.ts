// The offline downloader, pushing each task's status to the page as it progresses: at most one
// `downloadStatus` event per task every PUSH_INTERVAL_MS (a big task completes several steps
// a second), and every state change (started, cancelled, done) at once, so the last event a
// page receives is always the final state.
import type { Emit } from '../events'
import { createOfflineDownloader, type OfflineDownloader, type OfflineDownloaderDeps } from './offline-downloader'
import type { Id } from '../../../../shared/ids'

export const PUSH_INTERVAL_MS = 250

export function createPushingDownloader(
  emit: Emit,
  deps: Omit<OfflineDownloaderDeps, 'onChange'>,
  intervalMs = PUSH_INTERVAL_MS,
): OfflineDownloader {
  const lastPush = new Map<Id, number>()
  const pending = new Map<Id, NodeJS.Timeout>()
  let closed = false

  function push(robotCallJobId: Id): void {
    clearTimeout(pending.get(robotCallJobId))
    pending.delete(robotCallJobId)
    if (closed) return
    lastPush.set(robotCallJobId, Date.now())
    emit('downloadStatus', downloader.status(robotCallJobId))
  }

  function changed(robotCallJobId: Id, stateChanged: boolean): void {
    if (closed) return
    if (stateChanged) return push(robotCallJobId)
    // A push is already due: it reads the status as it is then, this change included.
    if (pending.has(robotCallJobId)) return
    const wait = intervalMs - (Date.now() - (lastPush.get(robotCallJobId) ?? -Infinity))
    if (wait <= 0) return push(robotCallJobId)
    const timer = setTimeout(() => push(robotCallJobId), wait)
    timer.unref()
    pending.set(robotCallJobId, timer)
  }

  const downloader = createOfflineDownloader({ ...deps, onChange: changed })
  return {
    ...downloader,
    async close() {
      // Quitting: the page goes with it, and 'paused' is what the next start reports.
      closed = true
      for (const timer of pending.values()) clearTimeout(timer)
      pending.clear()
      await downloader.close()
    },
  }
}
