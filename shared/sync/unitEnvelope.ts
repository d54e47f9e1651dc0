/**
 * Independence through the shared folder (issue 15, item 6): a sealed unit of expert content (seal.ts, units.ts)
 * travels through the folder only inside an *envelope*, made by the author's laptop:
 *  - a random 16-byte content key per author and *scope* (one expert's rows of one project, or of no project), with
 *    an id (`kid`); the unit's changes (every field, the seal included) as JSON, encrypted with SM4-GCM under it
 *    (a fresh 96-bit IV per envelope);
 *  - the content key wrapped by SM2 public-key encryption to each recipient: the secretariat's master key(s)
 *    pinned on the author's laptop, and the author's own master key (made once per scope, reused by its envelopes);
 *  - a header — origin, author, seq range, count, the first seq of each transaction, the recipients' fingerprints
 *    with their wrapped keys, the SM3 digest of the ciphertext — signed by the author's sync key (its certificate
 *    travels along), so a laptop that cannot open it still proves who wrote it and which seqs it covers, and logs
 *    them as withheld stubs (visibility.ts) without learning anything else.
 * Version 2 (2026-12-07): each recipient's entry is `{fp, tk, wrapped}`: `tk` a *transport key* (16 random bytes the
 * author's laptop makes per recipient and session, keyring.ts) SM2-wrapped to the recipient, the same text in every
 * content key the laptop makes for that recipient in the session, and `wrapped` the content key under it (SM4, one
 * block). A recipient then spends one SM2 decryption per author and session instead of one per content key. The
 * signed header covers `tk` too. The version 2 envelope is also kept and written in two parts: its header as JSON and
 * its ciphertext as bytes (not hex inside the JSON), signed over the SM3 of those bytes (`paneldesk.envelope/2`).
 * Version 1 envelopes (one JSON text, the ciphertext in hex, `{fp, wrapped}`: the content key SM2-wrapped directly)
 * are still read, checked and relayed as they are.
 * A *grant* (grant.ts: the secretariat's release, after an expert's own submission for the project is accepted) is
 * the same content key wrapped to that expert's sync key, signed by the secretariat: it opens every envelope of that
 * scope.
 * docs/sync.md, "Sealed envelopes".
 */
import { z } from 'zod'
import { randomBytes } from '@noble/hashes/utils.js'
import { sm4GcmDecrypt, sm4GcmEncrypt } from '../signing/sm4gcm'
import { changeSchema, isPlainChange, type Change } from './change'
import { bytesDigest, certValid, parseSeal, syncKeyCertSchema, textDigest, type SyncKeyCert } from './seal'
import { bytesToHex, hexToBytes, publicKeyFingerprint, sm2Decrypt, sm2Encrypt, sm2Sign, sm2Verify, utf8Bytes } from '../signing/sm'
import { sm4UnwrapKey, sm4WrapKey, type ReleaseKey } from './grant'

/** At most this many changes in one envelope (a unit is at most 4,000 unless a single transaction is larger). */
export const ENVELOPE_MAX_CHANGES = 200_000
/** At most this many characters of ciphertext (hex) in one envelope (version 1; version 2: half as many bytes). */
export const ENVELOPE_MAX_CT = 128 * 1024 * 1024

const der = z.string().regex(/^30[0-9a-f]{12,300}$/)
const fpSchema = z.string().regex(/^[0-9a-f]{64}$/)
const sm2Wrapped = z.string().regex(/^[0-9a-f]{194,400}$/)
/** The content key under a transport key (`tk`, SM2-wrapped to the recipient): version 2 only. */
const transportedKey = z.object({ fp: fpSchema, tk: sm2Wrapped, wrapped: z.string().regex(/^[0-9a-f]{32}$/) }).strict()
/** The content key SM2-wrapped to the recipient. */
const directKey = z.object({ fp: fpSchema, wrapped: sm2Wrapped }).strict()
/** The recipients' entries of either version (release grants read them from kept envelopes). */
export const envelopeKeysSchema = z.array(z.union([transportedKey, directKey])).min(1).max(16)

const headerFields = {
  origin: z.string().min(1).max(80),
  author: z.string().min(1).max(200),
  from: z.number().int().min(1).max(2 ** 50),
  to: z.number().int().min(1).max(2 ** 50),
  count: z.number().int().min(1).max(ENVELOPE_MAX_CHANGES),
  txs: z.array(z.number().int().min(1).max(2 ** 50)).min(1).max(ENVELOPE_MAX_CHANGES),
  kid: z.string().regex(/^[0-9a-f]{32}$/),
  iv: z.string().regex(/^[0-9a-f]{24}$/),
  tag: z.string().regex(/^[0-9a-f]{32}$/),
  cert: syncKeyCertSchema,
  sig: der
}

