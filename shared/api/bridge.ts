/** The shape the preload script exposes on window.paneldesk, and the single IPC channel it uses. */
import type { ApiResult } from './errors'

export const IPC_CHANNEL = 'paneldesk:api' as const

export interface PreloadBridge {
  /** Calls one contract method; the main process validates `input` against the contract. */
  call(method: string, input: unknown): Promise<ApiResult<unknown>>
}
