// The sandboxed preload, against a recording stand-in of electron: it exposes the contract's
// functions and `on`, subscribes only to declared event channels, and hands the page the
// payload alone, never the IpcRendererEvent (whose `sender` is ipcRenderer itself).
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { BRIDGE_GLOBAL, EVENT_CHANNELS, METHOD_NAMES, type EventName, type RawBridge } from '../../shared/ipc/channels'

const recorded = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as [string, unknown][],
  listeners: new Map<string, Set<(event: unknown, payload: unknown) => void>>(),
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => recorded.exposed.set(key, value) },
  ipcRenderer: {
    invoke: async (channel: string, payload: unknown) => {
      recorded.invoked.push([channel, payload])
      return { ok: true, value: null }
    },
    on(channel: string, listener: (event: unknown, payload: unknown) => void) {
      if (!recorded.listeners.has(channel)) recorded.listeners.set(channel, new Set())
      recorded.listeners.get(channel)!.add(listener)
      return this
    },
    removeListener(channel: string, listener: (event: unknown, payload: unknown) => void) {
      recorded.listeners.get(channel)?.delete(listener)
      return this
    },
  },
}))

let bridge: RawBridge
beforeAll(async () => {
  await import('../../electron/preload/index')
  bridge = recorded.exposed.get(BRIDGE_GLOBAL) as RawBridge
})

const send = (channel: string, payload: unknown) => {
  for (const listener of recorded.listeners.get(channel) ?? []) listener({ sender: 'ipcRenderer' }, payload)
}

describe('preload', () => {
  it('exposes one bridge: the contract’s functions and on, nothing else', async () => {
    expect([...recorded.exposed.keys()]).toEqual([BRIDGE_GLOBAL])
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES, 'on'].sort())
    await bridge.probeConnection()
    expect(recorded.invoked).toEqual([['connection:probe', undefined]])
  })

  it('forwards a declared event’s payload alone, until unsubscribed', () => {
    const seen: unknown[][] = []
    const stop = bridge.on('downloadStatus', (...args: unknown[]) => seen.push(args))
    expect([...recorded.listeners.keys()]).toEqual([EVENT_CHANNELS.downloadStatus])
    send(EVENT_CHANNELS.downloadStatus, { robotCallJobId: 1 })
    send(EVENT_CHANNELS.status, { online: false })
    expect(seen).toEqual([[{ robotCallJobId: 1 }]])
    stop()
    expect(recorded.listeners.get(EVENT_CHANNELS.downloadStatus)?.size).toBe(0)
    send(EVENT_CHANNELS.downloadStatus, { robotCallJobId: 2 })
    expect(seen).toHaveLength(1)
  })

  it('refuses to listen on any channel the contract does not declare', () => {
    const before = new Map([...recorded.listeners].map(([channel, set]) => [channel, set.size]))
    for (const name of ['app:status', 'settings:get', 'event:status', 'ELECTRON_BROWSER_WINDOW', '__proto__', 'hasOwnProperty']) {
      expect(() => bridge.on(name as EventName, () => {})).toThrow(/unknown event/)
    }
    expect(new Map([...recorded.listeners].map(([channel, set]) => [channel, set.size]))).toEqual(before)
  })
})
