/// <reference types="vite/client" />
import type { RawBridge } from '../../shared/ipc/channels'

declare global {
  interface Window {
    callReviewBridge?: RawBridge
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
