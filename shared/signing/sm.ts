/**
 * Thin wrapper over sm-crypto-v2 (pure JavaScript on @noble, so it runs in Electron's main process, where
 * BoringSSL has no SM2/SM3, and in the renderer alike).
 *
 * - SM3 (GB/T 32905) digests of UTF-8 text, lower-case hex.
 * - SM2 (GB/T 32918) key pairs: private key 32 bytes as 64 hex chars; public key uncompressed, 65 bytes,
 *   130 hex chars starting with '04'.
 * - SM2 signatures are standard SM2-with-SM3 (GB/T 35276): e = SM3(Z_A ‖ M) with the default user id
 *   "1234567812345678", signature (r, s) DER-encoded as an ASN.1 SEQUENCE of two INTEGERs, lower-case hex.
 *   M is the message bytes themselves (the UTF-8 canonical text), not a pre-computed digest.
 * - Fingerprint: SM3 of the 65 public key bytes; shown as 8 groups of 4 upper-case hex (the first 128 bits)
 *   for reading aloud, or as 8 groups of 5 digits.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { kdf, sm2, sm3 } from 'sm-crypto-v2'
import { parseDerSignature, publicKeyTable, verifyDigest, type PointTable } from './sm2Verify'

/** The SM2 default distinguishing identifier (GB/T 35276 §5.3), as UTF-8 text. */
export const SM2_DEFAULT_USER_ID = '1234567812345678'

export interface SmKeyPair {
  /** 64 lower-case hex chars. */
  privateKey: string
  /** 130 lower-case hex chars starting with '04'. */
  publicKey: string
}

const HEX = /^[0-9a-f]*$/
const PRIVATE_KEY = /^[0-9a-f]{64}$/
const PUBLIC_KEY = /^04[0-9a-f]{128}$/

export function isLowerHex(s: string): boolean {
  return HEX.test(s) && s.length % 2 === 0
}

/** Nibble value of each character code below 128 (-1: not a hex digit). */
const NIBBLE = new Int8Array(128).fill(-1)
for (let i = 0; i < 16; i++) {
  NIBBLE['0123456789abcdef'.charCodeAt(i)] = i
  NIBBLE['0123456789ABCDEF'.charCodeAt(i)] = i
}
const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'))

/** Bytes of a hex string (either case); throws on an odd length or a character that is not a hex digit. */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new Error('十六进制字符串无效')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0, j = 0; i < out.length; i++, j += 2) {
    const a = hex.charCodeAt(j)
    const b = hex.charCodeAt(j + 1)
    const hi = a < 128 ? (NIBBLE[a] as number) : -1
    const lo = b < 128 ? (NIBBLE[b] as number) : -1
    if (hi < 0 || lo < 0) throw new Error('十六进制字符串无效')
    out[i] = (hi << 4) | lo
  }
  return out
}

export function bytesToHex(bytes: Uint8Array): string {
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += 8192) {
    let s = ''
    const end = Math.min(bytes.length, i + 8192)
    for (let k = i; k < end; k++) s += BYTE_HEX[bytes[k] as number] as string
    parts.push(s)
  }
  return parts.join('')
}

/** UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD, as with TextEncoder). */
export function utf8Bytes(text: string): Uint8Array {
  return utf8ToBytes(text)
}

/** SM3 of the UTF-8 bytes of `text`, 64 lower-case hex chars. */
export function sm3Hex(text: string): string {
  return sm3(utf8Bytes(text))
}

/** SM3 of raw bytes, 64 lower-case hex chars. */
export function sm3HexOfBytes(bytes: Uint8Array): string {
  return sm3(bytes)
}

/** HMAC-SM3 of raw bytes under `key`, lower-case hex. */
export function hmacSm3Hex(key: Uint8Array, bytes: Uint8Array): string {
  return sm3(bytes, { key, mode: 'hmac' })
}

export function isPrivateKeyHex(s: string): boolean {
  return PRIVATE_KEY.test(s)
}

/** Whether `s` is an uncompressed SM2 public key in lower-case hex that lies on the curve. */
export function isPublicKeyHex(s: string): boolean {
  if (!PUBLIC_KEY.test(s)) return false
  try {
    return sm2.verifyPublicKey(s)
  } catch {
    return false
  }
}

/** A fresh SM2 key pair from the platform CSPRNG (crypto.getRandomValues). */
export function generateKeyPair(): SmKeyPair {
  for (;;) {
    const kp = sm2.generateKeyPairHex()
    const privateKey = kp.privateKey.toLowerCase().padStart(64, '0')
    const publicKey = kp.publicKey.toLowerCase()
    if (isPrivateKeyHex(privateKey) && isPublicKeyHex(publicKey)) return { privateKey, publicKey }
  }
}

