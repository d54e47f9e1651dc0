/**
 * Remembered signature verdicts (issue 7, merge speed): the result of verifying a stored signed sheet, kept in a
 * local table so that a restarted app does not re-verify every 2,000-line sheet (≈ 20 ms each) before it can
 * merge. Local to this database: never replicated (not in shared/sync/tables.ts), never archived, written
 * without the change log.
 *
 * The key is everything the verdict depends on: the sheet row, the SHA-256 of the exact stored signed_payload
 * text, the fingerprint registered for the expert ('' when none) and the version of the verification rules.
 * Any change to any of them is a different key, so a changed payload is always verified afresh.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE signature_verdicts (
    sheet_id TEXT NOT NULL, payload_sha256 TEXT NOT NULL, registered_fingerprint TEXT NOT NULL, verifier INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('valid', 'tampered', 'unverifiable')), reason TEXT NOT NULL DEFAULT '',
    checked_at TEXT NOT NULL,
    PRIMARY KEY (sheet_id, payload_sha256, registered_fingerprint, verifier)
  ) STRICT, WITHOUT ROWID`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
