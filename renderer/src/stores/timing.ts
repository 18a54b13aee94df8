// Turn timings of the open call, as main inferred them from the recordings (or estimated).
import { defineStore } from 'pinia'
import type { TurnTimingsAnswer } from '../../../shared/ipc/contract'
import { api } from '../api'
import type { Id } from '../../../shared/ids'

interface State {
  callRecordId: Id | null
  answer: TurnTimingsAnswer | null
  error: unknown
}

export const useTimingStore = defineStore('timing', {
  state: (): State => ({ callRecordId: null, answer: null, error: null }),
  actions: {
    async load(callRecordId: Id) {
      this.callRecordId = callRecordId
      this.answer = null
      this.error = null
      try {
        const answer = await api.getTurnTimings({ callRecordId })
        if (this.callRecordId === callRecordId) this.answer = answer
      } catch (error) {
        if (this.callRecordId === callRecordId) this.error = error
      }
    },
    /** Moves a turn's start (null puts it back where the engine found it). */
    async correct(callDetailId: Id, start: number | null) {
      const callRecordId = this.callRecordId
      if (callRecordId === null) return
      try {
        const answer = await api.correctTurnStart({ callRecordId, callDetailId, start: start === null ? null : Math.max(0, start) })
        if (this.callRecordId === callRecordId) this.answer = answer
      } catch (error) {
        this.error = error
      }
    },
    clear() {
      this.$reset()
    },
  },
})
