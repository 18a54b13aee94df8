// Components render and emit; only stores talk to main. Lint enforces it: prove it catches a
// component that reaches the bridge, and leaves a store doing the same alone.
import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: root })
const BRIDGE_RULES = new Set(['no-restricted-imports', 'no-restricted-properties'])

async function bridgeErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) })
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && BRIDGE_RULES.has(m.ruleId)).map((m) => m.message)
}

const vue = (script: string) => `<script setup lang="ts">\n${script}\n</script>\n\n<template>\n  <p>{{ x }}</p>\n</template>\n`

describe('components stay off the bridge', () => {
  it.each([
    ['renderer/src/components/X.vue', "import { api } from '../api'\nconst x = api"],
    ['renderer/src/components/X.vue', "import { api } from '../api.ts'\nconst x = api"],
    ['renderer/src/App.vue', "import { api } from './api'\nconst x = api"],
    ['renderer/src/components/X.vue', "import { createApi } from '../../../shared/ipc/contract'\nconst x = createApi"],
    ['renderer/src/components/X.vue', "import { BRIDGE_GLOBAL } from '../../../shared/ipc/channels'\nconst x = BRIDGE_GLOBAL"],
    ['renderer/src/components/X.vue', 'const x = window.callReviewBridge'],
  ])('refuses %s reaching the bridge (%#)', async (file, script) => {
    expect(await bridgeErrors(file, vue(script))).toHaveLength(1)
  })

  it.each([
    ['renderer/src/components/X.vue', "import { useNoticesStore } from '../stores/notices'\nconst x = useNoticesStore()"],
    ['renderer/src/components/X.vue', "import { PAGE_SIZES } from '../../../shared/ipc/contract'\nconst x = PAGE_SIZES"],
  ])('allows %s using stores and the contract’s values (%#)', async (file, script) => {
    expect(await bridgeErrors(file, vue(script))).toEqual([])
  })

  it('leaves stores free to call the api', async () => {
    const code = "import { api } from '../api'\nexport const x = api\n"
    expect(await bridgeErrors('renderer/src/stores/x.ts', code)).toEqual([])
  })
})
