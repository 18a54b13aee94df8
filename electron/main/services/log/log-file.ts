// Main's log as a file the reviewer can open or attach to a support request: one line per entry
// with its ISO time, in <profile>/logs/app.log, rotated by size so it never grows without bound.
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const LOG_FILE_NAME = 'app.log'

export interface LogFileOptions {
  /** The folder of the log and its older files (profilePaths(…).logsDir). */
  dir: string
  /** The size at which app.log is set aside as app.log.1 (default 1 MB). */
  maxBytes?: number
  /** How many older files are kept, app.log.1 (newest) to app.log.<keep> (default 3). */
  keep?: number
  now?: () => Date
}

export interface LogFile {
  readonly dir: string
  readonly path: string
  /** Appends one entry; never throws (a log that cannot be written must not stop the app). */
  write(line: string): void
}

export function createLogFile(options: LogFileOptions): LogFile {
  const { dir } = options
  const maxBytes = options.maxBytes ?? 1024 * 1024
  const keep = options.keep ?? 3
  const now = options.now ?? (() => new Date())
  const path = join(dir, LOG_FILE_NAME)
  let size: number | undefined

  function currentSize(): number {
    try {
      return statSync(path).size
    } catch {
      return 0
    }
  }

  /** app.log → app.log.1 → … → app.log.<keep>; the oldest is dropped. */
  function rotate(): void {
    rmSync(`${path}.${keep}`, { force: true })
    for (let n = keep - 1; n >= 1; n--) {
      try {
        renameSync(`${path}.${n}`, `${path}.${n + 1}`)
      } catch {
        // Not there yet: fewer older files than kept.
      }
    }
    if (keep > 0) renameSync(path, `${path}.1`)
    else rmSync(path, { force: true })
  }

  return {
    dir,
    path,
    write(line) {
      // One entry, one line: a stack trace's lines stay with their entry, indented.
      const entry = `${now().toISOString()} ${line.replace(/\r?\n/g, '\n    ')}\n`
      const bytes = Buffer.byteLength(entry)
      try {
        if (size === undefined) {
          mkdirSync(dir, { recursive: true })
          size = currentSize()
        }
        if (size > 0 && size + bytes > maxBytes) {
          rotate()
          size = 0
        }
        // Synchronous: entries stay in order and the last one is on disk if the app then crashes.
        appendFileSync(path, entry)
        size += bytes
      } catch {
        // Disk full, no permission: the entry still went to the console.
        size = undefined
      }
    },
  }
}
