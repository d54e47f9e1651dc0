/** Making a .pdpkg from loose files: upload them, run the build job, then save or import the result. */
import { useCallback, useState } from 'react'
import type { BuiltPackage, ImportResult } from '../../../../shared/api/packageTypes'
import { call, errorMessage } from '../../api'
import { downloadUpload, pollJob, uploadFile } from '../../transfer'

export interface BuildFiles {
  mainDocument: File | null
  budget: File | null
  dataCatalog: File | null
  dataNeeds: File | null
  attachments: File[]
}

export interface BuildProject {
  name: string
  code?: string
  ownerUnit: string
  authorUnit?: string
  declaredInvestment: number
  approvedEstimate?: number | null
  summary?: string
}

export function useBuildPackage(meetingId: string) {
  const [busy, setBusy] = useState(false)
  const [progress, setProgress] = useState<{ fraction: number; message: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [built, setBuilt] = useState<BuiltPackage | null>(null)

  const build = useCallback(async (project: BuildProject, files: BuildFiles) => {
    if (!files.mainDocument || !files.budget) {
      setError('请选择主文档（PDF、DOCX 或 DOC）和概算表（.xlsx、.xls 或 .csv）')
      return
    }
    setBusy(true)
    setError(null)
    setBuilt(null)
    try {
      const all = [files.mainDocument, files.budget, files.dataCatalog, files.dataNeeds, ...files.attachments].filter((f): f is File => f !== null)
      const ids = new Map<File, string>()
      for (const [i, f] of all.entries()) {
        setProgress({ fraction: (i / all.length) * 0.4, message: `上传“${f.name}”` })
        ids.set(f, await uploadFile(f))
      }
      const id = (f: File | null) => (f ? ids.get(f) : undefined)
      const job = await call('packages.build', {
        project,
        mainDocument: id(files.mainDocument) as string,
        budget: id(files.budget) as string,
        ...(files.dataCatalog ? { dataCatalog: id(files.dataCatalog) } : {}),
        ...(files.dataNeeds ? { dataNeeds: id(files.dataNeeds) } : {}),
        attachments: files.attachments.map((f) => ids.get(f) as string)
      })
      const end = await pollJob<BuiltPackage>(job.id, (j) =>
        setProgress({ fraction: 0.4 + 0.6 * (j.progress.total ? j.progress.done / j.progress.total : 0), message: j.progress.message })
      )
      for (const uploadId of ids.values()) void call('uploads.discard', { uploadId }).catch(() => undefined)
      if (end.status === 'done' && end.result) setBuilt(end.result)
      else setError(end.error ?? '制作申报包失败')
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
      setProgress(null)
    }
  }, [])

  const save = useCallback(async () => {
    if (built) await downloadUpload(built.uploadId, built.fileName)
  }, [built])

  const importIt = useCallback(async (): Promise<ImportResult | null> => {
    if (!built) return null
    setBusy(true)
    try {
      const job = await call('packages.import', { meetingId, source: { kind: 'upload', uploadId: built.uploadId } })
      const end = await pollJob<ImportResult>(job.id, (j) => setProgress({ fraction: j.progress.total ? j.progress.done / j.progress.total : 0, message: j.progress.message }))
      if (end.status === 'done' && end.result) {
        setBuilt(null)
        return end.result
      }
      setError(end.error ?? '导入失败')
      return null
    } catch (err) {
      setError(errorMessage(err))
      return null
    } finally {
      setBusy(false)
      setProgress(null)
    }
  }, [built, meetingId])

  const reset = useCallback(() => {
    setBuilt(null)
    setError(null)
  }, [])

  return { busy, progress, error, built, build, save, importIt, reset }
}
