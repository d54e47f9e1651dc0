/**
 * Independence through the shared folder (issue 15, item 6): what an expert writes travels through the folder only
 * encrypted (shared/sync/unitEnvelope.ts). This device keeps every envelope it made or received, so that it can
 * relay it verbatim and open it later (when a key that can open it is unlocked here). One row per envelope, keyed
 * by the origin and first seq of the sealed unit it carries; never replicated as a table (it travels in the folder
 * files' own `envelopes` table).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE sync_envelopes (
    origin TEXT NOT NULL, from_seq INTEGER NOT NULL CHECK (from_seq >= 1), to_seq INTEGER NOT NULL, author TEXT NOT NULL,
    body TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (origin, from_seq), CHECK (to_seq >= from_seq)
  ) STRICT`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
