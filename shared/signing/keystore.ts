/**
 * The expert's private key at rest, encrypted under the expert's PIN.
 *
 * KDF: scrypt (RFC 7914, @noble/hashes) with a random 16-byte salt; the cost parameters are stored in the
 * blob so they can be raised later (re-encrypt on the next successful unlock when `needsRehash` says so).
 * Cipher: SM4-GCM (sm-crypto-v2; checked against the RFC 8998 test vector in keystore.test.ts) with a random
 * 12-byte IV and a 16-byte tag. The header (format, KDF parameters, salt, IV, public key) is the GCM
 * associated data, so changing any of it fails authentication exactly as a wrong PIN does.
 *
 * Pure JavaScript: runs in the main process and the renderer; randomness from crypto.getRandomValues (via
 * @noble/hashes randomBytes, which throws when no CSPRNG is available).
 */
import { scrypt, scryptAsync } from '@noble/hashes/scrypt.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { sm4 } from 'sm-crypto-v2'
import { canonicalize } from './canonical'
import { bytesToHex, hexToBytes, isPrivateKeyHex, isPublicKeyHex, publicKeyFromPrivateKey, utf8Bytes } from './sm'
import { normalizePin, PinRuleError, validatePin, WrongPinError, type PinPolicy } from './pin'

export * from './pin'

export const KEY_BLOB_FORMAT = 'paneldesk.keyblob/1' as const

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number
  r: number
  p: number
}

/** Default cost: N = 2^16, r = 8, p = 1 (64 MiB, about 200 ms in pure JS on this machine). */
export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 16, r: 8, p: 1 })

/** Bounds accepted when reading a blob (a hostile blob must not make us allocate gigabytes). */
const MIN_LOG_N = 10
const MAX_LOG_N = 22

export interface KeyBlob {
  format: typeof KEY_BLOB_FORMAT
  kdf: { name: 'scrypt'; N: number; r: number; p: number; dkLen: 16; salt: string }
  cipher: { name: 'sm4-gcm'; iv: string; tag: string }
  /** SM4-GCM ciphertext of the 32 private key bytes, lower-case hex. */
  ciphertext: string
  /** The matching public key (not secret), so the app can show the fingerprint without the PIN. */
  publicKey: string
  /** ISO 8601 time the blob was written. */
  createdAt: string
}

export class KeyBlobError extends Error {
  readonly code = 'BAD_KEY_BLOB' as const
  constructor(message: string) {
    super(message)
    this.name = 'KeyBlobError'
  }
}

// ---------------------------------------------------------------------------------------------------------
// Encryption
// ---------------------------------------------------------------------------------------------------------

function checkParams(params: ScryptParams): void {
  const { N, r, p } = params
  const logN = Math.log2(N)
  if (!Number.isInteger(logN) || logN < MIN_LOG_N || logN > MAX_LOG_N) throw new KeyBlobError('密钥文件的 KDF 参数 N 无效')
  if (!Number.isInteger(r) || r < 1 || r > 32) throw new KeyBlobError('密钥文件的 KDF 参数 r 无效')
  if (!Number.isInteger(p) || p < 1 || p > 16) throw new KeyBlobError('密钥文件的 KDF 参数 p 无效')
}

/** The associated data: everything in the blob except the ciphertext, tag and createdAt, canonicalised. */
function associatedData(b: Pick<KeyBlob, 'format' | 'kdf' | 'publicKey'> & { iv: string }): Uint8Array {
  const header = canonicalize({ format: b.format, kdf: b.kdf, cipher: { name: 'sm4-gcm', iv: b.iv }, publicKey: b.publicKey })
  return utf8Bytes(header)
}

