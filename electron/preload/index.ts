/** Exposes exactly the typed API bridge to the renderer; no raw ipcRenderer. */
import { contextBridge, ipcRenderer } from 'electron'
import { IPC_CHANNEL, type PreloadBridge } from '../../shared/api/bridge'
import type { ApiResult } from '../../shared/api/errors'

const bridge: PreloadBridge = {
  call: (method, input) => ipcRenderer.invoke(IPC_CHANNEL, method, input) as Promise<ApiResult<unknown>>
}

contextBridge.exposeInMainWorld('paneldesk', bridge)
