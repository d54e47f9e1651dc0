/** Long-running work (exports, imports): started by a domain method, then polled and cancelled through `jobs.*`. */
export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled'

export interface JobProgress {
  /** Units of work done and in all (e.g. documents written / to write). */
  done: number
  total: number
  /** What is happening now, in Chinese. */
  message: string
}

export interface JobView<R = unknown> {
  id: string
  /** The domain's name for the kind of work, e.g. 'documents.export'. */
  kind: string
  /** A short Chinese label for the UI. */
  label: string
  status: JobStatus
  progress: JobProgress
  startedAt: string
  finishedAt: string | null
  /** The job's result once done (and, for a cancelled job, what it had done so far when it can say). */
  result: R | null
  /** The Chinese error message when failed. */
  error: string | null
}
