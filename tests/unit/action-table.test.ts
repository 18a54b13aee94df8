// The one table of actions the help dialog and the command palette list: its keys are read from the
// keyboard map itself, so a key the map gains shows up in both, and an action without a label fails here.
import { beforeAll, describe, expect, it } from 'vitest'

// The keyboard map asks whether a key came from a text field: enough of the DOM's classes for that.
beforeAll(() => {
  class FakeElement {
    isContentEditable = false
    matches() {
      return false
    }
  }
  class FakeInput extends FakeElement {
    type = 'text'
  }
  Object.assign(globalThis, { HTMLElement: FakeElement, HTMLInputElement: FakeInput, HTMLTextAreaElement: class extends FakeElement {}, HTMLSelectElement: class extends FakeElement {} })
})

const load = async () => {
  const table = await import('../../renderer/src/keyboard/action-table')
  const shortcuts = await import('../../renderer/src/keyboard/shortcuts')
  return { ...table, ...shortcuts }
}

describe('the table of actions', () => {
  it('has a line for every action a key does', async () => {
    const { actionTable, keysByAction } = await load()
    const ids = new Set(actionTable().map((entry) => entry.id))
    for (const id of keysByAction().keys()) expect(ids, `no line for ${id}`).toContain(id)
  })

  it('gives every action its keys as the keyboard map has them', async () => {
    const { actionTable } = await load()
    const keys = Object.fromEntries(actionTable().map((entry) => [entry.id, entry.keys]))
    expect(keys).toMatchObject({
      next: ['j', '↓'],
      previous: ['k', '↑'],
      togglePlay: ['Space'],
      previousTurn: ['Shift+←'],
      'grade:A': ['a', '1'],
      'grade:F': ['f', '6'],
      'grade:clear': ['0', 'Backspace'],
      // Shift and a grade key grades and stays; Shift+1 is read by its key, whatever sign it types.
      'gradeStay:A': ['Shift+A', 'Shift+1'],
      'gradeStay:F': ['Shift+F', 'Shift+6'],
      undo: ['u', 'Ctrl+Z'],
      timingEdit: ['Shift+T'],
      nudgeEarlier: [','],
      markTurnStart: [';'],
      focusSearch: ['/'],
      help: ['?'],
      escape: ['Esc'],
      settings: ['Ctrl+,'],
      palette: ['Ctrl+K'],
      report: ['Shift+R'],
      download: ['Shift+O'],
      focusFilters: ['Shift+S'],
      resetFilters: ['Shift+X'],
    })
    for (const entry of actionTable()) expect(entry.keys.length, `${entry.id} has no key`).toBeGreaterThan(0)
  })

  it('runs the palette and Settings from a text field, where Shift and a letter are typed', async () => {
    const { actionFor } = await load()
    const field = new (globalThis as unknown as { HTMLInputElement: new () => EventTarget }).HTMLInputElement()
    const key = (key: string, more: Partial<KeyboardEvent> = {}) =>
      actionFor({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target: field, ...more } as KeyboardEvent)
    expect(key('k', { ctrlKey: true })).toBe('palette')
    expect(key('k', { metaKey: true })).toBe('palette')
    expect(key(',', { ctrlKey: true })).toBe('settings')
    expect(key('R', { shiftKey: true })).toBeNull()
    expect(key('r')).toBeNull()
  })
})
