// "Download for offline" of the open task: its status from main, and the actions on it. Main
// pushes the status as the download runs (the contract's downloadStatus event); nothing polls.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DownloadStatusAnswer } from '../../../shared/ipc/contract'
import { api } from '../api'
import { useWorkspaceStore } from './workspace'
import type { Id } from '../../../shared/ids'

export const useDownloadsStore = defineStore('downloads', () => {
  const workspace = useWorkspaceStore()
  const status = ref<DownloadStatusAnswer | null>(null)
  const error = ref<unknown>(null)

  // The open task's progress as main pushes it; other tasks' downloads go on unseen.
  api.on('downloadStatus', (pushed) => {
    if (pushed.robotCallJobId === workspace.jobId) status.value = pushed
  })

  /** Another task is open: its status once; what changes after that is pushed. */
  async function follow() {
    status.value = null
    if (workspace.jobId === null) return
    const jobId = workspace.jobId
    try {
      const answer = await api.getDownloadStatus({ robotCallJobId: jobId })
      // A push that came meanwhile is newer than this answer.
      if (workspace.jobId === jobId && status.value === null) status.value = answer
    } catch (e) {
      error.value = e
    }
  }

  async function act(action: (jobId: Id) => Promise<DownloadStatusAnswer>) {
    if (workspace.jobId === null) return
    error.value = null
    try {
      status.value = await action(workspace.jobId)
    } catch (e) {
      error.value = e
    }
  }
  const start = (onlyFilter: boolean) =>
    act((robotCallJobId) => api.startDownload({ robotCallJobId, filters: onlyFilter ? workspace.filters : undefined }))
  const cancel = () => act((robotCallJobId) => api.cancelDownload({ robotCallJobId }))
  const retry = () => act((robotCallJobId) => api.retryDownloadFailures({ robotCallJobId }))

  return { status, error, follow, start, cancel, retry }
})
