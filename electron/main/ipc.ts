// Wires every contract channel to the dispatcher, accepting messages only from the app's own
// main frame, and sends main's events to the app's own windows. No other ipcMain handler exists.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { CHANNELS, EVENT_CHANNELS } from '../../shared/ipc/channels'
import type { IpcResult } from '../../shared/ipc/channels'
import type { Dispatch } from './services/root'
import type { Emit } from './services/events'
import { isTrustedUrl } from './services/pages'

/** Only the app's own top-level frame may call; never an iframe or a navigated-away page. */
export function isTrustedSender(event: IpcMainInvokeEvent, trustedOrigins: readonly string[]): boolean {
  const frame = event.senderFrame
  return !!frame && frame.parent === null && isTrustedUrl(frame.url, trustedOrigins)
}

export function registerIpc(dispatch: Dispatch, trustedOrigins: readonly string[]): void {
  for (const channel of Object.values(CHANNELS)) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event, trustedOrigins)) {
        return {
          ok: false,
          error: { kind: 'invalid-request', message: { 'zh-CN': '拒绝来自未知页面的请求', en: 'Request from an untrusted page refused' } },
        }
      }
      return dispatch(channel, payload)
    })
  }
}

/**
 * Main's events (already checked against the contract by the services' emit) to every window
 * still showing the app's own page; a window navigated elsewhere gets nothing.
 */
export function sendToAppWindows(windows: () => readonly BrowserWindow[], trustedOrigins: readonly string[]): Emit {
  return (event, payload) => {
    for (const window of windows()) {
      if (window.isDestroyed()) continue
      const contents = window.webContents
      if (contents.isDestroyed() || !isTrustedUrl(contents.getURL(), trustedOrigins)) continue
      contents.send(EVENT_CHANNELS[event], payload)
    }
  }
}