/** Version 1 (before 2026-12-07; still read): the whole envelope as JSON, the ciphertext in hex inside it. */
export const envelopeSchema = z
  .object({ v: z.literal(1), ...headerFields, keys: z.array(directKey).min(1).max(16), ct: z.string().max(ENVELOPE_MAX_CT).regex(/^[0-9a-f]*$/) })
  .strict()
/** Version 2: the header as JSON; the ciphertext travels beside it as bytes (`sync_envelopes.ct`, a folder file's `ct`). */
export const envelopeHeaderSchema = z.object({ v: z.literal(2), ...headerFields, keys: envelopeKeysSchema }).strict()
export type EnvelopeV1 = z.infer<typeof envelopeSchema>
export type EnvelopeHeader = z.infer<typeof envelopeHeaderSchema>
export type UnitEnvelope = EnvelopeV1 | (EnvelopeHeader & { ct: Uint8Array })
export type KeyEntry = EnvelopeHeader['keys'][number]

/** SM3 of the ciphertext as signed: of its hex text (version 1), or of its bytes (version 2). */
function ctDigest(ct: string | Uint8Array): string {
  return typeof ct === 'string' ? textDigest(ct) : bytesDigest(ct)
}

type Unsigned = Omit<EnvelopeV1, 'sig' | 'cert'> | Omit<EnvelopeHeader & { ct: Uint8Array }, 'sig' | 'cert'>

export function envelopeMessage(e: Unsigned, certSig: string): string {
  const keys = (e.keys as readonly KeyEntry[]).map((k) => ('tk' in k ? `${k.fp}:${k.tk}:${k.wrapped}` : `${k.fp}:${k.wrapped}`)).join(',')
  return `paneldesk.envelope/${e.v}\n${e.origin}\n${e.author}\n${e.from}\n${e.to}\n${e.count}\n${e.txs.join(',')}\n${e.kid}\n${keys}\n${e.iv}\n${e.tag}\n${ctDigest(e.ct)}\n${certSig}`
}

/** What is stored and written for an envelope: its JSON (version 1 whole; version 2 the header) and its ciphertext bytes (version 2). */
export function envelopeBody(e: UnitEnvelope): { body: string; ct: Uint8Array | null } {
  if (e.v === 1) return { body: JSON.stringify(e), ct: null }
  const { ct, ...header } = e
  return { body: JSON.stringify(header), ct }
}

/** A content key, its id, and its wrappings for the recipients. */
export interface ContentKey {
  kid: string
  key: Uint8Array
  keys: KeyEntry[]
}

/**
 * A new content key wrapped for `recipients` (SM2 public keys; duplicates are dropped): under each recipient's
 * transport key when `transport` gives them (version 2), else SM2-wrapped to each directly (version 1).
 */
export function makeContentKey(recipients: readonly string[], transport?: (recipient: string) => ReleaseKey): ContentKey {
  const key = randomBytes(16)
  const seen = new Set<string>()
  const keys: KeyEntry[] = []
  for (const pub of recipients) {
    const fp = publicKeyFingerprint(pub)
    if (seen.has(fp)) continue
    seen.add(fp)
    const tk = transport?.(pub)
    keys.push(tk ? { fp, tk: tk.rk, wrapped: sm4WrapKey(key, tk.key) } : { fp, wrapped: sm2Encrypt(key, pub) })
  }
  return { kid: bytesToHex(randomBytes(16)), key, keys }
}

/** Unwraps a content key wrapped for this key pair; null when it is not (or the wrapping was altered). */
export function unwrapKey(wrapped: string, privateKey: string): Uint8Array | null {
  try {
    const k = sm2Decrypt(wrapped, privateKey)
    return k?.length === 16 ? k : null
  } catch {
    return null
  }
}

/**
 * The content key in a recipient's entry: SM2-unwrapped by `sm2` (version 1), or under the transport key `sm2`
 * unwraps from `tk` (version 2). `sm2` is where the caller caches: a transport key is unwrapped once per session.
 */
export function unwrapEntry(entry: KeyEntry, sm2: (wrapped: string) => Uint8Array | null): Uint8Array | null {
  if (!('tk' in entry)) return sm2(entry.wrapped)
  const tk = sm2(entry.tk)
  return tk ? sm4UnwrapKey(entry.wrapped, tk) : null
}

/**
 * Encloses a sealed unit (whole transactions of one origin by `signer.cert.author`, the seal on the last change)
 * under a content key, signed by the author's sync key.
 */
