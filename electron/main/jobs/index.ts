/**
 * A small in-process job registry for long work (exports, imports): `start` runs an async function and returns
 * a job id at once; callers poll `get` for progress and result, and `cancel` asks the work to stop at its next
 * check. One registry per backend (jobsFor(state)); finished jobs are kept for a while so a poll never misses
 * the result. Work runs on the main event loop: it must await between units (one document, one file) so that
 * the API stays responsive.
 */
import { randomUUID } from 'node:crypto'
import type { JobProgress, JobStatus, JobView } from '../../../shared/api/jobTypes'

export type { JobProgress, JobStatus, JobView }

/** Thrown by `throwIfCancelled`; the registry records the job as cancelled rather than failed. */
export class JobCancelled extends Error {
  constructor() {
    super('已取消')
    this.name = 'JobCancelled'
  }
}

export interface JobContext {
  readonly signal: AbortSignal
  /** Reports progress (cheap: only stores the numbers). */
  progress(done: number, total: number, message: string): void
  /** Records a partial result, returned by `get` even if the job is later cancelled or fails. */
  partial(result: unknown): void
  throwIfCancelled(): void
}

interface JobRecord {
  view: JobView
  controller: AbortController
  done: Promise<void>
}

export interface JobRegistryOptions {
  /** How many finished jobs to keep (oldest dropped first). */
  keepFinished?: number
  /** Where unexpected errors are logged (the user sees only the Chinese message). */
  log?: (message: string, err: unknown) => void
}

export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>()
  private readonly keepFinished: number
  private readonly log: (message: string, err: unknown) => void

  constructor(options: JobRegistryOptions = {}) {
    this.keepFinished = options.keepFinished ?? 50
    this.log = options.log ?? ((m, e) => console.error(m, e))
  }

  start<R>(kind: string, label: string, work: (ctx: JobContext) => Promise<R>): JobView<R> {
    const id = randomUUID()
    const controller = new AbortController()
    const view: JobView = {
      id,
      kind,
      label,
      status: 'running',
      progress: { done: 0, total: 0, message: '准备中' },
      startedAt: new Date().toISOString(),
      finishedAt: null,
      result: null,
      error: null
    }
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (done, total, message) => {
        view.progress = { done, total, message }
      },
      partial: (result) => {
        view.result = result
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new JobCancelled()
      }
    }
    const finish = (status: JobStatus): void => {
      view.status = status
      view.finishedAt = new Date().toISOString()
      this.prune()
    }
    // Start on the next tick so that `start` returns before any work runs.
    const done = Promise.resolve()
      .then(() => work(ctx))
      .then(
        (result) => {
          view.result = result
          finish(controller.signal.aborted ? 'cancelled' : 'done')
        },
        (err: unknown) => {
          if (err instanceof JobCancelled || controller.signal.aborted) {
            finish('cancelled')
            return
          }
          view.error = err instanceof Error && err.message ? err.message : '任务失败'
          this.log(`[job] ${kind} ${id} failed:`, err)
          finish('failed')
        }
      )
    this.jobs.set(id, { view, controller, done })
    return this.snapshot(view) as JobView<R>
  }

  get(id: string): JobView | undefined {
    const r = this.jobs.get(id)
    return r ? this.snapshot(r.view) : undefined
  }

  /** Asks a running job to stop; returns false when there is no such job. */
  cancel(id: string): boolean {
    const r = this.jobs.get(id)
    if (!r) return false
    if (r.view.status === 'running') {
      r.controller.abort()
      r.view.progress = { ...r.view.progress, message: '正在取消…' }
    }
    return true
  }

  /** Resolves when the job has finished (tests, shutdown). */
  async settled(id: string): Promise<JobView | undefined> {
    await this.jobs.get(id)?.done
    return this.get(id)
  }

  list(): JobView[] {
    return [...this.jobs.values()].map((r) => this.snapshot(r.view))
  }

  private snapshot(v: JobView): JobView {
    return { ...v, progress: { ...v.progress } }
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((r) => r.view.status !== 'running')
    for (const r of finished.slice(0, Math.max(0, finished.length - this.keepFinished))) this.jobs.delete(r.view.id)
  }
}

const registries = new WeakMap<object, JobRegistry>()

/** The registry of one backend (keyed by its state object), created on first use and shared by every domain. */
export function jobsFor(owner: object): JobRegistry {
  let r = registries.get(owner)
  if (!r) {
    r = new JobRegistry()
    registries.set(owner, r)
  }
  return r
}
