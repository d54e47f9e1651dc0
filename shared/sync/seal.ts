/**
 * Authors proven, not claimed (issue 15): every change travels inside a *sealed unit* — a run of whole transactions
 * of one origin, all by one author — signed by that author. Verifying a unit costs one SM2 check (plus one per new
 * delegation certificate, cached), however many changes it holds.
 *
 * Keys:
 *  - the author's **master key** (an expert's key under PIN, whose fingerprint is read aloud at check-in and
 *    registered by the secretariat; the secretariat's key under PIN, whose fingerprint is pinned by every laptop
 *    when it joins the meeting);
 *  - a **sync key** per author and device, made when the master key is unlocked and certified by it
 *    (`SyncKeyCert`), so a laptop can sign its batches at every sync without asking for the PIN again. A copy of a
 *    laptop's database and its device secret can forge draft changes of that author, never a signed submission.
 *
 * The seal travels on the last change of its unit. Message formats are plain UTF-8 text so that any SM2 library
 * can check them (docs/sync.md, "Sealed units").
 */
import { z } from 'zod'
import type { Change } from './change'
import { publicKeyFingerprint, sm2Sign, sm2Verify, sm3Hex, sm3HexOfBytes } from '../signing/sm'
import { keyMaySignFor } from './originId'

export const SEAL_VERSION = 1

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`))
const pubKey = z.string().regex(/^04[0-9a-f]{128}$/)
const der = z.string().regex(/^30[0-9a-f]{12,300}$/)

export const syncKeyCertSchema = z
  .object({
    v: z.literal(1),
    author: z.string().min(1).max(200),
    key: pubKey,
    master: pubKey,
    issuedAt: z.string().min(10).max(40),
    sig: der
  })
  .strict()
export type SyncKeyCert = z.infer<typeof syncKeyCertSchema>

export const sealSchema = z
  .object({
    v: z.literal(1),
    origin: z.string().min(1).max(80),
    author: z.string().min(1).max(200),
    from: z.number().int().min(1),
    to: z.number().int().min(1),
    count: z.number().int().min(1),
    digest: hex(64),
    cert: syncKeyCertSchema,
    sig: der
  })
  .strict()
export type Seal = z.infer<typeof sealSchema>

export function certMessage(c: Omit<SyncKeyCert, 'sig' | 'v'>): string {
  return `paneldesk.sync-key/1\n${c.author}\n${c.key}\n${c.master}\n${c.issuedAt}`
}

export function sealMessage(s: Omit<Seal, 'sig' | 'cert' | 'v'>, certSig: string): string {
  return `paneldesk.seal/1\n${s.origin}\n${s.author}\n${s.from}\n${s.to}\n${s.count}\n${s.digest}\n${certSig}`
}

/** One change as hashed: its fields joined by U+001F, ended by U+001E. */
export function changeLine(c: Change): string {
  return `${c.origin}\u001f${c.seq}\u001f${c.tx}\u001f${c.txEnd}\u001f${c.hlc}\u001f${c.author}\u001f${c.tbl}\u001f${c.rowId}\u001f${c.col}\u001f${c.value}\u001e`
}

/** A hash function over UTF-8 text: SM3. Node's OpenSSL provides it natively; elsewhere the JS one is used. */
export type TextHasher = (parts: readonly string[]) => string

let hasher: TextHasher = (parts) => sm3Hex(parts.join(''))

/** Installs a faster SM3 (Node's crypto, where OpenSSL has it); must give the same digests. */
export function setSm3Hasher(h: TextHasher): void {
  hasher = h
}

/** SM3 of text, through the same (native where possible) hasher as unit digests. */
export function textDigest(text: string): string {
  return hasher([text])
}

/** A hash function over bytes: SM3 (native where Node's OpenSSL has it, nativeSm3.ts). */
export type BytesHasher = (bytes: Uint8Array) => string
let bytesHasher: BytesHasher = (b) => sm3HexOfBytes(b)

/** Installs a faster SM3 over bytes; must give the same digests. */
export function setSm3BytesHasher(h: BytesHasher): void {
  bytesHasher = h
}

/** SM3 of bytes (a version 2 envelope's ciphertext, unitEnvelope.ts). */
export function bytesDigest(bytes: Uint8Array): string {
  return bytesHasher(bytes)
}

export function unitDigest(changes: readonly Change[]): string {
  return hasher(changes.map(changeLine))
}

export function makeCert(author: string, master: { privateKey: string; publicKey: string }, syncPublicKey: string, issuedAt: string): SyncKeyCert {
  const body = { author, key: syncPublicKey, master: master.publicKey, issuedAt }
  return { v: 1, ...body, sig: sm2Sign(certMessage(body), master.privateKey, master.publicKey) }
}

/** Seals a unit: `changes` are whole transactions of one origin, all by `cert.author`, in seq order. */
export function makeSeal(changes: readonly Change[], cert: SyncKeyCert, syncPrivateKey: string): Seal {
  const first = changes[0]
  const last = changes[changes.length - 1]
  if (!first || !last) throw new Error('empty unit')
  const body = { origin: first.origin, author: cert.author, from: first.seq, to: last.seq, count: changes.length, digest: unitDigest(changes) }
  return { v: 1, ...body, cert, sig: sm2Sign(sealMessage(body, cert.sig), syncPrivateKey, cert.key) }
}

export type SealCheck =
  | { ok: true; seal: Seal; masterFingerprint: string }
  | { ok: false; reason: string }

const certCache = new Map<string, boolean>()
const CERT_CACHE_MAX = 10_000

/** Whether the certificate is signed by the master key it names (cached). */
export function certValid(c: SyncKeyCert): boolean {
  const key = `${c.sig}|${c.key}|${c.master}|${c.author}|${c.issuedAt}`
  const hit = certCache.get(key)
  if (hit !== undefined) return hit
  const ok = sm2Verify(certMessage(c), c.sig, c.master)
  if (certCache.size >= CERT_CACHE_MAX) certCache.clear()
  certCache.set(key, ok)
  return ok
}

export function parseSeal(text: string): Seal | null {
  try {
    const r = sealSchema.safeParse(JSON.parse(text))
    return r.success ? r.data : null
  } catch {
    return null
  }
}

/**
 * Checks a unit against its seal: the seal parses, names this origin, author, range and count, its certificate
 * is signed by the master key it names, the digest matches and the sync key signed it. Who the master key
 * belongs to (registered for the expert, pinned as the secretariat's) is the caller's judgement.
 */
export function checkUnit(changes: readonly Change[], sealText: string): SealCheck {
  const seal = parseSeal(sealText)
  if (!seal) return { ok: false, reason: '签名封包格式无效' }
  const first = changes[0]
  const last = changes[changes.length - 1]
  if (!first || !last) return { ok: false, reason: '空的签名封包' }
  if (seal.origin !== first.origin || seal.from !== first.seq || seal.to !== last.seq || seal.count !== changes.length) {
    return { ok: false, reason: '签名封包的范围与修改不符' }
  }
  if (seal.cert.author !== seal.author) return { ok: false, reason: '签名封包的作者与证书不符' }
  for (const c of changes) {
    if (c.author !== seal.author) return { ok: false, reason: `签名封包中出现了其他作者「${c.author.slice(0, 40)}」的修改` }
  }
  if (!keyMaySignFor(seal.origin, seal.cert.key)) return { ok: false, reason: '签名密钥不是生成该设备标识的密钥（冒用其他设备的标识）' }
  if (!certValid(seal.cert)) return { ok: false, reason: '同步密钥证书的签名无效' }
  if (unitDigest(changes) !== seal.digest) return { ok: false, reason: '修改内容与签名封包的摘要不符（内容被改动）' }
  if (!sm2Verify(sealMessage(seal, seal.cert.sig), seal.sig, seal.cert.key)) return { ok: false, reason: '签名封包的签名无效' }
  return { ok: true, seal, masterFingerprint: publicKeyFingerprint(seal.cert.master) }
}
