// File operations whose result survives a crash or power cut once the promise resolves: data is
// fsync'd before it counts, a replaced file appears whole or not at all (temp file + rename), and
// the folder is fsync'd so a new or renamed entry is not lost either.
import { closeSync, fsyncSync, openSync, renameSync } from 'node:fs'
import { mkdir, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

let tempCounter = 0

/** Flushes a folder's entries. Windows cannot open a folder for this; NTFS journals renames itself. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

// On Windows a virus scanner or indexer may hold the target open for a moment.
async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to)
      return
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const transient = process.platform === 'win32' && (code === 'EPERM' || code === 'EBUSY' || code === 'EACCES')
      if (!transient || attempt >= 5) throw error
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)))
    }
  }
}

/** Replaces `path` atomically and durably: temp file in the same folder, fsync, rename, fsync folder. */
export async function writeFileDurable(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}-${++tempCounter}.tmp`
  const handle = await open(temp, 'w')
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    await handle.close().catch(() => {})
    await unlink(temp).catch(() => {})
    throw error
  }
  await handle.close()
  try {
    await renameRetrying(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
  await syncDir(dirname(path))
}

/** Appends and flushes the data (fdatasync also flushes the new file size). */
export async function appendDurable(handle: FileHandle, data: string): Promise<void> {
  const bytes = Buffer.from(data)
  // A short write (a full disk) must not pass for a whole line.
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset)
    if (bytesWritten <= 0) throw new Error('could not append to the review journal')
    offset += bytesWritten
  }
  await handle.datasync()
}

/** The folder's entries; none when it does not exist yet. */
export async function listNames(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** A file name safe on every platform for the moment `at`. */
export function timestampForFileName(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-')
}

const SET_ASIDE_MARK = '.damaged-'
// `<original>.damaged-<timestamp ending in Z>[-<n>]`, as setAside names it.
const SET_ASIDE_NAME = /^(.+)\.damaged-([^Z]+Z)(?:-(\d+))?$/

export interface SetAsideName {
  /** The name the file had before it was set aside. */
  original: string
  /** When it was set aside, as in the name (sorts like the time). */
  stamp: string
  /** 0, or the number that tells apart files set aside in the same millisecond. */
  n: number
}

/** What a name given by setAside says, or undefined for any other name. */
export function parseSetAsideName(name: string): SetAsideName | undefined {
  const match = SET_ASIDE_NAME.exec(name)
  if (!match?.[1] || !match[2]) return undefined
  return { original: match[1], stamp: match[2], n: Number(match[3] ?? 0) }
}

/** The synchronous twin of syncDir, for set-aside, which store opening (synchronous) needs too. */
function syncDirNow(dir: string): void {
  if (process.platform === 'win32') return
  const fd = openSync(dir, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function renameRetryingNow(from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(from, to)
      return
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const transient = process.platform === 'win32' && (code === 'EPERM' || code === 'EBUSY' || code === 'EACCES')
      if (!transient || attempt >= 5) throw error
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 * (attempt + 1))
    }
  }
}

/**
 * Moves a damaged file out of the way under a dated name, never deleting it, and flushes the
 * folder; answers that name. A second damage in the same millisecond gets a numbered name rather
 * than overwriting the first. Synchronous: the one routine for journals and key-value stores alike.
 */
export function setAside(path: string, at: Date): string {
  const base = `${path}${SET_ASIDE_MARK}${timestampForFileName(at)}`
  for (let n = 0; ; n++) {
    const target = n === 0 ? base : `${base}-${n}`
    try {
      // Opening with 'wx' reserves the name, so an earlier set-aside file is never replaced.
      closeSync(openSync(target, 'wx'))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && n < 1000) continue
      throw error
    }
    renameRetryingNow(path, target)
    syncDirNow(dirname(path))
    return target
  }
}

/** Creates the folder (and missing parents) so that the new entries survive a power cut too. */
export async function ensureDirDurable(dir: string): Promise<void> {
  const target = resolve(dir)
  const first = await mkdir(target, { recursive: true })
  if (first === undefined) return
  // Each new folder's entry lives in its parent: flush every parent from the first one created.
  const stop = dirname(resolve(first))
  for (let current = target; ; current = dirname(current)) {
    await syncDir(dirname(current))
    if (dirname(current) === stop || dirname(current) === current) break
  }
}
