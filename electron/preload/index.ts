// The sandboxed preload: exposes exactly the contract's functions, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron'
import { BRIDGE_GLOBAL, buildRawBridge } from '../../shared/ipc/channels'

contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  buildRawBridge((channel, payload) => ipcRenderer.invoke(channel, payload)),
)
