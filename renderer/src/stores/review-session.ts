// The review session around the open call: opening a call (in the one order that keeps a note, a
// recording or a timing from leaking into the next call), grading, moving on, the transcript's
// timings and the playback rules that follow them. The workspace view renders this and sends keys.
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { AudioTrack, MenuCommand } from '../../../shared/ipc/contract'
import { api } from '../api'
import { isTextField } from '../keyboard/shortcuts'
import type { IntentLevel } from '../../../shared/enums'
import { customerOnlyJump, skipSilenceJump } from '../timing/playback-rules'
import { estimateTurnTimings, turnIndexAt } from '../timing/turn-timing'
import { usePlayerStore } from './player'
import { useSettingsStore } from './settings'
import { useTimingStore } from './timing'
import { useWorkspaceStore } from './workspace'
import type { Id } from '../../../shared/ids'

export const useReviewSessionStore = defineStore('reviewSession', () => {
  const workspace = useWorkspaceStore()
  const player = usePlayerStore()
  const settings = useSettingsStore()
  const timingStore = useTimingStore()

  // The note being typed lives in its input (it is debounced there); the view hands over how to
  // save it now, so leaving a call never loses the last keystrokes.
  let flushNoteDraft: () => void = () => {}
  function setNoteFlush(flush: () => void) {
    flushNoteDraft = flush
  }

  /** The keyboard map overlay. */
  const helpOpen = ref(false)

  /**
   * Undo and redo act where the reviewer is: inside a text field on its text (the browser's own
   * history), elsewhere on the last grade change. The application menu takes Ctrl+Z before the
   * page sees it and sends its command here; in a plain browser the key itself comes here.
   */
  function runCommand(command: MenuCommand) {
    if (command === 'help') {
      helpOpen.value = true
      return
    }
    if (isTextField(document.activeElement)) {
      document.execCommand(command)
      return
    }
    if (command === 'undo') void workspace.undoLastGrade()
  }
  api.on('menu', ({ command }) => runCommand(command))

  const turns = computed(() => workspace.detail?.callDetailList ?? [])
  /** Timings from the recordings once main has them; until then the text-length estimate. */
  const timing = computed(() => {
    const measured = timingStore.answer
    if (measured && measured.callRecordId === workspace.selectedId && measured.turns.length === turns.value.length) {
      return { turns: measured.turns, estimated: measured.estimated, method: measured.method, regions: measured.regions }
    }
    const duration = player.duration || workspace.detail?.chatDuration || 0
    return { ...estimateTurnTimings(turns.value, duration), method: 'proportional' as const, regions: [] }
  })
  const currentTurn = computed(() =>
    player.status === 'ready' || player.position > 0 ? turnIndexAt(timing.value.turns, player.position) : -1,
  )

  async function open(id: Id | null) {
    if (id === null) return
    noneUngradedAfter.value = false
    flushNoteDraft()
    player.unload()
    timingStore.clear()
    await workspace.select(id)
    const current = workspace.detail
    // Another call was opened meanwhile: that open carries on, not this one.
    if (workspace.selectedId !== id || !current) return
    player.setRate(settings.settings?.defaultSpeed ?? player.rate)
    void player.open(id, { hasCustomerTrack: !!current.customerAudioUrl })
    void timingStore.load(id)
    // Fetch the next call ahead so moving on is instant.
    const next = workspace.rows[workspace.selectedIndex + 1]
    if (next) workspace.prefetch(next.callRecordId)
  }

  const next = async () => open(await workspace.neighbour(1))
  const previous = async () => open(await workspace.neighbour(-1))
  /** `n` found no ungraded call after the open one: said, not silent. Cleared when a call opens. */
  const noneUngradedAfter = ref(false)
  async function nextUngraded() {
    const id = await workspace.nextUngraded()
    noneUngradedAfter.value = id === null
    await open(id)
  }

  function grade(level: IntentLevel | null) {
    void workspace.saveGrade({ realIntentLevel: level })
  }

  function saveNote(note: string) {
    void workspace.saveGrade({ note })
  }

  /** Where the open call's recording stood when the workspace was left (Settings, Report). */
  let leftAt: { id: Id; position: number; track: AudioTrack } | null = null

  /** Leaving the workspace: the note saved, the recording stopped, its place kept. */
  function leave() {
    flushNoteDraft()
    leftAt = player.callRecordId === null ? null : { id: player.callRecordId, position: player.position, track: player.track }
    player.unload()
  }

  /** Back in the workspace: the call still open gets its recording again, ready where it was. */
  function resume() {
    const back = leftAt
    leftAt = null
    const current = workspace.detail
    if (!back || !current || workspace.selectedId !== back.id || player.status !== 'idle') return
    void player.open(back.id, { hasCustomerTrack: !!current.customerAudioUrl, track: back.track, startAt: back.position })
  }

  function seekTurn(step: 1 | -1) {
    const list = timing.value.turns
    const target = list[Math.max(0, Math.min(list.length - 1, currentTurn.value + step))]
    if (target) player.seek(target.start + 0.001)
  }

  /** Moves the current turn's start: by a step, or to the playhead. Estimates are not corrected. */
  function nudge(change: number | 'playhead') {
    const turn = timing.value.turns[currentTurn.value]
    if (!turn || timing.value.method === 'proportional') return
    const start = change === 'playhead' ? player.position : turn.start + change
    void timingStore.correct(turn.callDetailId, Math.round(start * 1000) / 1000)
  }

  function resetTurn(callDetailId: Id) {
    void timingStore.correct(callDetailId, null)
  }

  // "Skip silence" and "customer only" steer playback as the position moves (every frame while
  // playing), so the turns with their speakers are made once per change of timings, not per frame.
  const timedTurns = computed(() => timing.value.turns.map((turn, i) => ({ ...turn, speaker: turns.value[i]?.type ?? 'ROBOT' })))
  watch(
    () => player.position,
    (position) => {
      if (!player.playing || !(player.customerOnly || player.skipSilence)) return
      const timed = timedTurns.value
      const jump = player.customerOnly ? customerOnlyJump(timed, position) : skipSilenceJump(timed, position)
      if (jump === 'stop') player.pause()
      else if (jump) player.seek(jump.seek)
    },
  )
  // Another task: the open call's recording goes.
  watch(
    () => workspace.jobId,
    () => player.unload(),
  )

  return {
    helpOpen,
    runCommand,
    turns,
    timing,
    currentTurn,
    setNoteFlush,
    open,
    next,
    previous,
    nextUngraded,
    grade,
    saveNote,
    noneUngradedAfter,
    leave,
    resume,
    seekTurn,
    nudge,
    resetTurn,
  }
})
