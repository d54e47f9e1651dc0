/**
 * Origins that prove themselves (issue 15): a *derived* origin is computed from the laptop's origin key (an SM2
 * public key, the same key its sync keys' certificates name) and a nonce, so only the holder of that key can ever
 * seal a unit or make a claim under it — whether or not the laptop has enrolled with the server yet.
 *
 * Format: a UUID of version 8 (custom) and variant 8, the same length and shape as the random (version 7) origins
 * made before, so logs, clocks and file names are unchanged:
 *
 *   hhhhhhhh-hhhh-8hhh-8hhh-hhhhhhnnnnnn
 *
 * `h` are the first 24 hex digits (96 bits) of SM3(`paneldesk.origin-id/1\n{public key}\n{nonce}`), `n` the nonce
 * (6 hex digits, random per origin: one key gives a laptop several origins — a restored database takes a new one).
 * The nonce travels inside the origin, so every replica checks a unit or a claim from the origin and the signing
 * key alone. Taking someone's derived origin means finding a key pair whose public key hashes to 96 given bits:
 * about 2^96 SM3 and point operations.
 *
 * An origin of any other shape is *legacy* (random): the sync server binds it to the first laptop that claims it.
 */
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js'
import { sm3Hex } from '../signing/sm'

const DERIVED = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/

/** Whether an origin has the derived shape (and so must derive from the key that signs under it). */
export function isDerivedOrigin(origin: string): boolean {
  return DERIVED.test(origin)
}

function originFrom(publicKey: string, nonce: string): string {
  const h = sm3Hex(`paneldesk.origin-id/1\n${publicKey}\n${nonce}`)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(12, 15)}-8${h.slice(15, 18)}-${h.slice(18, 24)}${nonce}`
}

function randomNonce(): string {
  return bytesToHex(randomBytes(3))
}

/** A new derived origin of `publicKey`, with a random nonce. */
export function deriveOrigin(publicKey: string, nonce = randomNonce()): string {
  if (!/^[0-9a-f]{6}$/.test(nonce)) throw new Error('origin nonce must be 6 hex digits')
  return originFrom(publicKey, nonce)
}

const cache = new Map<string, boolean>()
const CACHE_MAX = 10_000

/** Whether `origin` is derived from `publicKey` (false for a legacy origin: it derives from nothing). Cached. */
export function originDerivesFrom(origin: string, publicKey: string): boolean {
  if (!isDerivedOrigin(origin)) return false
  const key = `${origin}|${publicKey}`
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const ok = originFrom(publicKey, origin.slice(-6)) === origin
  if (cache.size >= CACHE_MAX) cache.clear()
  cache.set(key, ok)
  return ok
}

/**
 * Whether `publicKey` may sign under `origin`: a derived origin only by the key it derives from; a legacy origin by
 * any key (its owner is decided by whoever the server bound it to).
 */
export function keyMaySignFor(origin: string, publicKey: string): boolean {
  return !isDerivedOrigin(origin) || originDerivesFrom(origin, publicKey)
}

/** The reason a unit or claim under a derived origin that its key does not derive is refused (Chinese, for reports). */
export function notDerivedReason(origin: string): string {
  return `设备标识 ${origin.slice(0, 40)} 由另一台设备的密钥生成，签名密钥与其不符：这些修改不是该设备发出的，未接收`
}

/** Whether a unit's seal (its JSON text) may stand under `origin`: always for a legacy origin; for a derived one, only sealed by its key. */
export function sealMayBeUnder(origin: string, sealText: string): boolean {
  if (!isDerivedOrigin(origin)) return true
  try {
    const key = (JSON.parse(sealText) as { cert?: { key?: unknown } }).cert?.key
    return typeof key === 'string' && originDerivesFrom(origin, key)
  } catch {
    return false
  }
}
