/**
 * A meeting's root of trust (issue 15): authors proven, not claimed.
 *  - change_log.seal: the signed seal of a unit (a run of whole transactions of one origin and one author), kept on
 *    the unit's last change and relayed with it (shared/sync/seal.ts). NULL on every other change, and on this
 *    device's own changes until they are sealed at the next sync.
 *  - sync_signers: this device's sync keys, one per author it writes as, each certified by the author's master key;
 *    the private key is sealed under the device secret (never in the database in clear, never replicated).
 *  - trust_anchors: the secretariat keys this device trusts (pinned when it joins a meeting: the fingerprint read
 *    aloud at check-in or carried by the join code).
 *  - secretariat_key: the secretariat's own SM2 key on its laptop, under its PIN (like an expert's key).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE change_log ADD COLUMN seal TEXT`.execute(db)
  await sql`CREATE INDEX change_log_sealed ON change_log(origin, seq) WHERE seal IS NOT NULL`.execute(db)
  await sql`CREATE TABLE sync_signers (
    author TEXT PRIMARY KEY, public_key TEXT NOT NULL, private_key_enc TEXT NOT NULL, cert TEXT NOT NULL, created_at TEXT NOT NULL
  ) STRICT`.execute(db)
  await sql`CREATE TABLE trust_anchors (
    fingerprint TEXT PRIMARY KEY CHECK (length(fingerprint) IN (32, 64)), label TEXT NOT NULL DEFAULT '', pinned_at TEXT NOT NULL
  ) STRICT`.execute(db)
  await sql`CREATE TABLE secretariat_key (
    id INTEGER PRIMARY KEY CHECK (id = 1), key_blob TEXT NOT NULL, public_key TEXT NOT NULL, fingerprint TEXT NOT NULL,
    failed_pin_attempts INTEGER NOT NULL DEFAULT 0, last_failed_at TEXT, created_at TEXT NOT NULL
  ) STRICT`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
