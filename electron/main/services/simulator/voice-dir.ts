// Finds resources/voice: given explicitly, under the working directory (the repository when run
// from it), beside a packaged app's resources, or up from this module's own folder (source
// tree or bundled output).
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { VOICE_INDEX_FILE } from './voice-bank'

export function voiceDirCandidates(explicit?: string): string[] {
  if (explicit) return [resolve(explicit)]
  const candidates = [join(process.cwd(), 'resources', 'voice')]
  // Electron sets process.resourcesPath in a packaged app; plain Node does not.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath
  if (resourcesPath) candidates.push(join(resourcesPath, 'voice'), join(resourcesPath, 'resources', 'voice'))
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let up = 0; up < 6; up++) {
    candidates.push(join(dir, 'resources', 'voice'))
    dir = dirname(dir)
  }
  return candidates
}

export function findVoiceDir(explicit?: string): string {
  const candidates = voiceDirCandidates(explicit)
  const found = candidates.find((dir) => existsSync(join(dir, VOICE_INDEX_FILE)))
  if (!found) throw new Error(`voice bank not found (looked in ${candidates.join(', ')})`)
  return found
}
