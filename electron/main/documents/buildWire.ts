/**
 * What the export sends to a build worker and gets back (buildPool.ts, buildWorker.ts). A panel document's input
 * travels without its opinion: the worker parses it again from the 组长's signed text (it is exactly that text,
 * documentBuild.panelInput), which is cheaper than copying the object tree.
 *
 * Signed payloads are sent to a worker once (issue 10, speed): a project's nine 270 KB sheets are in each of its
 * three panel documents and in its experts' 意见表, and were copied to the workers up to four times each. Each
 * worker keeps the payloads it was sent in a bounded table (`ReceivedPayloads`, first in first out), and the main
 * thread keeps the same table for that worker (`SentPayloads`: the same inserts in the same order, so the same
 * evictions): a payload the worker holds is sent as its number alone. What the worker checks is unchanged — the
 * builders verify every payload they are given, a referenced one as one sent in full (verifyCache.ts); the table
 * only saves the copy. A payload is the same as one sent before only when every field and the SHA-256 of its
 * canonical text are (`payloadIdentity`).
 */
import type { SignedPayload } from '../../../shared/signing/types'
import type { DocumentJob, PanelKindId, VerdictSeed } from './buildInput'
import type { ChartRenderer } from './chartImage'
import { sealedOpinionOf } from './derive'
import type { ExpertOpinionDocInput, PanelOpinionDocInput } from './model'
import type { VerifyDocxOptions, VerifyDocxResult } from './verify'
import { payloadIdentity } from './verifyCache'

type PanelWire = Omit<PanelOpinionDocInput, 'opinion'> & { opinion?: PanelOpinionDocInput['opinion'] }

/** A job whose signed payloads are `P`: the payloads themselves, or as sent (WirePayload). */
type JobWith<P> =
  | { kind: 'expert-opinion'; input: Omit<ExpertOpinionDocInput, 'payload'> & { payload: P } }
  | { kind: PanelKindId; input: Omit<PanelWire, 'sources' | 'leaderPayload'> & { sources: P[]; leaderPayload?: P } }

export type WireJob = JobWith<SignedPayload>

type Chart = { key: string; svg: string; scale: number; png: Uint8Array; renderer: ChartRenderer }

/** A task as the export hands it to the pool. */
export type PoolTask = { op: 'build'; job: WireJob; seeds: VerdictSeed[]; chart?: Chart } | { op: 'verify'; bytes: Uint8Array; options: VerifyDocxOptions }

/**
 * A payload as a task carries it: `ref` 0 is a payload not kept (sent in full, not remembered); any other `ref`
 * with the payload is one the worker keeps under that number from now on, without it one the worker holds.
 */
export interface WirePayload {
  ref: number
  payload?: SignedPayload
}

/** A task as posted to one worker: its payloads sent in full or referenced (SentPayloads). */
export type SentTask =
  | { op: 'build'; job: JobWith<WirePayload>; seeds: (Omit<VerdictSeed, 'payload'> & { payload: WirePayload })[]; chart?: Chart }
  | { op: 'verify'; bytes: Uint8Array; options: VerifyDocxOptions }

export interface PoolRequest {
  id: number
  task: SentTask
}

export type PoolReply =
  | { id: number; ok: true; bytes?: Uint8Array; verification?: VerifyDocxResult }
  | { id: number; ok: false; message: string }

/** The job as sent: a signed panel opinion is left out (the worker parses it from the 组长's payload). */
export function toWire(job: DocumentJob): WireJob {
  if (job.kind === 'expert-opinion') return job
  const { opinion, ...rest } = job.input
  return { kind: job.kind, input: rest.leaderPayload ? rest : { ...rest, opinion } }
}

