// The download's parts on their own: back-off timing, the request cap, the work queue, and the
// progress record's throttled saving.
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { backoffDelay, withBackoff, worthRetrying } from '../../electron/main/services/api/retry'
import { createProgressBook, newProgress } from '../../electron/main/services/offline/download-progress'
import { createRequestSlots } from '../../electron/main/services/offline/request-slots'
import { createWorkQueue } from '../../electron/main/services/offline/work-queue'
import type { KeyValueStore } from '../../electron/main/services/storage/ports'

const network = () => new AppError('network', { 'zh-CN': '网络出错', en: 'network error' })
const forbidden = () => new AppError('api-code', { 'zh-CN': '无权限', en: 'forbidden' }, { code: 403, status: 200 })

function memoryStore() {
  const data = new Map<string, unknown>()
  let writes = 0
  const store: KeyValueStore = {
    get: (key) => structuredClone(data.get(key)),
    set: (key, value) => {
      writes++
      data.set(key, structuredClone(value))
    },
    delete: (key) => data.delete(key),
  }
  return { store, writes: () => writes }
}

describe('download parts', () => {
  it('backs off exponentially with jitter, and only on failures that may pass', async () => {
    const policy = { attempts: 4, baseDelayMs: 100 }
    expect([1, 2, 3].map((n) => backoffDelay(policy, n, () => 0.5))).toEqual([100, 200, 400])
    expect(backoffDelay(policy, 1, () => 0)).toBe(50)
    expect(backoffDelay(policy, 1, () => 0.999)).toBeLessThanOrEqual(150)
    expect(worthRetrying(network())).toBe(true)
    expect(worthRetrying(new AppError('timeout', { 'zh-CN': '超时', en: 'timeout' }))).toBe(true)
    expect(worthRetrying(forbidden())).toBe(false)
    expect(worthRetrying(new Error('bug'))).toBe(false)

    const waits: number[] = []
    const context = { stopped: () => false, sleep: async (ms: number) => void waits.push(ms) }
    let calls = 0
    await expect(withBackoff(policy, context, async () => (++calls < 3 ? Promise.reject(network()) : 'ok'))).resolves.toBe('ok')
    expect(calls).toBe(3)
    expect(waits).toHaveLength(2)
    calls = 0
    await expect(withBackoff(policy, context, async () => (calls++, Promise.reject(forbidden())))).rejects.toMatchObject({ code: 403 })
    expect(calls).toBe(1)
    calls = 0
    await expect(withBackoff(policy, context, async () => (calls++, Promise.reject(network())))).rejects.toMatchObject({ kind: 'network' })
    expect(calls).toBe(4)
  })

  it('never runs more tasks than slots, and drops abandoned ones', async () => {
    const slots = createRequestSlots(2)
    let running = 0
    let most = 0
    const task = async () => {
      most = Math.max(most, ++running)
      await new Promise((resolve) => setTimeout(resolve, 5))
      running--
    }
    await Promise.all(Array.from({ length: 10 }, () => slots.run(task)))
    expect(most).toBe(2)
    expect(slots.inFlight()).toBe(0)
    const first = slots.run(task)
    const second = slots.run(task)
    await expect(slots.run(task, () => true)).rejects.toMatchObject({ name: 'AbandonedError' })
    await Promise.all([first, second])
  })

  it('finishes the queue only once nothing is left and nothing is being handled', async () => {
    const queue = createWorkQueue([1])
    const handled: number[] = []
    const worker = async () => {
      for (let item = await queue.take(); item !== null; item = await queue.take()) {
        handled.push(item)
        // Handling an item adds more, as a page adds its calls.
        await new Promise((resolve) => setTimeout(resolve, 2))
        if (item < 4) queue.push(item * 10)
        if (item < 4) queue.push(item + 1)
        queue.done()
      }
    }
    await Promise.all([worker(), worker(), worker()])
    expect(handled.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 10, 20, 30])
    expect(queue.push(5)).toBe(false)
  })

  it('saves progress at most every interval, at once on request, and reads it back', async () => {
    const { store, writes } = memoryStore()
    const book = createProgressBook(store, 50)
    const progress = newProgress(7, { intentLevels: ['A'] })
    book.save(progress, true)
    const afterFirst = writes()
    for (let i = 1; i <= 20; i++) {
      progress.complete.add(i)
      book.save(progress)
    }
    expect(writes()).toBe(afterFirst) // held back
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(writes()).toBe(afterFirst + 1) // one write for all twenty
    progress.partial.set(21, { tracks: ['full', 'customer'], prepared: ['full'] })
    progress.failures.push({ callRecordId: 22, step: 'recording', message: { 'zh-CN': '录音无法播放', en: 'The recording cannot be played' } })
    book.save(progress, true)

    const loaded = createProgressBook(store).load(7)
    expect(loaded?.complete.size).toBe(20)
    expect(loaded?.partial.get(21)).toEqual({ tracks: ['full', 'customer'], prepared: ['full'] })
    expect(loaded?.failures).toEqual(progress.failures)
    expect(loaded?.filters).toEqual({ intentLevels: ['A'] })
    expect(createProgressBook(store).known()).toEqual([7])
    // A damaged record is a fresh start, not a crash.
    store.set('download-8', { robotCallJobId: 8, pagesDone: 'x' })
    expect(createProgressBook(store).load(8)).toBeNull()
  })
})
