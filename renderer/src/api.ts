// The typed API over the bridge the preload (or the browser test bridge) put on window.
import { BRIDGE_GLOBAL, createApi, type Api } from '../../shared/ipc/contract'

function bridge() {
  const raw = window[BRIDGE_GLOBAL]
  if (!raw) throw new Error('The app bridge is missing: this page must run inside the workstation.')
  return raw
}

export const api: Api = createApi(bridge())
