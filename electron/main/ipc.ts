// Wires every contract channel to the dispatcher, accepting messages only from the app's own
// main frame. No other ipcMain handler exists.
import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { CHANNELS } from '../../shared/ipc/channels'
import type { IpcResult } from '../../shared/ipc/channels'
import type { Dispatch } from './services/root'
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
