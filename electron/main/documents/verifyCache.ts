/**
 * verifySignedPayload with a small memo: the same signed sheet is checked by every document made from it
 * (the expert's own 意见表 and the three panel documents, the preview, the export) and a 2,000-line sheet costs
 * ~20 ms to re-canonicalise. The memo is keyed on every field of the envelope and the registered fingerprint,
 * so a changed payload (any field) is verified afresh; only the result is remembered. The canonical text (about
 * 0.5 MB for a sheet with a 2,000-line budget) is remembered by its length and native SHA-256 (≈ 1 ms), not kept:
 * keeping the texts held 94 MB for a 20 × 9 meeting (issue 11, bench/memory.bench.ts).
 */
import crypto from 'node:crypto'
import type { SignedPayload } from '../../../shared/signing/types'
import type { VerifyResult } from '../../../shared/signing/envelope'
import { verifySignedPayload } from '../../../shared/signing/envelope'

const MAX_ENTRIES = 4000

interface Entry {
  canonicalLength: number
  canonicalSha: string
  publicKey: string
  signerId: string
  signerName: string
  signedAt: string
  kind: string
  format: string
  result: VerifyResult
}

const memo = new Map<string, Entry>()

type Opts = { registeredFingerprint?: string } | undefined

const wellFormed = (p: SignedPayload): boolean =>
  typeof p === 'object' && p !== null && typeof p.canonical === 'string' && p.signer !== null && typeof p.signer === 'object'

const sha = (text: string): string => crypto.createHash('sha256').update(text).digest('hex')

/** The canonical text each payload object was last hashed with, and its SHA-256. */
const canonicalShas = new WeakMap<SignedPayload, { text: string; sha: string }>()

/**
 * The SHA-256 of a payload's canonical text, hashed once per payload object and text: an export looks the same
 * sheet up for every document made from it, and a 2,000-line sheet is 0.5 MB to hash each time. A hit needs the
 * very same text (string equality: the same string object answers at once, an equal copy by comparison).
 */
function canonicalSha(p: SignedPayload): string {
  const hit = canonicalShas.get(p)
  if (hit && hit.text === p.canonical) return hit.sha
  const s = sha(p.canonical)
  canonicalShas.set(p, { text: p.canonical, sha: s })
  return s
}

const keyOf = (p: SignedPayload, opts: Opts): string => `${p.digest}|${p.signature}|${p.fingerprint}|${opts?.registeredFingerprint ?? '\u0000'}`

function lookup(p: SignedPayload, opts: Opts): VerifyResult | undefined {
  const e = memo.get(keyOf(p, opts))
  if (
    e &&
    e.canonicalLength === p.canonical.length &&
    e.publicKey === p.publicKey &&
    e.signerId === p.signer.id &&
    e.signerName === p.signer.name &&
    e.signedAt === p.signedAt &&
    e.kind === p.kind &&
    e.format === p.format &&
    e.canonicalSha === canonicalSha(p)
  ) {
    return e.result
  }
  return undefined
}

function store(p: SignedPayload, opts: Opts, result: VerifyResult): void {
  if (memo.size >= MAX_ENTRIES) memo.delete(memo.keys().next().value as string)
  memo.set(keyOf(p, opts), {
    canonicalLength: p.canonical.length,
    canonicalSha: canonicalSha(p),
    publicKey: p.publicKey,
    signerId: p.signer.id,
    signerName: p.signer.name,
    signedAt: p.signedAt,
    kind: p.kind,
    format: p.format,
    result
  })
}

/**
 * verifySignedPayload, memoised. The registered-fingerprint check is one more condition in verifySignedPayload: it
 * can only turn 有效 into a failure. So a payload found valid against a registered fingerprint is also remembered as
 * valid without one (the gathering step checks with fingerprints, the builders without: one SM2 check serves both).
 */
export function verifySignedPayloadCached(p: SignedPayload, opts?: { registeredFingerprint?: string }): VerifyResult {
  if (!wellFormed(p)) return verifySignedPayload(p, opts)
  const hit = lookup(p, opts)
  if (hit) return hit
  const result = verifySignedPayload(p, opts)
  store(p, opts, result)
  if (opts?.registeredFingerprint !== undefined && result.status === 'valid') store(p, undefined, result)
  return result
}

/** Records a verdict computed elsewhere for exactly this payload (the stored verdicts of verdictStore.ts). */
export function rememberVerdict(p: SignedPayload, opts: Opts, result: VerifyResult): void {
  if (!wellFormed(p)) return
  store(p, opts, result)
  if (opts?.registeredFingerprint !== undefined && result.status === 'valid') store(p, undefined, result)
}

/** The remembered result of exactly this check, if any (handed to a worker thread with its task: buildWire.ts). */
export function rememberedVerdict(p: SignedPayload, opts?: { registeredFingerprint?: string }): VerifyResult | undefined {
  return wellFormed(p) ? lookup(p, opts) : undefined
}

/**
 * Everything that makes a payload what it is, as one string: every field and the SHA-256 of its canonical text
 * (hashed once per payload object). Two payloads with the same identity are the same payload (buildWire.ts sends
 * a worker a payload it already holds by number); null for a payload too malformed to have one.
 */
export function payloadIdentity(p: SignedPayload): string | null {
  if (!wellFormed(p)) return null
  const fields = [p.digest, p.signature, p.fingerprint, p.publicKey, p.signedAt, p.kind, p.format, p.signer.id, p.signer.name]
  if (!fields.every((f) => typeof f === 'string')) return null
  return `${JSON.stringify(fields)}|${p.canonical.length}|${canonicalSha(p)}`
}

/** Forgets every remembered result (tests and benchmarks that want a cold start). */
export function clearVerifyCache(): void {
  memo.clear()
}
