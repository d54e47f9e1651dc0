/**
 * Independence through the shared folder (issue 15, item 6): what an expert writes travels through the folder only
 * encrypted (shared/sync/unitEnvelope.ts). This device keeps every envelope it made or received, so that it can
 * relay it verbatim and open it later (when a key that can open it is unlocked here). One row per envelope, keyed
 * by the origin and first seq of the sealed unit it carries, with the id of the content key it is encrypted under.
 *  - sync_scope_keys: on the author's laptop, the content key of each (author, scope) — sealed under the device
 *    secret — and its wrappings for the recipients, reused by every envelope of that scope;
 *  - sync_grants: release grants (a content key wrapped by the secretariat to an expert's sync key once that
 *    expert's own submission for the project is accepted), kept to relay and to open envelopes with.
 * None is replicated as a table (envelopes and grants travel in the folder files' own tables).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE sync_envelopes (
    origin TEXT NOT NULL, from_seq INTEGER NOT NULL CHECK (from_seq >= 1), to_seq INTEGER NOT NULL, author TEXT NOT NULL,
    kid TEXT NOT NULL, body TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (origin, from_seq), CHECK (to_seq >= from_seq)
  ) STRICT`.execute(db)
  await sql`CREATE INDEX sync_envelopes_kid ON sync_envelopes(kid)`.execute(db)
  await sql`CREATE TABLE sync_scope_keys (
    author TEXT NOT NULL, scope TEXT NOT NULL, kid TEXT NOT NULL UNIQUE, key_enc TEXT NOT NULL, recipients TEXT NOT NULL,
    wrapped TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (author, scope, recipients)
  ) STRICT`.execute(db)
  await sql`CREATE TABLE sync_grants (
    kid TEXT NOT NULL, fp TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kid, fp)
  ) STRICT`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
