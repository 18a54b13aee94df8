// The one table of actions: each action with its label, its section and its keys. The help
// dialog (?) and the command palette (Ctrl+K) both list it. The keys are not written down here:
// they are read from the keyboard map itself (shortcuts.ts: actionFor), by asking it what every key
// a keyboard can send does, so what the lists say is what the keys do.
import type { IntentLevel } from '../../../shared/enums'
import type { MessageKey } from '../i18n/messages'
import { actionFor, type ShortcutAction } from './shortcuts'

/** An action by name: a grade's level in its name (grade:A), a grade that stays on the call
 *  gradeStay:A, a cleared grade grade:clear. */
export type ActionId = Exclude<ShortcutAction, object> | `grade:${IntentLevel}` | `gradeStay:${IntentLevel}` | 'grade:clear'

export type ActionSection = 'calls' | 'playback' | 'grading' | 'timing' | 'views'

/** Actions the application itself carries out, in any view (the others are the review workspace's). */
export const APP_ACTIONS: readonly ShortcutAction[] = ['settings', 'report', 'palette']

interface ActionSpec {
  label: MessageKey
  params?: Record<string, string>
  section: ActionSection
  /** Listed in the palette (the palette itself and Escape are not things to run from it). */
  inPalette?: false
}

const grade = (level: IntentLevel): ActionSpec => ({ label: 'action.grade', params: { level }, section: 'grading' })
const gradeStay = (level: IntentLevel): ActionSpec => ({ label: 'action.gradeStay', params: { level }, section: 'grading' })

// Every action, in the order the lists show them. A key the map gains for an action it did not
// have needs its line here: the type says so, and so does a unit test for any other shape.
const SPECS: { [id in ActionId]: ActionSpec } = {
  next: { label: 'action.next', section: 'calls' },
  previous: { label: 'action.previous', section: 'calls' },
  nextUngraded: { label: 'help.nextUngraded', section: 'calls' },
  focusSearch: { label: 'action.focusSearch', section: 'calls' },
  taskPicker: { label: 'help.tasks', section: 'calls' },
  togglePlay: { label: 'action.togglePlay', section: 'playback' },
  seekBack: { label: 'action.seekBack', section: 'playback' },
  seekForward: { label: 'action.seekForward', section: 'playback' },
  previousTurn: { label: 'action.previousTurn', section: 'playback' },
  nextTurn: { label: 'action.nextTurn', section: 'playback' },
  slower: { label: 'action.slower', section: 'playback' },
  faster: { label: 'action.faster', section: 'playback' },
  switchTrack: { label: 'help.track', section: 'playback' },
  'grade:A': grade('A'),
  'grade:B': grade('B'),
  'grade:C': grade('C'),
  'grade:D': grade('D'),
  'grade:E': grade('E'),
  'grade:F': grade('F'),
  'gradeStay:A': gradeStay('A'),
  'gradeStay:B': gradeStay('B'),
  'gradeStay:C': gradeStay('C'),
  'gradeStay:D': gradeStay('D'),
  'gradeStay:E': gradeStay('E'),
  'gradeStay:F': gradeStay('F'),
  'grade:clear': { label: 'help.clearGrade', section: 'grading' },
  undo: { label: 'help.undo', section: 'grading' },
  focusNote: { label: 'help.note', section: 'grading' },
  timingEdit: { label: 'help.timingEdit', section: 'timing' },
  nudgeEarlier: { label: 'action.nudgeEarlier', section: 'timing' },
  nudgeLater: { label: 'action.nudgeLater', section: 'timing' },
  markTurnStart: { label: 'help.markStart', section: 'timing' },
  settings: { label: 'action.settings', section: 'views' },
  report: { label: 'action.report', section: 'views' },
  download: { label: 'action.download', section: 'views' },
  focusFilters: { label: 'action.focusFilters', section: 'views' },
  resetFilters: { label: 'action.resetFilters', section: 'views' },
  help: { label: 'action.help', section: 'views' },
  palette: { label: 'action.palette', section: 'views', inPalette: false },
  escape: { label: 'action.escape', section: 'views', inPalette: false },
}

export const SECTIONS: readonly ActionSection[] = ['calls', 'playback', 'grading', 'timing', 'views']

export function actionId(action: ShortcutAction): ActionId {
  if (typeof action !== 'object') return action
  if (action.stay && action.grade) return `gradeStay:${action.grade}`
  return `grade:${action.grade ?? 'clear'}`
}

function actionOf(id: ActionId): ShortcutAction {
  if (id.startsWith('gradeStay:')) return { grade: id.slice('gradeStay:'.length) as IntentLevel, stay: true }
  if (!id.startsWith('grade:')) return id as Exclude<ShortcutAction, object>
  const level = id.slice('grade:'.length)
  return { grade: level === 'clear' ? null : (level as IntentLevel) }
}

