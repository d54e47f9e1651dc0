/**
 * What the export sends to a build worker and gets back (buildPool.ts, buildWorker.ts). A panel document's input
 * travels without its opinion: the worker parses it again from the 组长's signed text (it is exactly that text,
 * documentBuild.panelInput), which is cheaper than copying the object tree. Payloads received again (the same
 * sheet in another document of the project) are kept once per worker, so a sheet is parsed once there.
 */
import type { SignedPayload } from '../../../shared/signing/types'
import type { DocumentJob, VerdictSeed } from './buildInput'
import type { ChartRenderer } from './chartImage'
import { sealedOpinionOf } from './derive'
import type { ExpertOpinionDocInput, PanelOpinionDocInput } from './model'
import type { VerifyDocxOptions, VerifyDocxResult } from './verify'

type PanelWire = Omit<PanelOpinionDocInput, 'opinion'> & { opinion?: PanelOpinionDocInput['opinion'] }

export type WireJob = { kind: 'expert-opinion'; input: ExpertOpinionDocInput } | { kind: Exclude<DocumentJob['kind'], 'expert-opinion'>; input: PanelWire }

export type PoolTask =
  | { op: 'build'; job: WireJob; seeds: VerdictSeed[]; chart?: { key: string; svg: string; scale: number; png: Uint8Array; renderer: ChartRenderer } }
  | { op: 'verify'; bytes: Uint8Array; options: VerifyDocxOptions }

export interface PoolRequest {
  id: number
  task: PoolTask
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

const INTERNED_LIMIT = 256
const interned = new Map<string, SignedPayload>()

function same(a: SignedPayload, b: SignedPayload): boolean {
  return (
    a.canonical === b.canonical &&
    a.digest === b.digest &&
    a.signature === b.signature &&
    a.publicKey === b.publicKey &&
    a.fingerprint === b.fingerprint &&
    a.signedAt === b.signedAt &&
    a.kind === b.kind &&
    a.format === b.format &&
    a.signer?.id === b.signer?.id &&
    a.signer?.name === b.signer?.name
  )
}

/** The payload object received before with exactly these fields, or this one (remembered). */
export function intern(p: SignedPayload): SignedPayload {
  if (typeof p !== 'object' || p === null || typeof p.digest !== 'string') return p
  const key = `${p.digest}|${p.signature}|${p.fingerprint}`
  const hit = interned.get(key)
  if (hit && same(hit, p)) return hit
  if (interned.size >= INTERNED_LIMIT) interned.delete(interned.keys().next().value as string)
  interned.set(key, p)
  return p
}

/** The sealed opinion of a (remembered) 组长 payload: parsed once for the three panel documents of a project. */
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
export function fromWire(w: WireJob): DocumentJob {
  if (w.kind === 'expert-opinion') return { kind: w.kind, input: { ...w.input, payload: intern(w.input.payload) } }
  const sources = w.input.sources.map(intern)
  const leaderPayload = w.input.leaderPayload ? intern(w.input.leaderPayload) : undefined
  const opinion = leaderPayload ? opinionOf(leaderPayload) : w.input.opinion
  if (!opinion) throw new Error('缺少专家组意见')
  return { kind: w.kind, input: { ...w.input, sources, ...(leaderPayload ? { leaderPayload } : {}), opinion } }
}
