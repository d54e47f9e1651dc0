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
 * signed header covers `tk` too (`paneldesk.envelope/2`). Version 1 envelopes (`{fp, wrapped}`: the content key
 * SM2-wrapped directly) are still read.
 * A *grant* (grant.ts: the secretariat's release, after an expert's own submission for the project is accepted) is
 * the same content key wrapped to that expert's sync key, signed by the secretariat: it opens every envelope of that
 * scope.
 * docs/sync.md, "Sealed envelopes".
 */
import { z } from 'zod'
import { randomBytes } from '@noble/hashes/utils.js'
import { sm4GcmDecrypt, sm4GcmEncrypt } from '../signing/sm4gcm'
import { changeSchema, isPlainChange, type Change } from './change'
import { certValid, parseSeal, syncKeyCertSchema, textDigest, type SyncKeyCert } from './seal'
import { bytesToHex, hexToBytes, publicKeyFingerprint, sm2Decrypt, sm2Encrypt, sm2Sign, sm2Verify, utf8Bytes } from '../signing/sm'
import { sm4UnwrapKey, sm4WrapKey, type ReleaseKey } from './grant'

/** At most this many changes in one envelope (a unit is at most 4,000 unless a single transaction is larger). */
export const ENVELOPE_MAX_CHANGES = 200_000
/** At most this many characters of ciphertext (hex) in one envelope. */
export const ENVELOPE_MAX_CT = 128 * 1024 * 1024

const der = z.string().regex(/^30[0-9a-f]{12,300}$/)
const fpSchema = z.string().regex(/^[0-9a-f]{64}$/)
const sm2Wrapped = z.string().regex(/^[0-9a-f]{194,400}$/)
/** Version 2: the content key under a transport key (`tk`, SM2-wrapped to the recipient). */
const transportedKey = z.object({ fp: fpSchema, tk: sm2Wrapped, wrapped: z.string().regex(/^[0-9a-f]{32}$/) }).strict()
/** Version 1: the content key SM2-wrapped to the recipient. */
const directKey = z.object({ fp: fpSchema, wrapped: sm2Wrapped }).strict()

export const envelopeSchema = z
  .object({
    v: z.union([z.literal(1), z.literal(2)]),
    origin: z.string().min(1).max(80),
    author: z.string().min(1).max(200),
    from: z.number().int().min(1).max(2 ** 50),
    to: z.number().int().min(1).max(2 ** 50),
    count: z.number().int().min(1).max(ENVELOPE_MAX_CHANGES),
    txs: z.array(z.number().int().min(1).max(2 ** 50)).min(1).max(ENVELOPE_MAX_CHANGES),
    kid: z.string().regex(/^[0-9a-f]{32}$/),
    keys: z.array(z.union([transportedKey, directKey])).min(1).max(16),
    iv: z.string().regex(/^[0-9a-f]{24}$/),
    tag: z.string().regex(/^[0-9a-f]{32}$/),
    ct: z.string().max(ENVELOPE_MAX_CT).regex(/^[0-9a-f]*$/),
    cert: syncKeyCertSchema,
    sig: der
  })
  .strict()
export type UnitEnvelope = z.infer<typeof envelopeSchema>
export type KeyEntry = UnitEnvelope['keys'][number]

/** The version an envelope with these wrappings has: 2 when every entry is under a transport key, 1 when none is, else null. */
export function keysVersion(keys: readonly KeyEntry[]): 1 | 2 | null {
  const transported = keys.filter((k) => 'tk' in k).length
  return transported === keys.length ? 2 : transported === 0 ? 1 : null
}

export function envelopeMessage(e: Omit<UnitEnvelope, 'sig' | 'v' | 'cert'>, certSig: string): string {
  const v = keysVersion(e.keys) === 2 ? 2 : 1
  const keys = e.keys.map((k) => ('tk' in k ? `${k.fp}:${k.tk}:${k.wrapped}` : `${k.fp}:${k.wrapped}`)).join(',')
  return `paneldesk.envelope/${v}\n${e.origin}\n${e.author}\n${e.from}\n${e.to}\n${e.count}\n${e.txs.join(',')}\n${e.kid}\n${keys}\n${e.iv}\n${e.tag}\n${textDigest(e.ct)}\n${certSig}`
}

/** A content key, its id, and its wrappings for the recipients. */
export interface ContentKey {
  kid: string
  key: Uint8Array
  keys: UnitEnvelope['keys']
}

/**
 * A new content key wrapped for `recipients` (SM2 public keys; duplicates are dropped): under each recipient's
 * transport key when `transport` gives them (version 2), else SM2-wrapped to each directly (version 1).
 */
export function makeContentKey(recipients: readonly string[], transport?: (recipient: string) => ReleaseKey): ContentKey {
  const key = randomBytes(16)
  const seen = new Set<string>()
  const keys: UnitEnvelope['keys'] = []
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
  const v = keysVersion(keys)
  if (!v) throw new Error('an envelope\'s wrappings are all of one version')
  const iv = bytesToHex(randomBytes(12))
  const plain = changes.map((c) => {
    const out: Change = { origin: c.origin, seq: c.seq, tx: c.tx, txEnd: c.txEnd, hlc: c.hlc, author: c.author, tbl: c.tbl, rowId: c.rowId, col: c.col, value: c.value }
    if (c.seal) out.seal = c.seal
    return out
  })
  const res = sm4GcmEncrypt(utf8Bytes(JSON.stringify(plain)), key, hexToBytes(iv))
  const txs = [...new Set(changes.map((c) => c.tx))]
  const body = { origin: first.origin, author: signer.cert.author, from: first.seq, to: last.seq, count: changes.length, txs, kid, keys, iv, tag: bytesToHex(res.tag), ct: bytesToHex(res.ct) }
  return { v, ...body, cert: signer.cert, sig: sm2Sign(envelopeMessage(body, signer.cert.sig), signer.privateKey, signer.cert.key) }
}

export type EnvelopeCheck = { ok: true; envelope: UnitEnvelope; masterFingerprint: string } | { ok: false; reason: string }

export function parseEnvelope(text: string): UnitEnvelope | null {
  if (text.length > ENVELOPE_MAX_CT + 1_000_000) return null
  try {
    const r = envelopeSchema.safeParse(JSON.parse(text))
    return r.success ? r.data : null
  } catch {
    return null
  }
}

/**
 * Checks what anyone can check without opening it: the header is consistent (range, count, transactions), the
 * certificate is signed by the master key it names and names the author, and the author's sync key signed the
 * header and the ciphertext's digest. Whether that master key is trusted here is the caller's judgement.
 */
export function checkEnvelope(text: string): EnvelopeCheck {
  const e = parseEnvelope(text)
  if (!e || keysVersion(e.keys) !== e.v) return { ok: false, reason: '加密信封格式无效' }
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
  const entry = e.keys.find((k) => k.fp === publicKeyFingerprint(key.publicKey))
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
    const bytes = sm4GcmDecrypt(hexToBytes(e.ct), contentKey, hexToBytes(e.iv), hexToBytes(e.tag))
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
