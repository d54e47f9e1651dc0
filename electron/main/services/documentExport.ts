/**
 * Exporting a meeting's Word documents into a folder (issue 6; issue 10 for speed): what to write and what to skip,
 * writing each file without overwriting, and checking each written file — by default against the bytes just built
 * (SHA-256), with a full verifyDocx of each file on request. The charts of every 评分汇总表 are drawn while the
 * workers build and rasterised in batches, off the main thread.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { DocumentItem, DocumentStatusLabel, ExportProblem, ExportScope, ExportSummary } from '../../../shared/api/documentTypes'
import { ApiError } from '../../../shared/api/errors'
import type { Db } from '../db/connection'
import { first } from '../db/query'
import { acquireBuildPool, type BuildPool, DEEP, defaultPoolSize, DEPTH, releaseBuildPool } from '../documents/buildPool'
import { sheetOf } from '../documents/derive'
import { safeFileName, writeFileNoClobber } from '../documents/fileNames'
import type { VerifyDocxResult } from '../documents/verify'
import type { JobContext } from '../jobs/index'
import { ensureFolder } from '../paths/userPath'
import type { Signer } from '../sync/signers'
import { planDocuments, projectOf, type ProjectSnapshot } from './documents'
import { registeredFor, signerIdsOf } from './documentBuild'
import { DocumentProducer, type Produced } from './documentProduce'
import { gatheredAlready, gatherLazily, type ProjectGathering } from './documentGathering'

export interface ExportRequest {
  meetingId: string
  scope: ExportScope
  folder: string
}

/**
 * Checks the folder the user chose (absolute, not a pseudo-filesystem; created level by level when missing; must
 * be a writable folder), within a deadline: see paths/userPath.ts.
 */
export function prepareFolder(folder: string): Promise<string> {
  return ensureFolder(folder.trim(), { label: '导出文件夹' })
}

interface PlannedExport {
  snap: ProjectSnapshot
  item: DocumentItem
  dir: string
}

/** What an export of these projects writes (ready items) and skips (not ready), in order. */
function planProject(snap: ProjectSnapshot, index: number, scope: ExportScope, folder: string, todo: PlannedExport[], skipped: ExportProblem[]): void {
  if (scope.kind !== 'meeting' && scope.projectId !== undefined && snap.project.id !== scope.projectId) return
  const dir = scope.kind === 'meeting' ? path.join(folder, safeFileName(`${String(index + 1).padStart(2, '0')}-${snap.project.name}`, '')) : folder
  for (const item of planDocuments(snap)) {
    if (scope.kind === 'expert' && (item.kind !== 'expert-opinion' || item.expertId !== scope.expertId)) continue
    if (item.ready) todo.push({ snap, item, dir })
    else skipped.push({ projectName: snap.project.name, label: item.label, expertName: item.expertName, reason: item.reason })
  }
}

/** What an export will write (ready items) and skip (not ready), in order. */
export function planExport(snaps: ProjectSnapshot[], scope: ExportScope, folder: string): { todo: PlannedExport[]; skipped: ExportProblem[] } {
  const todo: PlannedExport[] = []
  const skipped: ExportProblem[] = []
  snaps.forEach((snap, i) => planProject(snap, i, scope, folder, todo, skipped))
  return { todo, skipped }
}

/**
 * The plan of an export over lazily gathered projects (documentGathering.ts): projects are gathered and planned
 * only as far as the export has reached, so the next project is gathered while the workers build this one. The
 * plan's order is that of planExport over all of them.
 */
class LazyPlan {
  /** The documents planned so far; a written one is released (null), with its project's snapshot once all are. */
  readonly todo: (PlannedExport | null)[] = []
  private next = 0

  constructor(
    private readonly source: ProjectGathering,
    private readonly scope: ExportScope,
    private readonly folder: string,
    private readonly summary: ExportSummary,
    private readonly onProject: (planned: PlannedExport[]) => void
  ) {}

  get complete(): boolean {
    return this.next >= this.source.names.length
  }

  /** Projects gathered so far. */
  get gathered(): number {
    return this.next
  }

