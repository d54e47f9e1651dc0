import type { PreloadBridge } from '../../shared/api/bridge'

declare global {
  interface Window {
    /** Present in the Electron app (preload); absent in the browser version. */
    paneldesk?: PreloadBridge
  }
}

export {}