/** The uncompressed public key (130 hex chars) of a private key. */
export function publicKeyFromPrivateKey(privateKey: string): string {
  if (!isPrivateKeyHex(privateKey)) throw new Error('SM2 私钥格式无效')
  return sm2.getPublicKeyFromPrivateKey(privateKey).toLowerCase()
}

/**
 * e = SM3(Z_A ‖ M), the value SM2 signs (GB/T 32918.2 §6.1), where Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ x_G ‖ y_G ‖
 * x_A ‖ y_A) with the default user id. Computed here rather than inside sm-crypto-v2, whose `hash: true`
 * path round-trips the message through hex strings and is several times slower on large sheets.
 */
export function sm2MessageHash(message: Uint8Array, publicKey: string): Uint8Array {
  const z = zOf(publicKey)
  const data = new Uint8Array(z.length + message.length)
  data.set(z, 0)
  data.set(message, z.length)
  return hexToBytes(sm3(data))
}

/** Z_A of signing keys seen recently (a secretariat laptop signs about 200 release grants a run with one key). Bounded. */
const zCache = new Map<string, Uint8Array>()

function zOf(publicKey: string): Uint8Array {
  let z = zCache.get(publicKey)
  if (!z) {
    z = sm2.getZ(publicKey, SM2_DEFAULT_USER_ID)
    if (zCache.size >= 256) zCache.clear()
    zCache.set(publicKey, z)
  }
  return z
}

/**
 * SM2-with-SM3 signature of the UTF-8 bytes of `message` (default user id), DER, lower-case hex: the same
 * result as sm-crypto's doSignature(message, key, { hash: true, der: true }).
 * Passing the matching `publicKey` saves one scalar multiplication (it is needed for Z_A).
 */
export function sm2Sign(message: string, privateKey: string, publicKey?: string): string {
  if (!isPrivateKeyHex(privateKey)) throw new Error('SM2 私钥格式无效')
  const pub = publicKey ?? publicKeyFromPrivateKey(privateKey)
  const e = sm2MessageHash(utf8Bytes(message), pub)
  return sm2.doSignature(e, privateKey, { hash: false, der: true }).toLowerCase()
}

/**
 * Public keys seen recently, checked to lie on the curve once, with their Z_A and their point precomputed for fast
 * scalar multiplication (a sync key signs every unit a laptop sends: verifying its seals costs about a third as
 * much this way). Bounded.
 *
 * Window 4: the table costs about 6 ms to build and a check with it about 0.9 ms; window 8 checks about 10% faster
 * but its table costs about 45 ms, more than forty checks save (most keys sign a few dozen units per sync, a
 * delegation certificate's master key is checked once). Measured in docs/sync.md, "Bench".
 */
interface VerifyKey {
  point: ReturnType<typeof sm2.precomputePublicKey>
  /** Z_A of the key with the default user id. */
  z: Uint8Array
  /** The affine point table sm2Verify.ts checks signatures with (made at the first check). */
  table?: PointTable | null
}

const keyCache = new Map<string, VerifyKey>()
const KEY_CACHE_MAX = 256
const POINT_WINDOW = 4

/** A public key checked to lie on the curve, with its point table and Z_A; null when it is not a valid key. */
function verifyKey(publicKey: string): VerifyKey | null {
  let k = keyCache.get(publicKey)
  if (!k) {
    if (!isPublicKeyHex(publicKey)) return null
    k = { point: sm2.precomputePublicKey(publicKey, POINT_WINDOW), z: sm2.getZ(publicKey, SM2_DEFAULT_USER_ID) }
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear()
    keyCache.set(publicKey, k)
  }
  return k
}

/**
 * SM2 public-key encryption (C1C3C2, lower-case hex) to `publicKey`, through the same cached point table as
 * verification: wrapping content keys to the same few keys again and again (a release grant per expert and scope)
 * costs about a third as much. Throws on a key that is not on the curve.
 */
export function sm2Encrypt(bytes: Uint8Array, publicKey: string): string {
  const key = verifyKey(publicKey)
  if (!key) throw new Error('SM2 公钥无效')
  return sm2.doEncrypt(bytes, key.point, 1).toLowerCase()
}

/** The curve's point class (sm-crypto-v2 does not export it; every point it returns is an instance). */
interface CurvePoint {
  add(p: CurvePoint): CurvePoint
  double(): CurvePoint
  toAffine(): { x: bigint; y: bigint }
}
interface CurvePointClass {
  ZERO: CurvePoint
  fromHex(hex: string): CurvePoint
}
let pointClass: CurvePointClass | null = null
function curvePoints(): CurvePointClass {
  pointClass ??= (Object.getPrototypeOf(sm2.precomputePublicKey(SM2_GENERATOR, 1)) as { constructor: CurvePointClass }).constructor
  return pointClass
}
/** The SM2 base point G, uncompressed (GB/T 32918.5). */
const SM2_GENERATOR =
  '0432c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0'
