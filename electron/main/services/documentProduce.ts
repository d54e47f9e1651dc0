/**
 * Producing the export's documents (issue 10, speed): each planned document becomes a job (documentBuild.documentJob)
 * built in a worker thread of a BuildPool, or in this thread when there is no pool. Jobs are started a few ahead of
 * the one being written, so the workers are never idle while the main thread writes and checks files; results come
 * back in plan order.
 */
import type { DocumentKindId } from '../../../shared/api/documentTypes'
import type { SignedPayload } from '../../../shared/signing/types'
import { buildFromInput, type DocumentJob, type VerdictSeed } from '../documents/buildInput'
import type { BuildPool } from '../documents/buildPool'
import { toWire, type PoolTask } from '../documents/buildWire'
import { CHART_BATCH, type ChartRenderer, PNG_SCALE, scoreChartSvgEntry, svgsToPngs } from '../documents/chartImage'
import { sheetOf } from '../documents/derive'
import { verifyDocx, type VerifyDocxOptions, type VerifyDocxResult } from '../documents/verify'
import { rememberedVerdict } from '../documents/verifyCache'
import type { Signer } from '../sync/signers'
import { documentJob, panelInput } from './documentBuild'
import type { ProjectSnapshot } from './documents'

export interface ProduceItem {
  snap: ProjectSnapshot
  kind: DocumentKindId
  expertId: string | null
}

export type Produced = { ok: true; bytes: Uint8Array } | { ok: false; reason: string }

/** The signature checks this thread has already made for the job's payloads. */
function seedsOf(job: DocumentJob): VerdictSeed[] {
  const seeds: VerdictSeed[] = []
  const add = (payload: SignedPayload, registeredFingerprint?: string): void => {
    const opts = registeredFingerprint !== undefined ? { registeredFingerprint } : undefined
    const result = rememberedVerdict(payload, opts)
    if (result) seeds.push({ payload, ...(opts ?? {}), result })
  }
  if (job.kind === 'expert-opinion') {
    add(job.input.payload, job.input.registeredFingerprint)
    add(job.input.payload)
  } else {
    for (const p of job.input.sources) add(p)
    if (job.input.leaderPayload) add(job.input.leaderPayload)
  }
  return seeds
}

export class DocumentProducer {
  /** Each project's drawn chart (weakly: a finished project's snapshot is not held for it). */
  private readonly charts = new WeakMap<ProjectSnapshot, { key: string; svg: string; renderer: ChartRenderer }>()

  constructor(
    private readonly pool: BuildPool | null,
    private readonly signer: Signer | null
  ) {}

  /** Projects whose 评分图 is still to be drawn, in the order their 评分汇总表 will be built. */
  private chartQueue: ProjectSnapshot[] = []

  /**
   * The 评分图 of these projects will be needed (issue 10, speed): they are drawn a few at a time between the
   * export's other steps (drawChart), while the workers build, instead of all before the first build is started,
   * and rasterised in batches (chartImage.ts: one font database per batch); the 评分汇总表 jobs then carry their
   * chart's SVG and PNG to the worker.
   */
  queueCharts(snaps: ProjectSnapshot[]): void {
    this.chartQueue.push(...snaps.filter((s) => !this.charts.has(s)))
  }

  /**
   * Draws the next queued charts (`count`, or up to and including `upTo`) and, once a batch is complete (or the
   * queue empty and `final`: no more charts will be queued), starts rasterising it off the main thread.
   */
  drawCharts(count: number, upTo?: ProjectSnapshot, final = true): void {
    const n = upTo ? this.chartQueue.indexOf(upTo) + 1 : Math.min(count, this.chartQueue.length)
    for (const s of this.chartQueue.splice(0, n)) {
      try {
        const input = panelInput(s)
        const chart = scoreChartSvgEntry(input.opinion, input.sources.map(sheetOf))
        this.charts.set(s, chart)
        this.drawn.push(chart)
      } catch {
        // Not buildable: the document's own job reports why.
      }
    }
    if (this.drawn.length >= CHART_BATCH || (final && this.chartQueue.length === 0 && this.drawn.length > 0) || upTo) {
      this.rasteriseDrawn()
    }
  }

  private readonly drawn: { svg: string; renderer: ChartRenderer }[] = []

  /** Starts rasterising the drawn charts, by renderer (chartImage.ts); a failure is reported by the job that needs the chart. */
  private rasteriseDrawn(): void {
    const drawn = this.drawn.splice(0)
    for (const r of new Set(drawn.map((d) => d.renderer))) {
      svgsToPngs(drawn.filter((d) => d.renderer === r).map((d) => d.svg), PNG_SCALE, r).catch(() => undefined)
    }
  }

  private async chartFor(s: ProjectSnapshot): Promise<Extract<PoolTask, { op: 'build' }>['chart']> {
    if (this.chartQueue.includes(s)) this.drawCharts(0, s)
    else if (this.drawn.length > 0) this.rasteriseDrawn()
    const chart = this.charts.get(s)
    if (chart === undefined) return undefined
    const [png] = await svgsToPngs([chart.svg], PNG_SCALE, chart.renderer)
    return { key: chart.key, svg: chart.svg, scale: PNG_SCALE, png: png!, renderer: chart.renderer }
  }

  /** Builds one document; never throws (a failure is a Chinese reason). */
  async build(item: ProduceItem): Promise<Produced> {
    try {
      const job = documentJob(item.snap, item.kind, item.expertId, this.signer)
      if (!this.pool) return { ok: true, bytes: await buildFromInput(job) }
      const chart = item.kind === 'score-summary' ? await this.chartFor(item.snap) : undefined
      const task: PoolTask = { op: 'build', job: toWire(job), seeds: seedsOf(job), ...(chart ? { chart } : {}) }
      // A project's documents to one worker: its sheets are sent there once (buildPool.pump).
      const reply = await this.pool.run(task, [], item.snap.project.id)
      if (!reply.bytes) return { ok: false, reason: '后台线程未返回文档' }
      return { ok: true, bytes: reply.bytes }
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) }
    }
  }

  /** The full verification of a written file, in a worker when there is a pool. */
  async verify(bytes: Uint8Array, options: VerifyDocxOptions): Promise<VerifyDocxResult> {
    if (!this.pool) return verifyDocx(bytes, options)
    const reply = await this.pool.run({ op: 'verify', bytes, options })
    if (!reply.verification) throw new Error('后台线程未返回验证结果')
    return reply.verification
  }
}
