// The items a download's workers share. Handling an item may add more (a page adds its
// calls), so the queue is finished only when it is empty and no item is still being handled.

export interface WorkQueue<T> {
  /** False once the queue is finished or stopped: the item must go to a new run. */
  push(item: T): boolean
  /** The next item, or null when the work is finished or stopped. Pair each item with done(). */
  take(): Promise<T | null>
  done(): void
  stop(): void
}

export function createWorkQueue<T>(initial: readonly T[] = []): WorkQueue<T> {
  let items = [...initial]
  let active = 0
  let finished = false
  let waiters: ((item: T | null) => void)[] = []

  function finish() {
    finished = true
    items = []
    for (const wake of waiters) wake(null)
    waiters = []
  }

  return {
    push(item) {
      if (finished) return false
      const waiter = waiters.shift()
      if (waiter) {
        active++
        waiter(item)
      } else {
        items.push(item)
      }
      return true
    },
    take() {
      if (finished) return Promise.resolve(null)
      const next = items.shift()
      if (next !== undefined) {
        active++
        return Promise.resolve(next)
      }
      if (active === 0) {
        finish()
        return Promise.resolve(null)
      }
      return new Promise((resolve) => waiters.push(resolve))
    },
    done() {
      active--
      if (active === 0 && items.length === 0) finish()
    },
    stop: finish,
  }
}