  /**
   * Forgets the i-th document once it is written: a finished project's snapshot (its sheets, hundreds of KB each,
   * and their parsed contents) is then no longer held, so the heap does not grow with the meeting (issue 10, speed:
   * garbage collection was ≈ 15 % of the main thread's CPU in an export of 20 projects).
   */
  release(i: number): void {
    this.todo[i] = null
  }

  /** Gathers and plans projects until `n` documents are planned or every project is. */
  extend(n: number): void {
    while (this.todo.length < n && !this.complete) {
      const i = this.next++
      const before = this.todo.length
      try {
        const planned: PlannedExport[] = []
        planProject(this.source.snapshot(i), i, this.scope, this.folder, planned, this.summary.skipped)
        this.todo.push(...planned)
      } catch (e) {
        const reason = `读取该项目的评审数据失败：${e instanceof Error ? e.message : String(e)}`
        this.summary.failed.push({ projectName: this.source.names[i] ?? '', label: '全部文档', expertName: null, reason })
      }
      this.onProject(this.todo.slice(before) as PlannedExport[])
    }
  }

  /** The documents to write: exact once every project is planned, else extrapolated from those planned so far. */
  expectedTotal(): number {
    if (this.complete) return this.todo.length
    const gathered = Math.max(1, this.next)
    return Math.max(this.todo.length, Math.round((this.todo.length / gathered) * this.source.names.length))
  }
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export interface ExportOptions {
  /** Verify every written file in full (verifyDocx) instead of comparing its SHA-256 with the bytes just built. */
  fullVerify?: boolean
  /** The secretariat's signing key for charters (null on a laptop without it). */
  signer?: Signer | null
  /** Secretariat keys trusted here (for the full verification). */
  trusted?: readonly string[]
  /** Worker threads that build the documents (default: one per core; 0: build in this thread). */
  workers?: number
}

const NO_CHARTER_NOTE = '未附秘书处签署的评审会名单（本机没有秘书处的签名密钥）：在其他电脑上验证时须提供登记指纹'

/**
 * What was written is what was built: the file read back from disk must have the SHA-256 of the bytes built in
 * memory (from sheets whose signatures were verified while gathering and again by the builders). A full
 * verification of each file (the verifier's own reading of the document) is done when asked for.
 */
async function checkWritten(
  written: string,
  bytes: Uint8Array,
  anchored: boolean,
  full: () => Promise<VerifyDocxResult> | null
): Promise<{ ok: boolean; status: DocumentStatusLabel; reason: string; size: number }> {
  const back = new Uint8Array(await fs.promises.readFile(written))
  if (sha256(back) !== sha256(bytes)) return { ok: false, status: '已篡改', reason: '写入磁盘的文件与生成的内容不一致（SHA-256 不符）', size: back.length }
  const pending = full()
  const v = pending ? await pending : null
  if (!v) {
    const same = '写入的文件与生成的内容逐字节一致（SHA-256）'
    return { ok: true, status: '有效', reason: anchored ? same : `${same}；未提供评审会登记的公钥指纹，签名只核验了内容完整`, size: back.length }
  }
  return { ok: v.status === '有效', status: v.status, reason: v.status !== '有效' ? `${v.status}：${v.reason}` : v.notes.length ? v.notes.join('；') : v.reason, size: back.length }
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

/**
 * Worker threads pay for themselves from about this much work: a worker needs about half a second to load the
 * builders, a document costs about 0.1 ms per budget line it shows (a panel document shows every expert's lines).
 */
const WORKER_WEIGHT = 20_000

/** The budget lines the planned documents show (an estimate of the export's work), plus a fixed part per document. */
function exportWeight(todo: PlannedExport[]): number {
  let w = 0
  for (const t of todo) {
    const lines = [...t.snap.payloads.values()].map((p) => sheetOf(p).budgetReview?.length ?? 0)
    const mine = t.item.kind === 'expert-opinion' ? (lines[[...t.snap.payloads.keys()].indexOf(t.item.expertId ?? '')] ?? 0) : lines.reduce((a, b) => a + b, 0)
    w += 200 + mine
  }
  return w
}

/**
 * Writes the planned documents; each is read back and checked (see checkWritten), and removed again if it fails.
 * Documents are built in worker threads (one per core, `options.workers`; 0 builds in this thread), a few ahead of
 * the one being written; files are written, checked and reported in plan order. `projects` may be gathered
 * lazily (documentGathering.ts): a project is then gathered when the export reaches it, while the workers build
 * the one before; the gathering is closed when the export ends.
 */
export async function runExport(
  projects: ProjectSnapshot[] | ProjectGathering,
  scope: ExportScope,
  folder: string,
  ctx?: JobContext,
  options: ExportOptions = {}
): Promise<ExportSummary> {
  const t0 = performance.now()
  const source = Array.isArray(projects) ? gatheredAlready(projects) : projects
  const summary: ExportSummary = { folder, written: [], skipped: [], failed: [], elapsedMs: 0, cancelled: false }
  let producer: DocumentProducer | null = null
  // The charts of every 评分汇总表 to write: drawn a few at a time while the workers build, rasterised in batches.
  const plan = new LazyPlan(source, scope, folder, summary, (planned) => producer?.queueCharts(scoreSummaries(planned)))
  let pool: BuildPool | null = null
  try {
    plan.extend(1)
    ctx?.progress(0, plan.expectedTotal(), plan.todo.length ? '开始生成文档' : '没有可导出的文档')
    // The process's workers, kept from an earlier export (started here the first time). The export's weight is
    // judged from the projects gathered so far.
    const first = plan.todo as PlannedExport[] // nothing written yet: nothing released
    const weight = plan.complete ? exportWeight(first) : (exportWeight(first) / Math.max(1, first.length)) * plan.expectedTotal()
    pool = acquireBuildPool(options.workers ?? (weight >= WORKER_WEIGHT ? defaultPoolSize() : 0))
    producer = new DocumentProducer(pool, options.signer ?? null)
    producer.queueCharts(scoreSummaries(first))
    summary.workerThreads = pool?.size ?? 0
    await writeAll(plan, producer, pool, ctx, options, summary, t0)
  } finally {
    source.close()
    if (pool) {
      pool.depth = DEPTH
      await releaseBuildPool(pool, summary.cancelled)
    }
  }
  summary.elapsedMs = Math.round(performance.now() - t0)
  return summary
}

const scoreSummaries = (planned: PlannedExport[]): ProjectSnapshot[] => [...new Set(planned.filter((t) => t.item.kind === 'score-summary').map((t) => t.snap))]

/** Documents started ahead of the one being written, per worker: about a project's (nine experts' and three panel ones). */
const PROJECT_AHEAD = 12

/** The export's loop: start builds a few ahead (gathering projects as they are reached), write and check in order. */
async function writeAll(plan: LazyPlan, producer: DocumentProducer, pool: BuildPool | null, ctx: JobContext | undefined, options: ExportOptions, summary: ExportSummary, t0: number): Promise<void> {
  // Builds started a project (twelve documents) per worker, and one more, ahead of the file being written: a
  // project's documents go to one worker (buildPool.pump), so each worker needs a project of its own in the queue,
  // and the next while files wait to be written in order behind a project still being built. The workers build
  // from it (DEEP tasks already in each one's hands) while the main thread gathers (a few tenths of a second a
  // project) or writes.
  const ahead = pool ? (pool.size + 1) * PROJECT_AHEAD : 1
  // A written document's result is released (null): its bytes are on disk.
  const started: (Promise<Produced> | null)[] = []
  for (let i = 0; ; i++) {
    // Each project is gathered only when its first build is due, and its builds start at once (the first ones
    // before the next project is read).
    while (started.length < i + ahead && !ctx?.signal.aborted) {
      const before = plan.gathered
      plan.extend(started.length + 1)
      // After gathering a project (a few tenths of a second, more at first), the workers' replies are read and
      // more tasks handed out before the next one is gathered.
      if (plan.gathered > before) await yieldToLoop()
      // Deep queues in the workers while the main thread still gathers (it is busy for a few tenths of a second a
      // project), shallow ones once everything is gathered (buildPool.DEEP).
      if (pool) pool.depth = plan.complete ? DEPTH : DEEP
      if (started.length >= plan.todo.length) break
      const n = plan.todo[started.length]!
      started.push(producer.build({ snap: n.snap, kind: n.item.kind, expertId: n.item.expertId }))
    }
    plan.extend(i + 1)
    if (pool) pool.depth = plan.complete ? DEPTH : DEEP
    if (i >= plan.todo.length) break
    const t = plan.todo[i]!
    if (ctx?.signal.aborted) {
      summary.cancelled = true
      break
    }
    // The main thread's share of the charts, while the workers build what was started above.
    if (pool) producer.drawCharts(1, undefined, plan.complete)
    const what = `${t.snap.project.name} · ${t.item.label}${t.item.expertName ? `（${t.item.expertName}）` : ''}`
    ctx?.progress(i, plan.expectedTotal(), `正在生成：${what}`)
    const built = await started[i]!
    if (ctx?.signal.aborted) {
      summary.cancelled = true
      break
    }
    // A write to a disk that stops answering is abandoned when the user cancels (it cannot be interrupted).
    if ((await untilAborted(writeOne(t, built, producer, options, summary), ctx?.signal)) === ABORTED) {
      summary.cancelled = true
      break
    }
    summary.elapsedMs = performance.now() - t0
    ctx?.partial(summary)
    ctx?.progress(i + 1, plan.expectedTotal(), `已完成 ${i + 1}/${plan.expectedTotal()}`)
    started[i] = null
    plan.release(i)
    await yieldToLoop()
  }
}

const ABORTED = Symbol('aborted')

/** `work`, or ABORTED as soon as the signal fires (the work itself keeps running and is ignored). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (!signal) return work
  if (signal.aborted) return Promise.resolve(ABORTED)
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(ABORTED)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(e instanceof Error ? e : new Error(String(e)))
      }
    )
  })
}

/** Writes one built document without overwriting, checks it and records it in the summary (written or failed). */
async function writeOne(t: PlannedExport, built: Produced, producer: DocumentProducer, options: ExportOptions, summary: ExportSummary): Promise<void> {
  const problem = (reason: string): ExportProblem => ({ projectName: t.snap.project.name, label: t.item.label, expertName: t.item.expertName, reason })
  try {
    if (!built.ok) throw new Error(built.reason)
    const bytes = built.bytes
    // One level below the checked folder (a project's subfolder): never a recursive mkdir on the user's path.
    await fs.promises.mkdir(t.dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e
    })
    const written = await writeFileNoClobber(t.dir, t.item.fileName, bytes)
    const ids = signerIdsOf(t.snap, t.item.kind, t.item.expertId)
    const registered = registeredFor(t.snap, ids)
    const anchored = !!options.signer || Object.keys(registered).length === ids.length
    const v = await checkWritten(written, bytes, anchored, () =>
      options.fullVerify ? producer.verify(new Uint8Array(fs.readFileSync(written)), { registeredFingerprints: registered, trustedSecretariats: options.trusted ?? [] }) : null
    )
    if (!v.ok) {
      await fs.promises.rm(written, { force: true })
      summary.failed.push(problem(`写入后验证未通过（${v.reason}），已删除该文件`))
      return
    }
    summary.written.push({
      fileName: path.basename(written),
      path: written,
      kind: t.item.kind,
      label: t.item.label,
      projectName: t.snap.project.name,
      expertName: t.item.expertName,
      renamed: path.basename(written) !== t.item.fileName,
      sizeBytes: v.size,
      status: v.status,
      reason: [v.reason, ...(options.signer ? [] : [NO_CHARTER_NOTE])].join('；')
    })
  } catch (e) {
    summary.failed.push(problem(e instanceof Error ? e.message : String(e)))
  }
}

/**
 * The projects of an export request, from one snapshot of the database taken now (documentGathering.ts): each is
 * gathered when the export reaches it. Close it when the export ends (runExport does).
 */
export function gatherForExport(db: Db, req: ExportRequest): ProjectGathering {
  if (req.scope.kind === 'project') {
    const p = projectOf(db, req.scope.projectId)
    if (p.meeting_id !== req.meetingId) throw new ApiError('invalid_input', '该项目不属于所选会议')
  }
  if (req.scope.kind === 'expert') {
    const expertId = req.scope.expertId
    const e = first(db, db.kysely.selectFrom('experts').select('id').where('id', '=', expertId).where('meeting_id', '=', req.meetingId).where('deleted', '=', 0))
    if (!e) throw new ApiError('not_found', '找不到该专家')
  }
  const only = req.scope.kind === 'meeting' ? undefined : req.scope.projectId
  return gatherLazily(db, req.meetingId, only)
}
