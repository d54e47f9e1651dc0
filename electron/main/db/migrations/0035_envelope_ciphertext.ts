/**
 * Envelopes kept with their ciphertext as bytes (issue 15 bench): `sync_envelopes.ct` holds the SM4-GCM ciphertext
 * of a version 2 envelope (shared/sync/unitEnvelope.ts) and `body` only its signed header as JSON — no hex to
 * decode, parse, check, hash or copy, half the bytes to store and relay. Rows kept before (version 1: the whole
 * envelope as JSON, the ciphertext in hex inside it) stay as they are, `ct` NULL, and are read and relayed as before.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sync_envelopes ADD COLUMN ct BLOB`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
