// The repository's rendered voice bank, for the command lines and tests that run from the source
// tree. The app is told where its installed copy is by its host (electron/main/index.ts).
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { VOICE_INDEX_FILE } from '../../electron/simulator'

export const REPO_VOICE_DIR = fileURLToPath(new URL('../../resources/voice', import.meta.url))

export function findVoiceDir(explicit?: string): string {
  const dir = explicit ? resolve(explicit) : REPO_VOICE_DIR
  if (!existsSync(join(dir, VOICE_INDEX_FILE))) throw new Error(`voice bank not found in ${dir}`)
  return dir
}
