/**
 * The failure count of a PIN-sealed key kept in its database row (failed_pin_attempts, last_failed_at), claimed in
 * one immediate transaction before the KDF runs (shared/signing/pin.ts unlockWithPin). Used for the experts' keys
 * (local_identity) and the secretariat's key (secretariat_key).
 */
import { claimPinAttempt, type PinAttemptStore } from '../../../shared/signing/keystore'
import type { Db } from '../db/connection'

export function rowAttemptStore(db: Db, table: 'local_identity' | 'secretariat_key', id: string | number): PinAttemptStore {
  const read = db.sqlite.prepare(`SELECT failed_pin_attempts AS n, last_failed_at AS at FROM ${table} WHERE id = ?`)
  const write = db.sqlite.prepare(`UPDATE ${table} SET failed_pin_attempts = ?, last_failed_at = ? WHERE id = ?`)
  return {
    claimAttempt: (now) =>
      db.sqlite
        .transaction(() => {
          const row = read.get(id) as { n: number; at: string | null } | undefined
          const claim = claimPinAttempt(row?.n ?? 0, row?.at ? new Date(row.at) : null, now)
          if (claim.waitMs === 0) write.run(claim.failedAttempts, now.toISOString(), id)
          return claim
        })
        .immediate(),
    reset: () => void write.run(0, null, id)
  }
}
