// The port through which services push events to the page (status, download progress,
// notices). Services only call `emit`; the glue (Electron's windows, the browser test bridge's
// event stream) decides where events go. Every payload is checked against the contract here.
import type { EventName } from '../../../../shared/ipc/channels'
import { eventContract, type EventPayload } from '../../../../shared/ipc/contract'
import { describeValidationError } from '../../../../shared/validation'

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** Nobody listens (tests, the command line). */
export const noEmit: Emit = () => {}

/**
 * Sends only payloads the contract accepts, stripped to its fields; a malformed one is reported
 * and dropped, never thrown into the service that emitted it (a download must not die of it).
 */
export function validatedEmit(deliver: Emit, onInvalid: (event: EventName, problem: string) => void): Emit {
  return (event, payload) => {
    const parsed = eventContract[event].safeParse(payload)
    if (!parsed.success) return onInvalid(event, describeValidationError(parsed.error).en)
    deliver(event, parsed.data as EventPayload<typeof event>)
  }
}

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void

export interface EventHub {
  emit: Emit
  /** Every event from now on, until the returned function is called. */
  subscribe(listener: EventListener): () => void
}

/** Fans events out to any number of listeners (the browser bridge's open event streams). */
export function createEventHub(): EventHub {
  const listeners = new Set<EventListener>()
  return {
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
  }
}
