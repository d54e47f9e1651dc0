/** The IPC adapter: one handler for the whole contract; every input validated in main by dispatch(). */
import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import type { ApiHandlers } from '../../../shared/api/contract'
import { IPC_CHANNEL } from '../../../shared/api/bridge'
import { dispatch } from '../../../shared/api/dispatch'
import type { ApiResult } from '../../../shared/api/errors'

export function registerIpc(handlers: ApiHandlers, isTrustedSender: (e: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: '拒绝来自未知页面的请求' } }
    if (typeof method !== 'string') return { ok: false, error: { code: 'unknown_method', message: '未知的操作' } }
    return dispatch(handlers, method, input, (m, err) => console.error(`[api] ${m} failed:`, err))
  })
}