const SM2_N = BigInt('0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123')

/**
 * k·P for a secret scalar k and a point seen once (an ephemeral C1): fixed 4-bit windows over a table of 0·P … 15·P,
 * the same sequence of 256 doublings and 64 additions whatever k is. sm-crypto-v2's `multiply` of a point without a
 * cached table walks 257 one-bit windows (257 doublings and 257 additions): this is about 40 % less work.
 */
function mulSecret(P: CurvePoint, k: bigint): CurvePoint {
  const Point = curvePoints()
  const table: CurvePoint[] = [Point.ZERO, P]
  for (let i = 2; i < 16; i++) table.push(i % 2 === 0 ? (table[i / 2] as CurvePoint).double() : (table[i - 1] as CurvePoint).add(P))
  let acc = Point.ZERO
  for (let w = 63; w >= 0; w--) {
    acc = acc.double().double().double().double()
    acc = acc.add(table[Number((k >> BigInt(4 * w)) & 15n)] as CurvePoint)
  }
  return acc
}

const be32 = (n: bigint): Uint8Array => hexToBytes(n.toString(16).padStart(64, '0'))

/**
 * SM2 decryption of a C1C3C2 ciphertext (lower-case hex, as `sm2Encrypt` and sm-crypto's doEncrypt(…, 1) make it)
 * with `privateKey`: the plaintext bytes, or null when C1 is not a point of the curve or C3 does not match (altered
 * or not for this key). The same result as sm-crypto-v2's doDecrypt(…, 1, { output: 'array' }), tested against it.
 */
export function sm2Decrypt(cipherHex: string, privateKey: string): Uint8Array | null {
  if (!isPrivateKeyHex(privateKey) || cipherHex.length < 192 || !isLowerHex(cipherHex)) return null
  const d = BigInt(`0x${privateKey}`)
  if (d <= 0n || d >= SM2_N) return null
  let C1: CurvePoint
  try {
    C1 = curvePoints().fromHex(`04${cipherHex.slice(0, 128)}`) // checked to lie on the curve
  } catch {
    return null
  }
  const { x, y } = mulSecret(C1, d).toAffine()
  const x2 = be32(x)
  const y2 = be32(y)
  const msg = hexToBytes(cipherHex.slice(192))
  const stream = kdf(new Uint8Array([...x2, ...y2]), msg.length)
  for (let i = 0; i < msg.length; i++) msg[i] = (msg[i] as number) ^ (stream[i] as number)
  const check = new Uint8Array(64 + msg.length)
  check.set(x2, 0)
  check.set(msg, 32)
  check.set(y2, 32 + msg.length)
  return sm3(check) === cipherHex.slice(128, 192) ? msg : null
}

/**
 * Verifies an SM2-with-SM3 DER signature over the UTF-8 bytes of `message`. Never throws. A signature in canonical
 * DER is checked by sm2Verify.ts (about twice as fast); any other encoding by sm-crypto-v2, as before.
 */
export function sm2Verify(message: string, signatureHex: string, publicKey: string): boolean {
  const m = utf8Bytes(message)
  const bytes = new Uint8Array(SM2_Z_BYTES + m.length)
  bytes.set(m, SM2_Z_BYTES)
  return sm2VerifyAfterRoom(bytes, signatureHex, publicKey)
}

/** Z_A is an SM3 digest: this many bytes before the message in SM3(Z_A ‖ M). */
export const SM2_Z_BYTES = 32

/** TextEncoder as every runtime of the app has it (the shared code is compiled without DOM or Node types). */
declare const TextEncoder: new () => { encodeInto(source: string, destination: Uint8Array): { read: number; written: number } }
const encoder = new TextEncoder()

/** Kept between calls up to this size (a 2,000-line sheet needs ≈ 1.5 MB); larger texts get a buffer of their own. */
const SCRATCH_KEPT = 16 * 1024 * 1024
let scratch = new Uint8Array(0)

/**
 * The UTF-8 bytes of `text` (as utf8Bytes) after SM2_Z_BYTES free bytes, written into a buffer this module reuses:
 * **valid only until the next call** — hash or check them at once. One encoding, with no copy, serves both the
 * message's own SM3 (`.subarray(SM2_Z_BYTES)`) and the signature check (sm2VerifyAfterRoom), instead of encoding
 * a 2,000-line sheet twice and copying it three times (issue 10, speed).
 */
