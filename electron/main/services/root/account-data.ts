// Signing out with "remove this account's data": everything the account left on this computer
// goes — its key-value stores (cached calls, jobs, timings, place, downloads, set-aside copies),
// its grade folder and its recordings — and nothing of another account or of the demo.
import { readdirSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { recordingFileName } from '../audio'
import { isDetailStoreFile, recordingsOfDetailStore } from '../cache'
import { createWriterLock } from '../review'
import { listNames, profilePaths, syncDir } from '../storage'

export interface RemovedData {
  tasks: number
  grades: number
  calls: number
  recordings: number
}

/** Whether the profile holds any account's data (its stores or its grade folder), as opposed to
 *  the demo's only: checked once at start, before the settings are read. */
export function accountDataExists(profileDir: string): boolean {
  const names = (dir: string) => {
    try {
      return readdirSync(dir)
    } catch {
      return []
    }
  }
  const ofAccount = (name: string) => name.startsWith('acct-')
  return names(profileDir).some(ofAccount) || names(profilePaths(profileDir).reviewsDir('')).some(ofAccount)
}

/**
 * Removes the account `scope`'s data. The caller has closed the account's services first; the
 * grade folder's writer lock is taken here, so a second program writing those grades (the app
 * twice) makes this fail with kind 'locked' before anything is deleted.
 */
export async function removeAccountData(profileDir: string, scope: string, graded: { tasks: number; grades: number }): Promise<RemovedData> {
  const paths = profilePaths(profileDir)
  const lock = createWriterLock(paths.reviewsDir(scope))
  await lock.acquire()

  const names = await listNames(profileDir)
  const storeNames = names.filter((name) => name.startsWith(`${scope}-`))
  const detailStores = names.filter(isDetailStoreFile)
  // Recordings named by their address: one the demo or another account also cached (the same
  // server) stays for them.
  const ours = new Set<string>()
  const theirs = new Set<string>()
  let calls = 0
  for (const name of detailStores) {
    const found = recordingsOfDetailStore(await readFile(join(profileDir, name), 'utf8').catch(() => ''))
    const mine = name.startsWith(`${scope}-`)
    if (mine) calls += found.calls
    for (const url of found.urls) (mine ? ours : theirs).add(recordingFileName(url))
  }

  let recordings = 0
  const cached = await listNames(paths.audioCacheDir)
  for (const recording of ours) {
    if (theirs.has(recording) || !cached.includes(recording)) continue
    // The recording and what was derived from it (its waveform peaks).
    for (const name of cached.filter((n) => n.startsWith(recording))) await rm(join(paths.audioCacheDir, name), { force: true })
    recordings++
  }
  for (const name of storeNames) await rm(join(profileDir, name), { force: true })
  // What was sent to and pulled from a team server: others' grades and notes among it.
  await rm(paths.teamDir(scope), { recursive: true, force: true })
  // The lock goes with the folder: nobody is left to write it.
  await rm(paths.reviewsDir(scope), { recursive: true, force: true })
  await syncDir(profileDir)
  return { ...graded, calls, recordings }
}
