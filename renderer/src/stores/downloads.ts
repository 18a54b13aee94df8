// "Download for offline" of the open task: its status from main, and the actions on it.
// While a download runs the status is polled, here and only here (startPolling/stopPolling).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DownloadStatusAnswer } from '../../../shared/ipc/contract'
import { api } from '../api'
import { useWorkspaceStore } from './workspace'

export const useDownloadsStore = defineStore('downloads', () => {
  const workspace = useWorkspaceStore()
  const status = ref<DownloadStatusAnswer | null>(null)
  const error = ref<unknown>(null)
  let poll: ReturnType<typeof setInterval> | undefined

  async function refresh(): Promise<DownloadStatusAnswer | null> {
    if (workspace.jobId === null) return null
    try {
      status.value = await api.getDownloadStatus({ robotCallJobId: workspace.jobId })
    } catch (e) {
      error.value = e
    }
    if (status.value?.state !== 'running') stopPolling()
    return status.value
  }
  function startPolling() {
    stopPolling()
    poll = setInterval(() => void refresh(), 500)
  }
  function stopPolling() {
    clearInterval(poll)
    poll = undefined
  }
  /** Another task is open: its own status, followed if it is running. */
  async function follow() {
    status.value = null
    if ((await refresh())?.state === 'running') startPolling()
  }

  async function act(action: (jobId: number) => Promise<DownloadStatusAnswer>) {
    if (workspace.jobId === null) return
    error.value = null
    try {
      status.value = await action(workspace.jobId)
      if (status.value.state === 'running') startPolling()
    } catch (e) {
      error.value = e
    }
  }
  const start = (onlyFilter: boolean) =>
    act((robotCallJobId) => api.startDownload({ robotCallJobId, filters: onlyFilter ? workspace.filters : undefined }))
  const cancel = () => act((robotCallJobId) => api.cancelDownload({ robotCallJobId }))
  const retry = () => act((robotCallJobId) => api.retryDownloadFailures({ robotCallJobId }))

  return { status, error, follow, startPolling, stopPolling, start, cancel, retry }
})
