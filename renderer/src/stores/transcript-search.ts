// Search inside transcripts, on the page's side: the words being searched (the workspace lists the
// calls whose transcript has them, main searches the cache), the open call's turns that hold them,
// and landing there: "/", words, Enter opens the first call found with its recording standing at
// the first turn that has them, so Space plays it. Any call opened while a search is on does the same.
import { defineStore } from 'pinia'
import { computed, watch } from 'vue'
import type { CallFilters } from '../../../shared/ipc/contract'
import type { CallSort, LocalFilters } from '../../../shared/local-filters'
import { findMatches, parseTranscriptQuery } from '../../../shared/transcript-match'
import { usePlayerStore } from './player'
import { useReviewSessionStore } from './review-session'
import { useWorkspaceStore } from './workspace'
import type { Id } from '../../../shared/ids'

export const useTranscriptSearchStore = defineStore('transcriptSearch', () => {
  const workspace = useWorkspaceStore()
  const session = useReviewSessionStore()
  const player = usePlayerStore()

  const query = computed(() => parseTranscriptQuery(workspace.transcript))
  /** Indexes of the open call's turns holding any of the words. */
  const hitTurns = computed(() => {
    const q = query.value
    if (!q) return []
    return session.turns.flatMap((turn, index) => (findMatches(turn.text, q).length ? [index] : []))
  })

  /** Applies the filters with the words to search (null: none); a search opens its first call. */
  async function apply(filters: CallFilters, local: LocalFilters, sort: CallSort, transcript: string | null | undefined) {
    await workspace.applyFilters(filters, local, sort, transcript)
    const first = workspace.rows[0]
    if (transcript && workspace.transcript === transcript && first) await session.open(first.callRecordId)
  }

  /** Where the open call's recording was put at its first hit, so a later, better timing can move it. */
  let landed: { id: Id; at: number } | null = null
  function land() {
    const id = workspace.selectedId
    const first = hitTurns.value[0]
    const start = first === undefined ? undefined : session.timing.turns[first]?.start
    if (id === null || start === undefined || player.callRecordId !== id || player.status !== 'ready') return
    // Only a recording still where it opened (or where this put it): never one the reviewer moved.
    const untouched = landed?.id === id ? Math.abs(player.position - landed.at) < 0.01 : player.position < 0.05
    if (!untouched || (landed?.id === id && player.playing)) return
    const at = start + 0.001
    player.seek(at)
    landed = { id, at }
  }
  watch(() => [player.status, player.callRecordId], land)
  // The timings found in the recordings replace the estimate: a recording still at the estimated
  // place moves to the measured one.
  watch(() => session.timing.turns, land)

  return { query, hitTurns, apply }
})