/** A key as a keyboard sends it (its character, and the physical key), and how the lists write it. */
interface Probe {
  key: string
  code: string
  shiftKey: boolean
  ctrlKey: boolean
  label: string
}

const NAMED: Record<string, string> = {
  ' ': 'Space',
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Enter: 'Enter',
  Tab: 'Tab',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`F${i + 1}`, `F${i + 1}`])),
}

/** The physical keys of the signs on a US keyboard, unshifted and shifted alike. */
const SIGN_CODES: Record<string, string> = {
  '`': 'Backquote', '~': 'Backquote', '-': 'Minus', _: 'Minus', '=': 'Equal', '+': 'Equal',
  '[': 'BracketLeft', '{': 'BracketLeft', ']': 'BracketRight', '}': 'BracketRight', '\\': 'Backslash', '|': 'Backslash',
  ';': 'Semicolon', ':': 'Semicolon', "'": 'Quote', '"': 'Quote', ',': 'Comma', '<': 'Comma', '.': 'Period', '>': 'Period',
  '/': 'Slash', '?': 'Slash',
}
/** The signs above the digits, Shift+1 to Shift+0. */
const SHIFTED_DIGITS = '!@#$%^&*()'

function codeOf(key: string): string {
  if (/^[a-z]$/i.test(key)) return `Key${key.toUpperCase()}`
  if (/^\d$/.test(key)) return `Digit${key}`
  const digit = SHIFTED_DIGITS.indexOf(key)
  if (digit >= 0) return `Digit${(digit + 1) % 10}`
  return SIGN_CODES[key] ?? key
}

/** Every key a (US) keyboard sends alone, with Shift, with Ctrl and with Ctrl+Shift, in the order the lists show keys. */
function probes(): Probe[] {
  const letters = [...'abcdefghijklmnopqrstuvwxyz']
  const plain = [...letters, ...'0123456789', ...'`-=[]\\;\',./']
  const named = Object.keys(NAMED)
  const out: Probe[] = []
  const add = (key: string, shiftKey: boolean, ctrlKey: boolean, label: string) => out.push({ key, code: codeOf(key), shiftKey, ctrlKey, label })
  for (const key of plain) add(key, false, false, key)
  for (const key of named) add(key, false, false, NAMED[key]!)
  // With Shift a letter comes as its capital, a digit or sign as the sign above it ("?" is Shift+/);
  // a digit's sign differs between layouts, so it is written by its digit (Shift+1).
  for (const letter of letters) add(letter.toUpperCase(), true, false, `Shift+${letter.toUpperCase()}`)
  for (const [i, key] of [...SHIFTED_DIGITS].entries()) add(key, true, false, `Shift+${(i + 1) % 10}`)
  for (const key of [...'~_+{}|:"<>?']) add(key, true, false, key)
  for (const key of named) add(key, true, false, `Shift+${NAMED[key]!}`)
  for (const key of plain) add(key, false, true, `Ctrl+${key.toUpperCase()}`)
  for (const letter of letters) add(letter.toUpperCase(), true, true, `Ctrl+Shift+${letter.toUpperCase()}`)
  return out
}

/** What the keyboard map does with one probe, outside any text field. */
function probe({ key, code, shiftKey, ctrlKey }: Probe): ShortcutAction | null {
  return actionFor({ key, code, shiftKey, ctrlKey, altKey: false, metaKey: false, target: null } as unknown as KeyboardEvent)
}

export interface ActionEntry extends ActionSpec {
  id: ActionId
  action: ShortcutAction
  /** The keys that do it, as the lists write them (j, ↓, Shift+R, Ctrl+K). */
  keys: string[]
}

/** The keys the map has for each action, found by probing it; ids the table does not know are kept too (a unit test fails on them). */
export function keysByAction(): Map<string, string[]> {
  const found = new Map<string, string[]>()
  const plainAction = new Map<string, string>()
  for (const p of probes()) {
    const action = probe(p)
    if (!action) continue
    const id: string = actionId(action)
    // A modifier on a key that does the same alone (Shift+Esc) is not another key for it.
    if (p.ctrlKey || p.shiftKey) {
      if (plainAction.get(p.key) === id || plainAction.get(p.key.toLowerCase()) === id) continue
    } else plainAction.set(p.key, id)
    const keys = found.get(id) ?? []
    if (!keys.includes(p.label)) keys.push(p.label)
    found.set(id, keys)
  }
  return found
}

let table: ActionEntry[] | null = null

/** Every action with its label, section and keys, in the lists' order. */
export function actionTable(): ActionEntry[] {
  if (!table) {
    const keys = keysByAction()
    table = (Object.entries(SPECS) as [ActionId, ActionSpec][]).map(([id, spec]) => ({ ...spec, id, action: actionOf(id), keys: keys.get(id) ?? [] }))
  }
  return table
}
