// The sandboxed preload: exposes exactly the contract's functions and its declared events,
// never ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { BRIDGE_GLOBAL, buildRawBridge } from '../../shared/ipc/channels'

contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  buildRawBridge(
    (channel, payload) => ipcRenderer.invoke(channel, payload),
    // buildRawBridge only asks for declared event channels; the page gets the payload alone,
    // never the IpcRendererEvent (it would reach ipcRenderer through event.sender).
    (channel, listener) => {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
      ipcRenderer.on(channel, forward)
      return () => void ipcRenderer.removeListener(channel, forward)
    },
  ),
)
