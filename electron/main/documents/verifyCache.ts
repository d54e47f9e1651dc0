/**
 * verifySignedPayload with a small memo: the same signed sheet is checked by every document made from it
 * (the expert's own 意见表 and the three panel documents, the preview, the export) and a 2,000-line sheet costs
 * ~20 ms to re-canonicalise. The memo is keyed on every field of the envelope and the registered fingerprint,
 * so a changed payload (any field) is verified afresh; only the result is remembered.
 */
import type { SignedPayload } from '../../../shared/signing/types'
import type { VerifyResult } from '../../../shared/signing/envelope'
import { verifySignedPayload } from '../../../shared/signing/envelope'

const MAX_ENTRIES = 4000

interface Entry {
  canonical: string
  publicKey: string
  signerId: string
  signerName: string
  signedAt: string
  kind: string
  format: string
  result: VerifyResult
}

const memo = new Map<string, Entry>()

export function verifySignedPayloadCached(p: SignedPayload, opts?: { registeredFingerprint?: string }): VerifyResult {
  if (typeof p !== 'object' || p === null || typeof p.canonical !== 'string' || p.signer === null || typeof p.signer !== 'object') {
    return verifySignedPayload(p, opts)
  }
  const key = `${p.digest}|${p.signature}|${p.fingerprint}|${opts?.registeredFingerprint ?? '\u0000'}`
  const e = memo.get(key)
  if (
    e &&
    e.canonical === p.canonical &&
    e.publicKey === p.publicKey &&
    e.signerId === p.signer.id &&
    e.signerName === p.signer.name &&
    e.signedAt === p.signedAt &&
    e.kind === p.kind &&
    e.format === p.format
  ) {
    return e.result
  }
  const result = verifySignedPayload(p, opts)
  if (memo.size >= MAX_ENTRIES) memo.delete(memo.keys().next().value as string)
  memo.set(key, {
    canonical: p.canonical,
    publicKey: p.publicKey,
    signerId: p.signer.id,
    signerName: p.signer.name,
    signedAt: p.signedAt,
    kind: p.kind,
    format: p.format,
    result
  })
  return result
}

/** Forgets every remembered result (tests and benchmarks that want a cold start). */
export function clearVerifyCache(): void {
  memo.clear()
}