export function makeEnvelope(changes: readonly Change[], signer: { cert: SyncKeyCert; privateKey: string }, ck: ContentKey): UnitEnvelope {
  const first = changes[0]
  const last = changes[changes.length - 1]
  if (!first || !last || !last.seal) throw new Error('an envelope holds a whole sealed unit')
  const { key, keys, kid } = ck
  const iv = bytesToHex(randomBytes(12))
  const plain = changes.map((c) => {
    const out: Change = { origin: c.origin, seq: c.seq, tx: c.tx, txEnd: c.txEnd, hlc: c.hlc, author: c.author, tbl: c.tbl, rowId: c.rowId, col: c.col, value: c.value }
    if (c.seal) out.seal = c.seal
    return out
  })
  const res = sm4GcmEncrypt(utf8Bytes(JSON.stringify(plain)), key, hexToBytes(iv))
  const txs = [...new Set(changes.map((c) => c.tx))]
  const body = { v: 2 as const, origin: first.origin, author: signer.cert.author, from: first.seq, to: last.seq, count: changes.length, txs, kid, keys, iv, tag: bytesToHex(res.tag), ct: res.ct }
  return { ...body, cert: signer.cert, sig: sm2Sign(envelopeMessage(body, signer.cert.sig), signer.privateKey, signer.cert.key) }
}

export type EnvelopeCheck = { ok: true; envelope: UnitEnvelope; masterFingerprint: string } | { ok: false; reason: string }

/** An envelope from its stored or written form: version 1 when `ct` is null or absent, else a version 2 header and its ciphertext. */
export function parseEnvelope(text: string, ct: Uint8Array | null = null): UnitEnvelope | null {
  if (text.length > ENVELOPE_MAX_CT + 1_000_000 || (ct && (text.length > 1_000_000 || ct.length > ENVELOPE_MAX_CT / 2))) return null
  try {
    const json: unknown = JSON.parse(text)
    if (!ct) {
      const r = envelopeSchema.safeParse(json)
      return r.success ? r.data : null
    }
    const r = envelopeHeaderSchema.safeParse(json)
    return r.success ? { ...r.data, ct } : null
  } catch {
    return null
  }
}

/**
 * Checks what anyone can check without opening it: the header is consistent (range, count, transactions), the
 * certificate is signed by the master key it names and names the author, and the author's sync key signed the
 * header and the ciphertext's digest. Whether that master key is trusted here is the caller's judgement.
 */
export function checkEnvelope(text: string, ct: Uint8Array | null = null): EnvelopeCheck {
  const e = parseEnvelope(text, ct)
  if (!e) return { ok: false, reason: '加密信封格式无效' }
  if (e.to - e.from + 1 !== e.count) return { ok: false, reason: '加密信封的范围与条数不符' }
  if (e.txs[0] !== e.from || e.txs.some((t, i) => t > e.to || (i > 0 && t <= (e.txs[i - 1] as number)))) {
    return { ok: false, reason: '加密信封的事务边界无效' }
  }
  if (e.cert.author !== e.author) return { ok: false, reason: '加密信封的作者与证书不符' }
  if (!certValid(e.cert)) return { ok: false, reason: '同步密钥证书的签名无效' }
  if (!sm2Verify(envelopeMessage(e, e.cert.sig), e.sig, e.cert.key)) return { ok: false, reason: '加密信封的签名无效（信封头或密文被改动）' }
  return { ok: true, envelope: e, masterFingerprint: publicKeyFingerprint(e.cert.master) }
}

/** The withheld stubs an envelope stands for (its seqs and transaction boundaries, nothing else). */
export function envelopeStubs(e: UnitEnvelope): Change[] {
  const out: Change[] = []
  for (let i = 0; i < e.txs.length; i++) {
    const tx = e.txs[i] as number
    const end = i + 1 < e.txs.length ? (e.txs[i + 1] as number) - 1 : e.to
    for (let seq = tx; seq <= end; seq++) out.push({ origin: e.origin, seq, tx, txEnd: end, hlc: '', author: '', tbl: '', rowId: '', col: '', value: '', withheld: true })
  }
  return out
}

const plainSchema = z.array(changeSchema).max(ENVELOPE_MAX_CHANGES)

/** The platform's strict UTF-8 decoder (Node, Electron and browsers have one; shared/ is typed without them). */
type Utf8Decoder = { decode(b: Uint8Array): string }
const nativeDecoder: Utf8Decoder | null = (() => {
  const TD = (globalThis as { TextDecoder?: new (label: string, o: { fatal: boolean }) => Utf8Decoder }).TextDecoder
  try {
    return TD ? new TD('utf-8', { fatal: true }) : null
  } catch {
    return null
  }
})()

/** Strict UTF-8 decoding (a BOM is kept, not stripped); null on a bad sequence. */
function utf8Decode(b: Uint8Array): string | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return null // JSON text never starts with a BOM
  if (nativeDecoder) {
    try {
      return nativeDecoder.decode(b)
    } catch {
      return null
    }
  }
  return utf8DecodePure(b)
}

