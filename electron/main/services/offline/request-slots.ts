// A counting semaphore: caps the requests in flight across every download at once.

export interface RequestSlots {
  /** Runs `task` once a slot is free; `abandoned` is asked again when the slot comes, so queued work can be dropped. */
  run<T>(task: () => Promise<T>, abandoned?: () => boolean): Promise<T>
  inFlight(): number
}

/** Thrown instead of running a task that was abandoned while it waited for a slot. */
export class AbandonedError extends Error {
  constructor() {
    super('abandoned')
    this.name = 'AbandonedError'
  }
}

export function createRequestSlots(limit: number): RequestSlots {
  let busy = 0
  const waiting: (() => void)[] = []

  function release() {
    const next = waiting.shift()
    // The slot passes straight to the next waiter, so `busy` never drops below the queue's need.
    if (next) next()
    else busy--
  }

  async function acquire(): Promise<void> {
    if (busy < limit) {
      busy++
      return
    }
    await new Promise<void>((resolve) => waiting.push(resolve))
  }

  return {
    async run(task, abandoned) {
      await acquire()
      if (abandoned?.()) {
        release()
        throw new AbandonedError()
      }
      try {
        return await task()
      } finally {
        release()
      }
    },
    inFlight: () => busy,
  }
}
