/**
 * The expert's review (issue 4): signed submissions, 承诺书 and 回避 declarations, line-by-line budget review,
 * the expert's handwritten signature image, and this laptop's own identity (never replicated).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const bool = (name: string) => sql.raw(`${name} INTEGER NOT NULL DEFAULT 0 CHECK (${name} IN (0, 1))`)
  // A submitted revision carries its signed payload (SignedPayload JSON); reopening is recorded by the secretariat.
  await sql`ALTER TABLE score_sheets ADD COLUMN signed_payload TEXT`.execute(db)
  await sql`ALTER TABLE score_sheets ADD COLUMN submitted_at TEXT`.execute(db)
  await sql`ALTER TABLE score_sheets ADD COLUMN reopen_reason TEXT NOT NULL DEFAULT ''`.execute(db)
  await sql`ALTER TABLE score_sheets ADD COLUMN reopened_at TEXT`.execute(db)
  await sql`CREATE TABLE commitments (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id),
    expert_id TEXT NOT NULL REFERENCES experts(id), accepted_at TEXT NOT NULL, text_digest TEXT NOT NULL DEFAULT ''
  ) STRICT`.execute(db)
  await sql`CREATE TABLE declarations (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id),
    project_id TEXT NOT NULL REFERENCES projects(id), expert_id TEXT NOT NULL REFERENCES experts(id),
    kind TEXT NOT NULL CHECK (kind IN ('none', 'recuse')), reason TEXT NOT NULL DEFAULT '', declared_at TEXT NOT NULL
  ) STRICT`.execute(db)
  await sql`CREATE INDEX declarations_project ON declarations(project_id)`.execute(db)
  await sql`CREATE TABLE budget_reviews (
    id TEXT PRIMARY KEY, sheet_id TEXT NOT NULL REFERENCES score_sheets(id), line_id TEXT NOT NULL,
    approved_amount REAL, reason TEXT, note TEXT NOT NULL DEFAULT ''
  ) STRICT`.execute(db)
  await sql`CREATE INDEX budget_reviews_sheet ON budget_reviews(sheet_id)`.execute(db)
  await sql`CREATE TABLE expert_signatures (
    id TEXT PRIMARY KEY, expert_id TEXT NOT NULL REFERENCES experts(id), image TEXT NOT NULL,
    updated_at TEXT NOT NULL, ${bool('deleted')}
  ) STRICT`.execute(db)
  // This laptop's expert identity: profile, PIN-encrypted SM2 key, PIN attempts. Local only, never replicated.
  await sql`CREATE TABLE local_identity (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, unit TEXT NOT NULL DEFAULT '', past_units TEXT NOT NULL DEFAULT '[]',
    title TEXT NOT NULL DEFAULT '', specialty TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
    id_number_enc TEXT NOT NULL DEFAULT '', key_blob TEXT, public_key TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL DEFAULT '', failed_pin_attempts INTEGER NOT NULL DEFAULT 0, last_failed_at TEXT,
    created_at TEXT NOT NULL
  ) STRICT`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
