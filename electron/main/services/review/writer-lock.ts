// One writer per grade folder. Two processes appending to the same journals (the app twice on
// one profile, a second profile pointing at the same folder, a synced folder) lose grades with no
// notice, so the first to write takes an exclusive lock file and any other writer gets a clear
// error. A lock whose process is gone (a crash, SIGKILL) is taken over: never a lock-out.
import { hostname } from 'node:os'
import { join } from 'node:path'
import { open, readFile, unlink } from 'node:fs/promises'
import { AppError } from '../../../../shared/errors'
import { ensureDirDurable, syncDir } from '../storage'

export const LOCK_FILE = 'writer.lock'

interface Holder {
  pid: number
  host: string
  since: string
}

export interface WriterLock {
  /** Resolves once this process holds the folder; rejects with kind 'locked' while another does. */
  acquire(): Promise<void>
  release(): Promise<void>
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readHolder(path: string): Promise<Holder | null> {
  try {
    const holder = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? { pid: holder.pid, host: holder.host, since: String(holder.since ?? '') } : null
  } catch {
    return null
  }
}

export function lockedError(holder: Holder, dir: string): AppError {
  const elsewhere = holder.host !== hostname()
  return new AppError('locked', {
    'zh-CN': elsewhere
      ? `复核记录文件夹正被另一台电脑（${holder.host}）上的工作台写入，本机不能同时写入，以免丢失评级：${dir}`
      : `复核记录文件夹正被另一个程序（进程 ${holder.pid}）写入，不能同时写入，以免丢失评级。请关闭另一个工作台窗口后重试：${dir}`,
    en: elsewhere
      ? `The grade folder is being written by the workstation on another computer (${holder.host}); writing here too would lose grades: ${dir}`
      : `The grade folder is being written by another program (process ${holder.pid}); two writers would lose grades. Close the other workstation and try again: ${dir}`,
  })
}

export function createWriterLock(dir: string): WriterLock {
  const path = join(dir, LOCK_FILE)
  let held: Promise<void> | undefined

  async function take(): Promise<void> {
    await ensureDirDurable(dir)
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const handle = await open(path, 'wx')
        try {
          await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }))
          await handle.sync()
        } finally {
          await handle.close()
        }
        await syncDir(dir)
        return
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const holder = await readHolder(path)
      // A lock from another computer cannot be checked: it stands until that workstation closes.
      if (holder && holder.host !== hostname()) throw lockedError(holder, dir)
      // Another live process here holds it. This process's own lock (a store not closed before a
      // new one opened on the folder) is this same writer's.
      if (holder && holder.pid !== process.pid && alive(holder.pid)) throw lockedError(holder, dir)
      // Its process is gone, or the file is unreadable (a writer that died while writing it): take over.
      await unlink(path).catch(() => {})
    }
    throw new Error(`could not take the grade folder's lock: ${path}`)
  }

  return {
    acquire() {
      held ??= take().catch((error: unknown) => {
        held = undefined
        throw error
      })
      return held
    },
    async release() {
      if (!held) return
      const taken = held
      held = undefined
      await taken.catch(() => {})
      const holder = await readHolder(path)
      if (holder?.pid === process.pid && holder.host === hostname()) await unlink(path).catch(() => {})
    },
  }
}
