// Test-only stand-in for the preload in a plain browser: the same bridge object, forwarding
// each call over HTTP to the real main-process services (web-host.ts) instead of IPC, and
// main's events from one same-origin Server-Sent Events stream.
import { BRIDGE_GLOBAL, buildRawBridge, type EventChannelName } from '../../shared/ipc/channels'
import { BRIDGE_TOKEN_HEADER, BRIDGE_TOKEN_META, BRIDGE_TOKEN_PARAM } from './bridge-token'

// The host's per-run token, from the page it served: without it every bridge request is refused.
const token = document.querySelector<HTMLMetaElement>(`meta[name="${BRIDGE_TOKEN_META}"]`)?.content ?? ''

async function invoke(channel: string, payload: unknown): Promise<unknown> {
  const response = await fetch('/__bridge/invoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [BRIDGE_TOKEN_HEADER]: token },
    body: JSON.stringify({ channel, payload: payload === undefined ? null : payload, hasPayload: payload !== undefined }),
  })
  if (!response.ok) {
    return {
      ok: false,
      error: {
        kind: 'connection-refused',
        message: { 'zh-CN': `测试桥接失败（HTTP ${response.status}）`, en: `Test bridge failed (HTTP ${response.status})` },
      },
    }
  }
  return response.json()
}

const listeners = new Map<string, Set<(payload: unknown) => void>>()
let stream: EventSource | undefined

/** Opened on the first subscription, so a page that listens to nothing holds no connection. */
function subscribe(channel: EventChannelName, listener: (payload: unknown) => void): () => void {
  stream ??= openStream()
  let set = listeners.get(channel)
  if (!set) listeners.set(channel, (set = new Set()))
  // A wrapper per subscription, so the same function subscribed twice is two subscriptions, as with ipcRenderer.
  const entry = (payload: unknown) => listener(payload)
  set.add(entry)
  return () => void set.delete(entry)
}

function openStream(): EventSource {
  // EventSource cannot send a header: the token goes in the query.
  const source = new EventSource(`/__bridge/events?${new URLSearchParams({ [BRIDGE_TOKEN_PARAM]: token })}`)
  source.onmessage = (message: MessageEvent<string>) => {
    const { channel, payload } = JSON.parse(message.data) as { channel: string; payload: unknown }
    for (const listener of listeners.get(channel) ?? []) listener(payload)
  }
  return source
}

Object.defineProperty(window, BRIDGE_GLOBAL, { value: buildRawBridge(invoke, subscribe), writable: false, configurable: false })
