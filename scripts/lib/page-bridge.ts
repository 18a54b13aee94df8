// Test-only stand-in for the preload in a plain browser: the same bridge object, forwarding
// each call over HTTP to the real main-process services (web-host.ts) instead of IPC.
import { BRIDGE_GLOBAL, buildRawBridge } from '../../shared/ipc/channels'

async function invoke(channel: string, payload: unknown): Promise<unknown> {
  const response = await fetch('/__bridge/invoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
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

Object.defineProperty(window, BRIDGE_GLOBAL, { value: buildRawBridge(invoke), writable: false, configurable: false })
