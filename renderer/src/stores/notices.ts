// Messages main has for the reviewer once (e.g. a damaged file set aside and the last good state
// recovered): kept until dismissed, never dropped silently.
import { defineStore } from 'pinia'
import type { Api } from '../../../shared/ipc/contract'
import { api } from '../api'

type Notice = Awaited<ReturnType<Api['getNotices']>>[number]

export const useNoticesStore = defineStore('notices', {
  state: (): { notices: Notice[] } => ({ notices: [] }),
  actions: {
    async load() {
      this.notices = await api.getNotices().catch(() => [])
    },
    dismiss(id: string) {
      this.notices = this.notices.filter((n) => n.id !== id)
    },
  },
})
