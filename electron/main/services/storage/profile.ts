// Where a profile keeps each kind of local data. One layout for the app, the browser host, the
// command line and the benchmarks, so each finds what the others wrote.
import { join } from 'node:path'

export function profilePaths(profileDir: string) {
  return {
    /** A named key-value store's file, as electron-store (and conf) lay it out. */
    storeFile: (name: string) => join(profileDir, `${name}.json`),
    /** Cached recordings, shared by every account (named by their address). */
    audioCacheDir: join(profileDir, 'audio-cache'),
    /** One account's grades: a folder per account scope, a sub-folder per task. */
    reviewsDir: (scope: string) => join(profileDir, 'reviews', scope),
    /** An account's team folders: what was sent to and pulled from each team server. */
    teamDir: (scope: string) => join(profileDir, 'team', scope),
    /** Main's log file and its older, rotated ones. */
    logsDir: join(profileDir, 'logs'),
  }
}
