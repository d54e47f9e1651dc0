/**
 * Master keys unlocked with their PIN in this session (issue 15, item 6), per database: the secretariat's key on its
 * laptop after 输入 PIN 码. They open the sealed envelopes of experts' content (unitEnvelope.ts) and make the
 * secretariat's view available (services/secretariatView.ts). Kept in memory only, never written anywhere; gone when
 * the app quits, when the database is opened again, or when `lockKeys` is called.
 */
import type { Db } from '../db/connection'
import { publicKeyFingerprint } from '../../../shared/signing/sm'
import { unwrapEntry, unwrapKey, type KeyEntry, type UnitEnvelope } from '../../../shared/sync/unitEnvelope'
import { makeReleaseKey, type ReleaseKey } from '../../../shared/sync/grant'

export interface UnlockedKey {
  privateKey: string
  publicKey: string
  fingerprint: string
}

/** Per open database connection: a database opened again (a restart, a restored backup) starts locked. */
const unlocked = new WeakMap<Db, Map<string, UnlockedKey>>()

export function rememberKey(db: Db, pair: { privateKey: string; publicKey: string }): void {
  let keys = unlocked.get(db)
  if (!keys) {
    keys = new Map()
    unlocked.set(db, keys)
  }
  const fingerprint = publicKeyFingerprint(pair.publicKey)
  keys.set(fingerprint, { ...pair, fingerprint })
}

export function unlockedKeys(db: Db): UnlockedKey[] {
  return [...(unlocked.get(db)?.values() ?? [])]
}

export function isUnlocked(db: Db, publicKey: string): boolean {
  return unlocked.get(db)?.has(publicKeyFingerprint(publicKey)) ?? false
}

/** Forgets the keys unlocked for this database (the app locks, or a test ends), and the content keys they opened. */
export function lockKeys(db: Db): void {
  unlocked.delete(db)
  contentKeys.delete(db)
  releaseKeys.delete(db)
  transportKeys.delete(db)
}

/**
 * On the secretariat's laptop, the release key of each recipient sync key (shared/sync/grant.ts), made once per
 * session: its grants then cost one SM4 block each instead of one SM2 encryption. In memory only.
 */
const releaseKeys = new WeakMap<Db, Map<string, ReleaseKey>>()

export function releaseKeyFor(db: Db, recipientPublicKey: string): ReleaseKey {
  return sessionKeyFor(releaseKeys, db, recipientPublicKey)
}

/**
 * On an author's laptop, the transport key of each envelope recipient's master key (unitEnvelope.ts, version 2),
 * made once per session: the content keys made in the session are wrapped under it (one SM4 block each), so a
 * recipient unwraps one SM2 wrapping per author and session, not one per content key. In memory only.
 */
const transportKeys = new WeakMap<Db, Map<string, ReleaseKey>>()

export function transportKeyFor(db: Db, recipientPublicKey: string): ReleaseKey {
  return sessionKeyFor(transportKeys, db, recipientPublicKey)
}

function sessionKeyFor(store: WeakMap<Db, Map<string, ReleaseKey>>, db: Db, recipientPublicKey: string): ReleaseKey {
  let keys = store.get(db)
  if (!keys) {
    keys = new Map()
    store.set(db, keys)
  }
  let k = keys.get(recipientPublicKey)
  if (!k) {
    k = makeReleaseKey(recipientPublicKey)
    if (keys.size >= 10_000) keys.clear()
    keys.set(recipientPublicKey, k)
  }
  return k
}

/**
 * Content keys unwrapped here (unitEnvelope.ts), per database, by the wrapping and the recipient key's fingerprint:
 * every envelope of a scope carries the same wrappings, so one SM2 decryption opens all of them, across files and
 * syncs. Keyed by the wrapped text, never by the `kid` an envelope claims: a forged envelope or grant naming a known
 * kid cannot put its own key in place of the real one. In memory only; bounded.
 */
const contentKeys = new WeakMap<Db, Map<string, Uint8Array | null>>()
const CONTENT_KEYS_MAX = 50_000

export function unwrapContentKey(db: Db, wrapped: string, recipient: { privateKey: string; fingerprint: string }): Uint8Array | null {
  let cache = contentKeys.get(db)
  if (!cache) {
    cache = new Map()
    contentKeys.set(db, cache)
  }
  const id = `${recipient.fingerprint}:${wrapped}`
  const hit = cache.get(id)
  if (hit !== undefined) return hit
  const key = unwrapKey(wrapped, recipient.privateKey)
  if (cache.size >= CONTENT_KEYS_MAX) cache.clear()
  cache.set(id, key)
  return key
}

/** The content key in an envelope's entry for `recipient` (either version), its SM2 wrapping unwrapped once per session. */
export function unwrapKeyEntry(db: Db, entry: KeyEntry, recipient: { privateKey: string; fingerprint: string }): Uint8Array | null {
  return unwrapEntry(entry, (wrapped) => unwrapContentKey(db, wrapped, recipient))
}

/**
 * The wrappings (`keys`) of the envelopes stored in this session, by their `sync_envelopes` rowid and kid: only
 * checked envelopes are stored (folderSealed.ts), so release grants (folderRelease.ts) take a kept envelope's
 * wrappings from here instead of parsing its body again (most of which is ciphertext). Public data; bounded.
 */
const storedWrappings = new WeakMap<Db, Map<number, { kid: string; keys: readonly KeyEntry[] }>>()
const STORED_WRAPPINGS_MAX = 100_000

export function rememberWrappings(db: Db, rowid: number, e: Pick<UnitEnvelope, 'kid' | 'keys'>): void {
  let m = storedWrappings.get(db)
  if (!m) {
    m = new Map()
    storedWrappings.set(db, m)
  }
  if (m.size >= STORED_WRAPPINGS_MAX) m.clear()
  m.set(rowid, { kid: e.kid, keys: e.keys })
}

/** The wrappings remembered for the envelope stored as `rowid` with this kid, if stored in this session. */
export function rememberedWrappings(db: Db, rowid: number, kid: string): readonly KeyEntry[] | undefined {
  const hit = storedWrappings.get(db)?.get(rowid)
  return hit && hit.kid === kid ? hit.keys : undefined
}
