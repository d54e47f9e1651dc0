/** Imports one or many .pdpkg files into a meeting, one after the other: upload, then the import job, with progress. */
import { useCallback, useRef, useState } from 'react'
import type { ImportResult } from '../../../../shared/api/packageTypes'
import { call, errorMessage } from '../../api'
import { pollJob, TransferCancelled, uploadFile } from '../../transfer'

export type ImportPhase = 'waiting' | 'uploading' | 'importing' | 'done' | 'failed' | 'cancelled'

export interface ImportItem {
  key: string
  fileName: string
  size: number
  phase: ImportPhase
  /** 0..1 over upload (first 20%) and import. */
  fraction: number
  message: string
  error: string | null
  result: ImportResult | null
}

const UPLOAD_SHARE = 0.2

export function useImportQueue(meetingId: string, onImported: (r: ImportResult) => void) {
  const [items, setItems] = useState<ImportItem[]>([])
  const controllers = useRef(new Map<string, AbortController>())
  const queue = useRef<Promise<void>>(Promise.resolve())

  const patch = useCallback((key: string, p: Partial<ImportItem>) => {
    setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...p } : x)))
  }, [])

  const runOne = useCallback(
    async (key: string, file: File) => {
      const controller = controllers.current.get(key)
      if (!controller || controller.signal.aborted) {
        patch(key, { phase: 'cancelled', message: '已取消' })
        return
      }
      try {
        patch(key, { phase: 'uploading', message: '正在上传' })
        const uploadId = await uploadFile(file, (f) => patch(key, { fraction: f * UPLOAD_SHARE }), controller.signal)
        patch(key, { phase: 'importing', message: '正在导入' })
        const job = await call('packages.import', { meetingId, source: { kind: 'upload', uploadId } })
        const end = await pollJob<ImportResult>(
          job.id,
          (j) => patch(key, { fraction: UPLOAD_SHARE + (1 - UPLOAD_SHARE) * (j.progress.total ? j.progress.done / j.progress.total : 0), message: j.progress.message }),
          controller.signal
        )
        if (end.status === 'done' && end.result) {
          patch(key, { phase: 'done', fraction: 1, result: end.result, message: end.result.unchanged ? '此前已导入过，未重复导入' : '导入完成' })
          onImported(end.result)
        } else if (end.status === 'cancelled') {
          patch(key, { phase: 'cancelled', message: '已取消，未做任何修改' })
        } else {
          patch(key, { phase: 'failed', error: end.error ?? '导入失败', message: '导入失败' })
        }
      } catch (err) {
        if (err instanceof TransferCancelled) patch(key, { phase: 'cancelled', message: '已取消，未做任何修改' })
        else patch(key, { phase: 'failed', error: `“${file.name}”：${errorMessage(err)}`, message: '导入失败' })
      } finally {
        controllers.current.delete(key)
      }
    },
    [meetingId, onImported, patch]
  )

  const add = useCallback(
    (files: File[]) => {
      const added = files.map((file, i) => ({ key: `${Date.now()}-${i}-${file.name}`, file }))
      setItems((xs) => [
        ...added.map(({ key, file }) => ({ key, fileName: file.name, size: file.size, phase: 'waiting' as const, fraction: 0, message: '等待导入', error: null, result: null })),
        ...xs
      ])
      for (const { key, file } of added) {
        controllers.current.set(key, new AbortController())
        queue.current = queue.current.then(() => runOne(key, file))
      }
    },
    [runOne]
  )

  const cancel = useCallback((key: string) => controllers.current.get(key)?.abort(), [])
  const clearFinished = useCallback(() => setItems((xs) => xs.filter((x) => x.phase === 'waiting' || x.phase === 'uploading' || x.phase === 'importing')), [])
  return { items, add, cancel, clearFinished }
}
