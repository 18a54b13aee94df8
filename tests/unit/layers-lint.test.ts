// The layer map is enforced by lint: prove the rule catches each kind of violation.
import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: root })

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message)
}

describe('layer rule', () => {
  it.each([
    ['shared/x.ts', "import { readFile } from 'node:fs'\nexport const x = readFile"],
    ['shared/x.ts', "import { api } from '../renderer/src/api'\nexport const x = api"],
    ['electron/main/services/x.ts', "import { app } from 'electron'\nexport const x = app"],
    ['electron/main/services/x.ts', "import Store from 'electron-store'\nexport const x = Store"],
    ['electron/main/services/x.ts', "import { registerIpc } from '../ipc'\nexport const x = registerIpc"],
    ['electron/preload/x.ts', "import { readFile } from 'node:fs'\nexport const x = readFile"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer"],
    ['renderer/src/x.ts', "import { exchange } from '../../electron/main/services/api/http'\nexport const x = exchange"],
  ])('refuses %s importing across layers (%#)', async (file, code) => {
    expect(await layerErrors(file, code)).toHaveLength(1)
  })

  it.each([
    ['shared/x.ts', "import { z } from 'zod'\nexport const x = z"],
    ['electron/main/services/x.ts', "import { readFile } from 'node:fs'\nimport { z } from 'zod'\nexport const x = [readFile, z]"],
    ['electron/main/x.ts', "import { app } from 'electron'\nimport { createDispatcher } from './services/dispatcher'\nexport const x = [app, createDispatcher]"],
    ['renderer/src/x.ts', "import { ref } from 'vue'\nimport { CHANNELS } from '../../shared/ipc/channels'\nexport const x = [ref, CHANNELS]"],
  ])('allows %s importing downwards (%#)', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([])
  })
})
