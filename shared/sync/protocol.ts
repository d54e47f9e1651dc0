/**
 * The sync protocol, the same for every transport:
 *   hello → {protocolVersion, schemaVersion, vv, serverTime}
 *   pull(vv, limitBytes, refetch?) → {changes, vvAfter, hasMore}   pages cut at transaction boundaries, ~1 MB
 *   push(changes) → {vv, ...}                                       idempotent: duplicates ignored by (origin, seq)
 */
import { z } from 'zod'
import { changeSchema, type Change } from './change'
import { MAX_ORIGIN_CLAIMS, originClaimSchema } from './originClaim'
import { syncKeyCertSchema } from './seal'
import type { WithheldStub } from './visibility'
import type { VersionVector } from './vv'

/** 2: withheld stubs carry only origin, seq, tx, txEnd; hello and push tell the unlocked projects; pull returns the refetch left. */
export const PROTOCOL_VERSION = 2
export const PAGE_BYTES = 1024 * 1024

const vvSchema = z.record(z.string().min(1).max(80), z.number().int().min(0).max(2 ** 50))

/** Origins the device claims as its own (signed by its sync keys; server/origins.ts). */
const originClaimsSchema = z.array(originClaimSchema).max(MAX_ORIGIN_CLAIMS)

export const helloRequestSchema = z.object({ protocolVersion: z.number().int(), schemaVersion: z.number().int().min(0), vv: vvSchema, origins: originClaimsSchema.optional() }).strict()
export type HelloRequest = z.infer<typeof helloRequestSchema>

export interface HelloResponse {
  protocolVersion: number
  schemaVersion: number
  vv: VersionVector
  /** The peer's wall clock (ms), to report a clock more than 5 minutes off. */
  serverTime: number
  /** Who this device may write as (server only). */
  author: string
  meetingId: string
  /**
   * Projects whose other experts' work this expert's device may now receive (assigned, not recused, own submission
   * accepted), and `rereview:<project>` for each project the secretariat named this expert to re-review (the
   * 组长's signed 专家组评审意见 of it is released). When it grows, the device asks for its withheld transactions
   * again (`refetch`).
   */
  unlocked: string[]
  /** Origins this device claimed that another device owns on the server: their changes are not taken from it. */
  originsTaken?: string[]
}

/** A range of a withheld transaction the device asks for again (after its own submission unlocks it). */
export const refetchSchema = z.object({ origin: z.string().min(1).max(80), from: z.number().int().min(1), to: z.number().int().min(1) }).strict()
export type Refetch = z.infer<typeof refetchSchema>

export const pullRequestSchema = z
  .object({
    vv: vvSchema,
    limitBytes: z.number().int().min(1024).max(8 * 1024 * 1024).default(PAGE_BYTES),
    refetch: z.array(refetchSchema).max(5000).default([])
  })
  .strict()
export type PullRequest = z.input<typeof pullRequestSchema>

export interface PullResponse {
  /** Changes, and stubs of those this device may not see (origin, seq, tx, txEnd only). */
  changes: (Change | WithheldStub)[]
  vvAfter: VersionVector
  /** True whenever anything is left for this device (new changes, or refetch ranges not done yet). */
  hasMore: boolean
  /** What is left of the requested refetch ranges: ask for it with the next page. */
  refetch: Refetch[]
}

export const pushRequestSchema = z.object({ changes: z.array(changeSchema).max(200_000) }).strict()
export type PushRequest = z.infer<typeof pushRequestSchema>

export interface PushResponse {
  vv: VersionVector
  accepted: number
  rejected: number
  /** Changes of origins this device may not push (relayed from elsewhere): skipped, not an error. */
  ignored: number
  /** Changes held because they are stamped more than 24 h ahead of the server's clock (this device's clock is wrong). */
  heldFuture?: number
  /** Set when the server refused a transaction (the device may not write as its author); nothing after it was taken. */
  refused: string | null
  /** As in the hello, after this push (a submission it brought may have unlocked a project). */
  unlocked: string[]
}

export const enrolRequestSchema = z
  .object({ joinCode: z.string().min(6).max(64), deviceName: z.string().max(100).default(''), secretariatCert: syncKeyCertSchema.optional(), origins: originClaimsSchema.optional() })
  .strict()
export type EnrolRequest = z.input<typeof enrolRequestSchema>
export interface EnrolResponse {
  token: string
  author: string
  meetingId: string
  /** As in the hello: claimed origins another device owns. */
  originsTaken?: string[]
}

export const joinCodeRequestSchema = z.object({ author: z.string().min(1).max(200), meetingId: z.string().max(200).default(''), ttlHours: z.number().min(1).max(24 * 14).default(72) }).strict()
export type JoinCodeRequest = z.input<typeof joinCodeRequestSchema>
export interface JoinCodeResponse {
  code: string
  author: string
  expiresAt: string
}