export function utf8AfterRoom(text: string): Uint8Array {
  const need = SM2_Z_BYTES + text.length * 3
  let buf = scratch
  if (buf.length < need) {
    buf = new Uint8Array(need)
    if (need <= SCRATCH_KEPT) scratch = buf
  }
  const { written } = encoder.encodeInto(text, buf.subarray(SM2_Z_BYTES))
  return buf.subarray(0, SM2_Z_BYTES + written)
}

/**
 * sm2Verify of the message in `bytes` after its first SM2_Z_BYTES bytes (utf8AfterRoom), which are overwritten with
 * the signer's Z_A. Never throws.
 */
export function sm2VerifyAfterRoom(bytes: Uint8Array, signatureHex: string, publicKey: string): boolean {
  if (!/^30[0-9a-f]+$/.test(signatureHex) || signatureHex.length % 2 !== 0) return false
  try {
    const key = verifyKey(publicKey)
    if (!key || key.z.length !== SM2_Z_BYTES || bytes.length < SM2_Z_BYTES) return false
    bytes.set(key.z, 0)
    const e = sm3(bytes)
    const rs = parseDerSignature(signatureHex)
    if (rs) {
      if (key.table === undefined) key.table = publicKeyTable(publicKey)
      if (key.table) return verifyDigest(BigInt(`0x${e}`), rs.r, rs.s, key.table)
    }
    return sm2.doVerifySignature(hexToBytes(e), signatureHex, key.point, { hash: false, der: true })
  } catch {
    return false
  }
}

/** SM3 of the 65 public key bytes (0x04 ‖ x ‖ y), 64 lower-case hex chars. */
export function publicKeyFingerprint(publicKey: string): string {
  if (!PUBLIC_KEY.test(publicKey)) throw new Error('SM2 公钥格式无效')
  return sm3HexOfBytes(hexToBytes(publicKey))
}

/** Upper-case hex of the first `groups × size` hex chars of `hex`, in groups separated by `sep`. */
export function groupHex(hex: string, groups: number, size = 4, sep = ' '): string {
  const h = hex.toUpperCase()
  const parts: string[] = []
  for (let i = 0; i < groups && i * size < h.length; i++) parts.push(h.slice(i * size, (i + 1) * size))
  return parts.join(sep)
}

/**
 * The fingerprint as an expert reads it aloud: the first 128 bits as 8 groups of 4 upper-case hex digits,
 * e.g. "1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7 F809".
 */
export function formatFingerprint(fingerprint: string): string {
  return groupHex(fingerprint, 8, 4)
}

/**
 * The fingerprint as decimal digits (easier to read aloud in Chinese): 8 groups of 5 digits; group i is
 * the big-endian 32-bit number of fingerprint bytes 4i..4i+3 modulo 100000 (about 132 bits in all).
 */
export function formatFingerprintDigits(fingerprint: string): string {
  const bytes = hexToBytes(fingerprint.toLowerCase())
  if (bytes.length < 32) throw new Error('指纹长度不足')
  const groups: string[] = []
  for (let g = 0; g < 8; g++) {
    let n = 0
    for (let i = 0; i < 4; i++) n = n * 256 + bytes[g * 4 + i]!
    groups.push(String(n % 100000).padStart(5, '0'))
  }
  return groups.join(' ')
}

/** A fingerprint as typed or read back: spaces, hyphens and colons removed, lower case. */
export function normalizeFingerprint(input: string): string {
  return input.normalize('NFKC').replace(/[\s\-:]/g, '').toLowerCase()
}

/**
 * Whether a registered fingerprint matches the full fingerprint of a key. The registered value may be the
 * full 64 hex chars or the 32-hex-char (128-bit) read-aloud form, in any grouping or case.
 */
export function fingerprintMatches(registered: string, fullFingerprint: string): boolean {
  const r = normalizeFingerprint(registered)
  const f = fullFingerprint.toLowerCase()
  if (!/^[0-9a-f]+$/.test(r)) return false
  if (r.length === 64) return r === f
  if (r.length === 32) return f.startsWith(r)
  return false
}

/** The digest in the short form printed in documents: the first 128 bits, "66C7F0F4 62EEEDD9 D1F2D46B DC10E4E2". */
export function formatDigestShort(digest: string): string {
  return groupHex(digest, 4, 8)
}

/** A short id of a signature for documents: SM3 of the DER bytes, first 64 bits, "9F3A-0C1B-77D2-E410". */
export function signatureId(signatureHex: string): string {
  return groupHex(sm3HexOfBytes(hexToBytes(signatureHex.toLowerCase())), 4, 4, '-')
}