/** The job with each payload mapped by `f`, in a fixed order (the payload or sources, then the 组长's). */
function mapJob<A, B>(job: JobWith<A>, f: (p: A) => B): JobWith<B> {
  if (job.kind === 'expert-opinion') return { kind: job.kind, input: { ...job.input, payload: f(job.input.payload) } }
  const { sources, leaderPayload, ...rest } = job.input
  const mapped = sources.map(f)
  return { kind: job.kind, input: { ...rest, sources: mapped, ...(leaderPayload !== undefined ? { leaderPayload: f(leaderPayload) } : {}) } }
}

/** The payloads a worker keeps: at most this many (≈ 70 MB of 2,000-line sheets), the oldest dropped first. */
export const PAYLOADS_KEPT = 256

/**
 * The main thread's copy of one worker's table: which payloads that worker holds, by identity, and under which
 * number. Only identities are kept here (no texts). `encode` must be called for the tasks in the order they are
 * posted to that worker, which is the order the worker decodes them in.
 */
export class SentPayloads {
  private readonly refs = new Map<string, number>()
  private next = 1

  private wire(p: SignedPayload): WirePayload {
    const identity = payloadIdentity(p)
    if (identity === null) return { ref: 0, payload: p }
    const ref = this.refs.get(identity)
    if (ref !== undefined) return { ref }
    if (this.refs.size >= PAYLOADS_KEPT) this.refs.delete(this.refs.keys().next().value as string)
    const fresh = this.next++
    this.refs.set(identity, fresh)
    return { ref: fresh, payload: p }
  }

  /** The task as posted to this worker (job payloads first, then the seeds', as ReceivedPayloads reads them). */
  encode(task: PoolTask): SentTask {
    if (task.op !== 'build') return task
    const job = mapJob(task.job, (p) => this.wire(p))
    const seeds = task.seeds.map((s) => ({ ...s, payload: this.wire(s.payload) }))
    return { ...task, job, seeds }
  }
}

/** The worker's table (see SentPayloads): payloads received, by number. */
export class ReceivedPayloads {
  private readonly kept = new Map<number, SignedPayload>()
  private missing = 0

  private take(w: WirePayload): SignedPayload {
    if (w.payload !== undefined) {
      if (w.ref !== 0) {
        if (this.kept.size >= PAYLOADS_KEPT) this.kept.delete(this.kept.keys().next().value as number)
        this.kept.set(w.ref, w.payload)
      }
      return w.payload
    }
    const p = this.kept.get(w.ref)
    if (p === undefined) this.missing++
    return p as SignedPayload
  }

  /**
   * The job and seeds of a task, each payload the object received (in full now or before). Every payload of the
   * task is read before anything can fail, so this table stays the main thread's copy; a number this worker does
   * not hold (never expected) fails the task.
   */
  decode(task: Extract<SentTask, { op: 'build' }>): { job: DocumentJob; seeds: VerdictSeed[] } {
    this.missing = 0
    const wire = mapJob(task.job, (w) => this.take(w))
    const seeds = task.seeds.map((s) => ({ ...s, payload: this.take(s.payload) }))
    if (this.missing > 0) throw new Error('后台线程缺少已发送的签名数据，无法生成该文档，请重新导出')
    return { job: fromWire(wire), seeds }
  }
}

/** The sealed opinion of a (kept) 组长 payload: parsed once for the three panel documents of a project. */
const opinions = new WeakMap<SignedPayload, PanelOpinionDocInput['opinion']>()

function opinionOf(leader: SignedPayload): PanelOpinionDocInput['opinion'] {
  let o = opinions.get(leader)
  if (!o) {
    o = sealedOpinionOf(leader)
    opinions.set(leader, o)
  }
  return o
}

/** The job as built in the worker. */
function fromWire(w: WireJob): DocumentJob {
  if (w.kind === 'expert-opinion') return w
  const { leaderPayload } = w.input
  const opinion = leaderPayload ? opinionOf(leaderPayload) : w.input.opinion
  if (!opinion) throw new Error('缺少专家组意见')
  return { kind: w.kind, input: { ...w.input, opinion } }
}