/** Strict UTF-8 decoding without TextDecoder; null on a bad sequence. */
export function utf8DecodePure(b: Uint8Array): string | null {
  const parts: string[] = []
  let codes: number[] = []
  for (let i = 0; i < b.length; ) {
    const x = b[i] as number
    let cp: number
    let n: number
    if (x < 0x80) [cp, n] = [x, 0]
    else if (x >= 0xc2 && x < 0xe0) [cp, n] = [x & 0x1f, 1]
    else if (x >= 0xe0 && x < 0xf0) [cp, n] = [x & 0x0f, 2]
    else if (x >= 0xf0 && x < 0xf5) [cp, n] = [x & 0x07, 3]
    else return null
    for (let k = 1; k <= n; k++) {
      const y = b[i + k]
      if (y === undefined || (y & 0xc0) !== 0x80) return null
      cp = (cp << 6) | (y & 0x3f)
    }
    if ((n === 2 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff))) return null
    if (cp > 0xffff) {
      cp -= 0x10000
      codes.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff))
    } else codes.push(cp)
    i += n + 1
    if (codes.length >= 8192) {
      parts.push(String.fromCharCode(...codes))
      codes = []
    }
  }
  parts.push(String.fromCharCode(...codes))
  return parts.join('')
}

/**
 * Opens a checked envelope with a recipient's private key: unwraps the content key, decrypts, and checks that the
 * changes are exactly what the signed header says (origin, seqs, count, transactions, author) and end with a seal
 * made by the same sync key (the unit's seal itself is verified by apply, as for any unit).
 */
export function openEnvelope(e: UnitEnvelope, key: { privateKey: string; publicKey: string }): EnvelopeOpened {
  const entry = (e.keys as readonly KeyEntry[]).find((k) => k.fp === publicKeyFingerprint(key.publicKey))
  if (!entry) return { ok: false, reason: '本机的密钥不是该加密信封的收件人' }
  const contentKey = unwrapEntry(entry, (w) => unwrapKey(w, key.privateKey))
  if (!contentKey) return { ok: false, reason: '加密信封的内容密钥无法解开' }
  return openEnvelopeWith(e, contentKey)
}

export type EnvelopeOpened = { ok: true; changes: Change[] } | { ok: false; reason: string }

/** Opens a checked envelope with its content key (unwrapped from the envelope or from a grant). */
export function openEnvelopeWith(e: UnitEnvelope, contentKey: Uint8Array): EnvelopeOpened {
  let plain: string | null
  try {
    // SM4-GCM as sm-crypto-v2 computes it (the same bytes, sm4gcm.test.ts), in fewer instructions.
    const bytes = sm4GcmDecrypt(typeof e.ct === 'string' ? hexToBytes(e.ct) : e.ct, contentKey, hexToBytes(e.iv), hexToBytes(e.tag))
    if (!bytes) return { ok: false, reason: '加密信封无法解密（密文被改动或内容密钥不符）' }
    plain = utf8Decode(bytes)
  } catch {
    return { ok: false, reason: '加密信封无法解密（密文被改动或内容密钥不符）' }
  }
  if (plain === null) return { ok: false, reason: '加密信封中的内容格式无效' }
  let changes: Change[]
  try {
    const json: unknown = JSON.parse(plain)
    // The hand-written check accepts only what the schema accepts; anything else goes through the schema.
    if (Array.isArray(json) && json.length <= ENVELOPE_MAX_CHANGES && json.every(isPlainChange)) changes = json
    else {
      const parsed = plainSchema.safeParse(json)
      if (!parsed.success) return { ok: false, reason: '加密信封中的内容格式无效' }
      changes = parsed.data as Change[]
    }
  } catch {
    return { ok: false, reason: '加密信封中的内容格式无效' }
  }
  if (changes.length !== e.count) return { ok: false, reason: '加密信封中的修改条数与信封头不符' }
  const stubs = envelopeStubs(e)
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i] as Change
    const s = stubs[i] as Change
    if (c.withheld || c.origin !== s.origin || c.seq !== s.seq || c.tx !== s.tx || c.txEnd !== s.txEnd || c.author !== e.author) {
      return { ok: false, reason: '加密信封中的修改与信封头不符' }
    }
    if (c.seal && i < changes.length - 1) return { ok: false, reason: '加密信封中的签名封包位置无效' }
  }
  const seal = parseSeal((changes[changes.length - 1] as Change).seal ?? '')
  if (!seal || seal.cert.sig !== e.cert.sig) return { ok: false, reason: '加密信封中的签名封包与信封的签名者不符' }
  return { ok: true, changes }
}
