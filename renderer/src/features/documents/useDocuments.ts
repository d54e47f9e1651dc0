/** The documents page's logic: what can be exported, previews, an export job with progress, cancel and summary. */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { DocumentItem, DocumentPreview, ExportScope, ExportSummary } from '../../../../shared/api/documentTypes'
import type { JobView } from '../../../../shared/api/jobTypes'
import { call, errorMessage } from '../../api'
import { useQuery } from '../../hooks/useQuery'
import { grantOf, type ChosenPath } from '../../components/PathField'

const POLL_MS = 300

export function useMeetingDocuments(meetingId: string) {
  return useQuery(() => call('documents.list', { meetingId }), [meetingId])
}

export interface PreviewState {
  item: DocumentItem | null
  preview: DocumentPreview | null
  loading: boolean
  error: string | null
}

export function usePreview() {
  const [state, setState] = useState<PreviewState>({ item: null, preview: null, loading: false, error: null })
  const generation = useRef(0)
  const open = useCallback(async (item: DocumentItem) => {
    const g = ++generation.current
    setState({ item, preview: null, loading: true, error: null })
    try {
      const preview = await call('documents.preview', { projectId: item.projectId, kind: item.kind, expertId: item.expertId })
      if (g === generation.current) setState({ item, preview, loading: false, error: null })
    } catch (e) {
      if (g === generation.current) setState({ item, preview: null, loading: false, error: errorMessage(e) })
    }
  }, [])
  const close = useCallback(() => {
    generation.current++
    setState({ item: null, preview: null, loading: false, error: null })
  }, [])
  return { ...state, open, close }
}

export interface ExportState {
  job: JobView<ExportSummary> | null
  error: string | null
  running: boolean
}

export function useExportJob(meetingId: string, onFinished: () => void) {
  const [state, setState] = useState<ExportState>({ job: null, error: null, running: false })
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current)
  }, [])
  const poll = useCallback(
    (jobId: string) => {
      timer.current = setTimeout(async () => {
        try {
          const job = await call('documents.exportStatus', { jobId })
          const running = job.status === 'running'
          setState({ job, error: null, running })
          if (running) poll(jobId)
          else onFinished()
        } catch (e) {
          setState((s) => ({ ...s, error: errorMessage(e), running: false }))
        }
      }, POLL_MS)
    },
    [onFinished]
  )
  const start = useCallback(
    async (scope: ExportScope, folder: ChosenPath, fullVerify = false) => {
      setState({ job: null, error: null, running: true })
      try {
        const job = await call('documents.export', { meetingId, scope, folder: folder.path, ...grantOf(folder), ...(fullVerify ? { fullVerify } : {}) })
        setState({ job, error: null, running: true })
        poll(job.id)
      } catch (e) {
        setState({ job: null, error: errorMessage(e), running: false })
      }
    },
    [meetingId, poll]
  )
  const cancel = useCallback(async () => {
    if (!state.job) return
    try {
      await call('jobs.cancel', { jobId: state.job.id })
    } catch (e) {
      setState((s) => ({ ...s, error: errorMessage(e) }))
    }
  }, [state.job])
  const dismiss = useCallback(() => setState({ job: null, error: null, running: false }), [])
  return { ...state, start, cancel, dismiss }
}

/** Reads a picked file as base64 (without the data: prefix). */
export function readFileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onerror = () => reject(new Error('无法读取所选文件'))
    reader.onload = () => {
      const s = String(reader.result ?? '')
      resolve(s.slice(s.indexOf(',') + 1))
    }
    reader.readAsDataURL(file)
  })
}
