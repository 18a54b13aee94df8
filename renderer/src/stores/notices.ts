// Messages main has for the reviewer once (e.g. a damaged file set aside and the last good state
// recovered): those found so far, then each pushed as it is found; kept until dismissed.
import { defineStore } from 'pinia'
import type { Notice } from '../../../shared/ipc/contract'
import { api } from '../api'

export const useNoticesStore = defineStore('notices', {
  state: (): { notices: Notice[] } => ({ notices: [] }),
  actions: {
    /** The notices so far, then each new one as main pushes it (the contract's notice event). */
    async load() {
      api.on('notice', (notice) => this.add(notice))
      for (const notice of await api.getNotices().catch(() => [])) this.add(notice)
    },
    add(notice: Notice) {
      if (!this.notices.some((n) => n.id === notice.id)) this.notices.push(notice)
    },
    dismiss(id: string) {
      this.notices = this.notices.filter((n) => n.id !== id)
    },
  },
})
