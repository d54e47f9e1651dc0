/** Export of the library's current view as CSV or Excel: a backend job with progress and 取消, then the download. */
import { useRef, useState } from 'react'
import type { PriceExportResult } from '../../../../../shared/api/priceTypes'
import { call, errorMessage } from '../../../api'
import { downloadUpload, pollJob } from '../../../transfer'
import { viewQuery, type LibraryFilterState } from './libraryView'

export interface ExportState {
  format: 'csv' | 'xlsx'
  done: number
  total: number
  message: string
}

export function useLibraryExport(onDone: (text: string) => void, onError: (text: string) => void) {
  const [state, setState] = useState<ExportState | null>(null)
  const abort = useRef<AbortController | null>(null)
  const run = async (filter: LibraryFilterState, format: 'csv' | 'xlsx') => {
    const controller = new AbortController()
    abort.current = controller
    setState({ format, done: 0, total: 0, message: '正在准备' })
    try {
      const job = await call('prices.exportFile', { ...viewQuery(filter), format })
      const end = await pollJob<PriceExportResult>(job.id, (j) => setState({ format, ...j.progress }), controller.signal)
      if (end.status === 'done' && end.result) {
        await downloadUpload(end.result.uploadId, end.result.fileName, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        void call('uploads.discard', { uploadId: end.result.uploadId }).catch(() => undefined)
        onDone(`已导出 ${end.result.rows} 条参考价（${end.result.fileName}）`)
      } else if (end.status === 'cancelled') onDone('已取消导出')
      else onError(end.error ?? '导出失败')
    } catch (e) {
      onError(errorMessage(e))
    } finally {
      setState(null)
      abort.current = null
    }
  }
  return { state, run, cancel: () => abort.current?.abort() }
}
