// Who carries out which action: the application (Settings, the report, the palette) in any view,
// the review workspace the rest while it is open. Keys and the command palette both run actions
// through here, so the palette offers exactly what can be done where the reviewer is.
import { defineStore } from 'pinia'
import { markRaw, ref, shallowReactive } from 'vue'
import type { ShortcutAction } from '../keyboard/shortcuts'

export interface CommandRunner {
  /** Whether it carries out this action now. */
  handles: (action: ShortcutAction) => boolean
  run: (action: ShortcutAction) => unknown
}

export const useCommandsStore = defineStore('commands', () => {
  const runners = shallowReactive(new Map<string, CommandRunner>())
  /** The command palette is open: the keys are its own. */
  const paletteOpen = ref(false)

  /** Registers what `owner` carries out; returns how to stop. */
  function provide(owner: string, runner: CommandRunner): () => void {
    runners.set(owner, markRaw(runner))
    return () => {
      if (runners.get(owner)?.run === runner.run) runners.delete(owner)
    }
  }

  function runnerOf(action: ShortcutAction): CommandRunner | undefined {
    return [...runners.values()].find((runner) => runner.handles(action))
  }

  const canRun = (action: ShortcutAction) => runnerOf(action) !== undefined

  function run(action: ShortcutAction): unknown {
    return runnerOf(action)?.run(action)
  }

  return { paletteOpen, provide, canRun, run }
})
