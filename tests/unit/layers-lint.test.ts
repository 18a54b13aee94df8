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
    // Inside the main process: storage below features, features below the root, the root below the glue.
    ['electron/main/services/storage/x.ts', "import { createCallCache } from '../cache'\nexport const x = createCallCache"],
    ['electron/main/services/cache/x.ts', "import { createMainServices } from '../root'\nexport const x = createMainServices"],
    ['electron/main/services/root/x.ts', "import { registerIpc } from '../../ipc'\nexport const x = registerIpc"],
    ['electron/main/services/cache/x.ts', "import { app } from 'electron'\nexport const x = app"],
    // Features reach each other, and the root and the glue reach features, only through index.ts.
    ['electron/main/services/data/x.ts', "import { exchange } from '../api/http'\nexport const x = exchange"],
    ['electron/main/services/root/x.ts', "import { createCallCache } from '../cache/call-cache'\nexport const x = createCallCache"],
    ['electron/main/x.ts', "import { exchange } from './services/api/http'\nexport const x = exchange"],
    ['electron/main/x.ts', "import { setAside } from './services/storage/durable-fs'\nexport const x = setAside"],
    // The demo server is the host's to hand in: no service imports it, and it imports no root.
    ['electron/main/services/connection/x.ts', "import { startSimulator } from '../../../simulator'\nexport const x = startSimulator"],
    ['electron/simulator/x.ts', "import { createMainServices } from '../main/services/root'\nexport const x = createMainServices"],
  ])('refuses %s importing across layers (%#)', async (file, code) => {
    expect(await layerErrors(file, code)).toHaveLength(1)
  })

  it.each([
    ['shared/x.ts', "import { z } from 'zod'\nexport const x = z"],
    ['electron/main/services/x.ts', "import { readFile } from 'node:fs'\nimport { z } from 'zod'\nexport const x = [readFile, z]"],
    ['electron/main/x.ts', "import { app } from 'electron'\nimport { createMainServices } from './services/root'\nexport const x = [app, createMainServices]"],
    ['electron/main/x.ts', "import { startSimulator } from '../simulator'\nexport const x = startSimulator"],
    ['electron/main/services/data/x.ts', "import { createApiClient } from '../api'\nimport { listNames } from '../storage'\nexport const x = [createApiClient, listNames]"],
    ['electron/main/services/api/x.ts', "import { exchange } from './http'\nexport const x = exchange"],
    ['electron/main/services/root/x.ts', "import { createCallCache } from '../cache'\nimport { createDispatcher } from './dispatcher'\nexport const x = [createCallCache, createDispatcher]"],
    ['electron/simulator/x.ts', "import { computeSignature } from '../main/services/api'\nexport const x = computeSignature"],
    ['renderer/src/x.ts', "import { ref } from 'vue'\nimport { CHANNELS } from '../../shared/ipc/channels'\nexport const x = [ref, CHANNELS]"],
  ])('allows %s importing downwards (%#)', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([])
  })
})
