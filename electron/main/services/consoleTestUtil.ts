/**
 * Test support for the console (tests, e2e helper and bench only): installs a fixture expert's SM2 key on this
 * "laptop" under a PIN, as identity.createKey would have made it, so the 组长 can sign with the key whose
 * fingerprint the secretariat registered.
 */
import { encryptPrivateKey } from '../../../shared/signing/keystore'
import { publicKeyFingerprint } from '../../../shared/signing/sm'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'

export function installFixtureKey(db: Db, expert: { id: string; name: string; privateKey: string; publicKey: string }, pin: string): void {
  const blob = encryptPrivateKey(pin, expert.privateKey, { scrypt: { N: 2 ** 10, r: 8, p: 1 } })
  prepare(
    db,
    `INSERT INTO local_identity (id, name, key_blob, public_key, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET key_blob = excluded.key_blob, public_key = excluded.public_key, fingerprint = excluded.fingerprint`
  ).run(expert.id, expert.name, JSON.stringify(blob), expert.publicKey, publicKeyFingerprint(expert.publicKey), new Date().toISOString())
}