function seal(key: Uint8Array, privateKeyHex: string, publicKey: string, kdf: KeyBlob['kdf'], now: Date): KeyBlob {
  const iv = bytesToHex(randomBytes(12))
  const aad = associatedData({ format: KEY_BLOB_FORMAT, kdf, publicKey, iv })
  const res = sm4.encrypt(hexToBytes(privateKeyHex), key, { mode: 'gcm', iv, associatedData: aad, output: 'array', outputTag: true })
  key.fill(0)
  if (!res.tag) throw new Error('SM4-GCM did not return a tag')
  return {
    format: KEY_BLOB_FORMAT,
    kdf,
    cipher: { name: 'sm4-gcm', iv, tag: bytesToHex(res.tag) },
    ciphertext: bytesToHex(res.output),
    publicKey,
    createdAt: now.toISOString()
  }
}

interface Prepared {
  pin: string
  publicKey: string
  kdf: KeyBlob['kdf']
}

function prepareEncrypt(pin: string, privateKeyHex: string, params: ScryptParams, policy: PinPolicy | undefined): Prepared {
  const rule = validatePin(pin, policy)
  if (!rule.ok) throw new PinRuleError(rule.message)
  if (!isPrivateKeyHex(privateKeyHex)) throw new KeyBlobError('SM2 私钥格式无效')
  checkParams(params)
  return {
    pin: normalizePin(pin),
    publicKey: publicKeyFromPrivateKey(privateKeyHex),
    kdf: { name: 'scrypt', N: params.N, r: params.r, p: params.p, dkLen: 16, salt: bytesToHex(randomBytes(16)) }
  }
}

/**
 * An implementation of scrypt (RFC 7914) for the async functions below: the PIN and salt as bytes. `pureScrypt`
 * (@noble/hashes) runs anywhere; the main process passes Node's native one (electron/main/services/nodeScrypt.ts),
 * which gives the same bytes for about a third less CPU and runs off the event loop.
 */
export type ScryptKdf = (password: Uint8Array, salt: Uint8Array, params: ScryptParams & { dkLen: number }) => Promise<Uint8Array>

export const pureScrypt: ScryptKdf = (password, salt, params) => scryptAsync(password, salt, params)

export interface EncryptOptions {
  /** scrypt cost; defaults to DEFAULT_SCRYPT. */
  scrypt?: ScryptParams
  /** The scrypt implementation of encryptPrivateKeyAsync; pureScrypt when not given. */
  kdf?: ScryptKdf
  now?: Date
  /** The meeting's rules for a new PIN; DEFAULT_PIN_POLICY when not given. */
  policy?: PinPolicy
}

/** Encrypts a private key (64 hex chars) under a PIN. Throws PinRuleError for a PIN that breaks the rules. */
export function encryptPrivateKey(pin: string, privateKeyHex: string, options: EncryptOptions = {}): KeyBlob {
  const prep = prepareEncrypt(pin, privateKeyHex, options.scrypt ?? DEFAULT_SCRYPT, options.policy)
  const key = scrypt(prep.pin, hexToBytes(prep.kdf.salt), { N: prep.kdf.N, r: prep.kdf.r, p: prep.kdf.p, dkLen: 16 })
  return seal(key, privateKeyHex, prep.publicKey, prep.kdf, options.now ?? new Date())
}

/** As encryptPrivateKey, but yields to the event loop during key derivation. */
export async function encryptPrivateKeyAsync(pin: string, privateKeyHex: string, options: EncryptOptions = {}): Promise<KeyBlob> {
  const prep = prepareEncrypt(pin, privateKeyHex, options.scrypt ?? DEFAULT_SCRYPT, options.policy)
  const kdf = options.kdf ?? pureScrypt
  const key = await kdf(utf8Bytes(prep.pin), hexToBytes(prep.kdf.salt), { N: prep.kdf.N, r: prep.kdf.r, p: prep.kdf.p, dkLen: 16 })
  return seal(key, privateKeyHex, prep.publicKey, prep.kdf, options.now ?? new Date())
}

