// The review session's keyboard map. Keys typed into a text field belong to the field; only
// Escape leaves it (Ctrl+K and Ctrl+, type nothing, and work there too). The help dialog and the
// command palette list what this map does (action-table.ts): a key added here shows up there.

import type { IntentLevel } from '../../../shared/enums'

export type ShortcutAction =
  | 'next'
  | 'previous'
  | 'togglePlay'
  | 'seekBack'
  | 'seekForward'
  | 'previousTurn'
  | 'nextTurn'
  | 'slower'
  | 'faster'
  | 'switchTrack'
  // `stay`: Shift+grade grades and stays on the call, whatever the grade-and-advance setting.
  | { grade: IntentLevel | null; stay?: boolean }
  | 'nudgeEarlier'
  | 'nudgeLater'
  | 'markTurnStart'
  | 'focusNote'
  | 'nextUngraded'
  | 'focusSearch'
  | 'taskPicker'
  | 'help'
  // The views, the filters and the command palette (#17).
  | 'settings'
  | 'report'
  | 'download'
  | 'focusFilters'
  | 'resetFilters'
  | 'palette'
  | 'undo'
  | 'escape'
  | 'timingEdit'

const GRADE_KEYS: Record<string, IntentLevel> = {
  a: 'A', b: 'B', c: 'C', d: 'D', e: 'E', f: 'F',
  '1': 'A', '2': 'B', '3': 'C', '4': 'D', '5': 'E', '6': 'F',
}

export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'range', 'reset'].includes(target.type)
  }
  return false
}

/**
 * A control the reviewer moved to with Tab (shown with a focus ring): Space is its own there, a
 * box ticks, a button presses. One the mouse last clicked keeps the focus without the ring, and
 * Space pressing it again (the next page, Settings reopened) is never meant: that is the player's.
 */
function reachedByKeyboard(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.matches('button, input, select, textarea, a[href], summary') && target.matches(':focus-visible')
}

/** The action a key press asks for, or null when it is not a shortcut here. */
export function actionFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.key === 'Escape') return 'escape'
  // Ctrl+Z (⌘Z) outside a text field undoes the last grade; inside one it is the field's own.
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'z') {
    return isTextField(event.target) ? null : 'undo'
  }
  // Ctrl+K (the command palette) and Ctrl+, (Settings) type nothing: inside a text field too.
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
    if (event.key.toLowerCase() === 'k') return 'palette'
    if (event.key === ',') return 'settings'
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return null
  if (isTextField(event.target)) return null
  if (event.shiftKey) {
    if (event.key === 'ArrowLeft') return 'previousTurn'
    if (event.key === 'ArrowRight') return 'nextTurn'
    if (event.key === '?') return 'help'
    // Shift and a letter for the views and filters: a stray plain letter near the grade keys
    // (a–f) would leave the call; Shift+A…F (and Shift+1…6) grade and stay, Shift+T is timing edit.
    if (event.key.toUpperCase() === 'R') return 'report'
    if (event.key.toUpperCase() === 'O') return 'download'
    if (event.key.toUpperCase() === 'S') return 'focusFilters'
    if (event.key.toUpperCase() === 'X') return 'resetFilters'
    // Shift+T: timing edit mode, in which , . ; move the current turn (Escape leaves it).
    if (event.key.toLowerCase() === 't') return 'timingEdit'
    // A letter by its character; a digit by its key, since Shift+1 types "!" on most layouts.
    const shifted = /^[a-f]$/i.test(event.key) ? GRADE_KEYS[event.key.toLowerCase()] : GRADE_KEYS[event.code.replace(/^Digit/, '')]
    return shifted ? { grade: shifted, stay: true } : null
  }
  switch (event.key) {
    case 'j':
    case 'ArrowDown':
      return 'next'
    case 'k':
    case 'ArrowUp':
      return 'previous'
    case ' ':
      return reachedByKeyboard(event.target) ? null : 'togglePlay'
    case 'ArrowLeft':
      return 'seekBack'
    case 'ArrowRight':
      return 'seekForward'
    case '[':
      return 'slower'
    case ']':
      return 'faster'
    case 't':
      return 'switchTrack'
    case ',':
      return 'nudgeEarlier'
    case '.':
      return 'nudgeLater'
    case ';':
      return 'markTurnStart'
    case '0':
    case 'Backspace':
      return { grade: null }
    case 'm':
      return 'focusNote'
    case 'n':
      return 'nextUngraded'
    case 'u':
      return 'undo'
    case '/':
      return 'focusSearch'
    case 'g':
      return 'taskPicker'
    case '?':
      return 'help'
  }
  const grade = GRADE_KEYS[event.key]
  return grade ? { grade } : null
}
