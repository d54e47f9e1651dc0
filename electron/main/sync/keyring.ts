/**
 * Master keys unlocked with their PIN in this session (issue 15, item 6), per database: the secretariat's key on its
 * laptop after 输入 PIN 码. They open the sealed envelopes of experts' content (unitEnvelope.ts) and make the
 * secretariat's view available (services/secretariatView.ts). Kept in memory only, never written anywhere; gone when
 * the app quits, when the database is opened again, or when `lockKeys` is called.
 */
import type { Db } from '../db/connection'
import { publicKeyFingerprint } from '../../../shared/signing/sm'

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

/** Forgets the keys unlocked for this database (the app locks, or a test ends). */
export function lockKeys(db: Db): void {
  unlocked.delete(db)
}
