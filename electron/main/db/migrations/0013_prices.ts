/**
 * 价格参考 (issue 13).
 *  - price_refs: the secretariat's reference library on this device (local, never replicated): every line of a
 *    closed meeting with its 送审 and 核定 unit price, and the rows of imported price lists. Money in integer 分.
 *  - meeting_price_refs: the references the secretariat chose to travel with a meeting (replicated, written by
 *    the secretariat only, so experts' laptops hold them read-only and offline).
 *  - price_match_choices: a person's confirmation or rejection of a match, by the line's normalised name and unit
 *    and the reference (local: each reviewer's own memory).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE price_refs (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('meeting', 'import')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 500), spec TEXT NOT NULL DEFAULT '', unit TEXT NOT NULL DEFAULT '',
    unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen >= 0), submitted_price_fen INTEGER CHECK (submitted_price_fen >= 0),
    quantity REAL, group_name TEXT, project TEXT NOT NULL DEFAULT '', source TEXT NOT NULL, ref_date TEXT NOT NULL,
    meeting_id TEXT, line_id TEXT, retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)), note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
  ) STRICT`.execute(db)
  await sql`CREATE INDEX price_refs_meeting ON price_refs(meeting_id) WHERE meeting_id IS NOT NULL`.execute(db)
  await sql`CREATE TABLE meeting_price_refs (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), name TEXT NOT NULL, spec TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '', unit_price_fen INTEGER NOT NULL, submitted_price_fen INTEGER, group_name TEXT,
    project TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', ref_date TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0
  ) STRICT`.execute(db)
  await sql`CREATE INDEX meeting_price_refs_meeting ON meeting_price_refs(meeting_id)`.execute(db)
  await sql`CREATE TABLE price_match_choices (
    line_key TEXT NOT NULL, ref_id TEXT NOT NULL, choice TEXT NOT NULL CHECK (choice IN ('confirm', 'reject')),
    decided_at TEXT NOT NULL, PRIMARY KEY (line_key, ref_id)
  ) STRICT`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
