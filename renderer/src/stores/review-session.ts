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
import { useWorkspaceStore, type UndoEntry } from './workspace'
import type { Id } from '../../../shared/ids'

/** Seconds of a call's recording heard (played, not skipped over) that count as listening to it. */
export const LISTENED_SEC = 3

/** A short message the workspace shows for a moment (ToastMessage.vue words it). */
export type Toast = { seq: number } & (
  | { kind: 'undone'; entry: UndoEntry }
  | { kind: 'nothingToUndo' }
  | { kind: 'timingEditOff' }
)
type ToastContent = Toast extends infer T ? (T extends Toast ? Omit<T, 'seq'> : never) : never

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
  /** The filter form beyond the keyword box, shown or folded away (folded when the app starts; kept across tasks). */
  const filtersOpen = ref(false)

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
    if (command === 'undo') void undo()
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

  /** Timing edit mode: only in it do `,` `.` `;` move the current turn, so a stray key cannot. */
  const timingEdit = ref(false)

  /** The last thing said, for the toast; `seq` tells two equal messages apart. */
  const toast = ref<Toast | null>(null)
  let toastSeq = 0
  function say(content: ToastContent) {
    toast.value = { ...content, seq: ++toastSeq } as Toast
  }

  // The speed stays as the reviewer set it from call to call; the default speed applies at the
  // start and whenever it is changed in Settings.
  watch(
    () => settings.settings?.defaultSpeed,
    (speed) => {
      if (speed) player.setRate(speed)
    },
    { immediate: true },
  )
  // The track and "skip to the customer" are remembered across calls and restarts (in Settings):
  // read when the settings first arrive, then written on each change the reviewer makes. What was
  // last written is compared, not what main last answered: two quick switches both count.
  let remembered: { playbackTrack: AudioTrack; skipToCustomer: boolean } | null = null
  watch(
    () => settings.settings,
    (now) => {
      if (remembered || !now) return
      remembered = { playbackTrack: now.playbackTrack, skipToCustomer: now.skipToCustomer }
      player.preferredTrack = now.playbackTrack
      player.customerOnly = now.skipToCustomer
    },
    { immediate: true },
  )
  function remember(patch: { playbackTrack: AudioTrack } | { skipToCustomer: boolean }) {
    if (!remembered || Object.entries(patch).every(([key, value]) => remembered![key as keyof typeof remembered] === value)) return
    Object.assign(remembered, patch)
    void settings.update(patch).catch(() => {})
  }
  watch(() => player.preferredTrack, (playbackTrack) => remember({ playbackTrack }))
  watch(() => player.customerOnly, (skipToCustomer) => remember({ skipToCustomer }))

  /** Seconds of the open call heard so far: past LISTENED_SEC it counts as read. */
  let heard = 0

  async function open(id: Id | null, options: { play?: boolean } = {}) {
    if (id === null) return
    noneUngradedAfter.value = false
    timingEdit.value = false
    heard = 0
    flushNoteDraft()
    player.unload()
    timingStore.clear()
    await workspace.select(id)
    const current = workspace.detail
    // Another call was opened meanwhile: that open carries on, not this one.
    if (workspace.selectedId !== id || !current) return
    void player.open(id, { hasCustomerTrack: !!current.customerAudioUrl, autoplay: options.play })
    void timingStore.load(id)
    // Fetch the next call ahead so moving on is instant.
    const next = workspace.rows[workspace.selectedIndex + 1]
    if (next) workspace.prefetch(next.callRecordId)
  }

  const next = async () => open(await workspace.neighbour(1))
  const previous = async () => open(await workspace.neighbour(-1))
  /** `n` found no ungraded call after the open one: said, not silent. Cleared when a call opens. */
  const noneUngradedAfter = ref(false)
  async function nextUngraded(options: { play?: boolean } = {}) {
    const id = await workspace.nextUngraded()
    noneUngradedAfter.value = id === null
    await open(id, options)
  }

  /**
   * Grades the open call. With "after grading, open the next ungraded call and play it" on, a
   * grade (not a clearing) moves on, unless `stay` says otherwise: Shift+grade, or a grade given
   * while the note is being written. A grade that failed to save never moves on.
   */
  async function grade(level: IntentLevel | null, options: { stay?: boolean } = {}) {
    const id = workspace.selectedId
    if (id === null) return
    const saved = await workspace.saveGrade({ realIntentLevel: level })
    if (!saved || level === null || options.stay || !settings.settings?.advanceAfterGrade) return
    // Another call was opened meanwhile: the reviewer has moved on already.
    if (workspace.selectedId !== id) return
    await nextUngraded({ play: true })
  }

  /**
   * Undoes the last grade or note change (`u`, Ctrl+Z outside a text field), one step each time:
   * back on the call it was made on (reopened, on its page), and said in a toast.
   */
  async function undo() {
    const entry = workspace.undoable.pop()
    if (!entry) {
      say({ kind: 'nothingToUndo' })
      return
    }
    if (workspace.selectedId !== entry.callRecordId) {
      const listed = workspace.rows.some((row) => row.callRecordId === entry.callRecordId)
      if (!listed && entry.pageNum !== workspace.pageNum) await workspace.goToPage(entry.pageNum)
      await open(entry.callRecordId)
    }
    if (await workspace.undo(entry)) say({ kind: 'undone', entry })
    else workspace.undoable.push(entry)
  }

  function setTimingEdit(on: boolean) {
    timingEdit.value = on
  }
  /** A nudge key: acts in timing edit mode; outside it, says how to get there and moves nothing. */
  function nudgeKey(change: number | 'playhead') {
    if (timingEdit.value) nudge(change)
    else say({ kind: 'timingEditOff' })
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
  // Listening marks a call read: some seconds heard while playing, not a seek through it.
  watch(
    () => player.position,
    (position, before) => {
      const id = player.callRecordId
      if (!player.playing || id === null || id !== workspace.selectedId) return
      const step = position - before
      if (step > 0 && step <= 1.5) heard += step
      if (heard >= LISTENED_SEC) workspace.markRead(id)
    },
  )
  // Another task: the open call's recording goes.
  watch(
    () => workspace.jobId,
    () => player.unload(),
  )

  return {
    helpOpen,
    filtersOpen,
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
    undo,
    toast,
    timingEdit,
    setTimingEdit,
    nudgeKey,
    saveNote,
    noneUngradedAfter,
    leave,
    resume,
    seekTurn,
    nudge,
    resetTurn,
  }
})