/** Checks the blob's shape and returns it typed; throws KeyBlobError. */
export function parseKeyBlob(value: unknown): KeyBlob {
  const v = (typeof value === 'string' ? safeParse(value) : value) as Partial<KeyBlob> | null
  if (!v || typeof v !== 'object') throw new KeyBlobError('密钥文件已损坏')
  if (v.format !== KEY_BLOB_FORMAT) throw new KeyBlobError('密钥文件格式不受支持')
  const k = v.kdf
  const c = v.cipher
  if (!k || k.name !== 'scrypt' || k.dkLen !== 16 || typeof k.salt !== 'string' || !/^(?:[0-9a-f]{2}){16,64}$/.test(k.salt)) {
    throw new KeyBlobError('密钥文件的 KDF 信息无效')
  }
  checkParams(k)
  if (!c || c.name !== 'sm4-gcm' || typeof c.iv !== 'string' || !/^[0-9a-f]{24}$/.test(c.iv) || typeof c.tag !== 'string' || !/^[0-9a-f]{32}$/.test(c.tag)) {
    throw new KeyBlobError('密钥文件的加密信息无效')
  }
  if (typeof v.ciphertext !== 'string' || !/^[0-9a-f]{64}$/.test(v.ciphertext)) throw new KeyBlobError('密钥文件的密文无效')
  if (typeof v.publicKey !== 'string' || !isPublicKeyHex(v.publicKey)) throw new KeyBlobError('密钥文件中的公钥无效')
  if (typeof v.createdAt !== 'string') throw new KeyBlobError('密钥文件缺少创建时间')
  return {
    format: KEY_BLOB_FORMAT,
    kdf: { name: 'scrypt', N: k.N, r: k.r, p: k.p, dkLen: 16, salt: k.salt },
    cipher: { name: 'sm4-gcm', iv: c.iv, tag: c.tag },
    ciphertext: v.ciphertext,
    publicKey: v.publicKey,
    createdAt: v.createdAt
  }
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s) as unknown
  } catch {
    throw new KeyBlobError('密钥文件不是有效的 JSON')
  }
}

function open(key: Uint8Array, b: KeyBlob): string {
  const aad = associatedData({ format: b.format, kdf: b.kdf, publicKey: b.publicKey, iv: b.cipher.iv })
  let plain: Uint8Array
  try {
    plain = sm4.decrypt(hexToBytes(b.ciphertext), key, { mode: 'gcm', iv: b.cipher.iv, associatedData: aad, tag: b.cipher.tag, output: 'array' })
  } catch {
    throw new WrongPinError()
  } finally {
    key.fill(0)
  }
  const privateKey = bytesToHex(plain)
  plain.fill(0)
  // Authenticated, so this only fails if the blob was written wrongly: still never hand out a foreign key.
  if (!isPrivateKeyHex(privateKey) || publicKeyFromPrivateKey(privateKey) !== b.publicKey) {
    throw new KeyBlobError('密钥文件中的私钥与公钥不匹配')
  }
  return privateKey
}

/**
 * Decrypts the private key (64 hex chars). Throws WrongPinError when the PIN is wrong (or the blob was
 * altered: the two cannot be told apart), KeyBlobError when the blob is malformed.
 */
export function decryptPrivateKey(pin: string, blob: KeyBlob): string {
  const b = parseKeyBlob(blob as unknown)
  const key = scrypt(normalizePin(pin), hexToBytes(b.kdf.salt), { N: b.kdf.N, r: b.kdf.r, p: b.kdf.p, dkLen: 16 })
  return open(key, b)
}

/** As decryptPrivateKey, but yields to the event loop during key derivation. */
export async function decryptPrivateKeyAsync(pin: string, blob: KeyBlob, kdf: ScryptKdf = pureScrypt): Promise<string> {
  const b = parseKeyBlob(blob as unknown)
  const key = await kdf(utf8Bytes(normalizePin(pin)), hexToBytes(b.kdf.salt), { N: b.kdf.N, r: b.kdf.r, p: b.kdf.p, dkLen: 16 })
  return open(key, b)
}

/** Whether a blob was written with a lower cost than `target` (re-encrypt it after the next unlock). */
export function needsRehash(blob: KeyBlob, target: ScryptParams = DEFAULT_SCRYPT): boolean {
  return blob.kdf.N * blob.kdf.r * blob.kdf.p < target.N * target.r * target.p
}
