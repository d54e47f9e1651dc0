/**
 * Rules as data (issue 14 item 3).
 *  - meeting_rule_sets: the rule set a meeting uses (replicated, written by the secretariat only, so it travels in
 *    the secretariat's sealed units and every replica refuses it from anyone else). One row per meeting; no row
 *    means the shipped default. `definition` is the whole rule set JSON; its digest is computed, never stored.
 *  - findings.rule_set_version / rule_set_digest: the rule set that produced each finding.
 *  - package_derivations.rules_digest: the rule set a project's rows were derived with; a new rule set makes every
 *    project of the meeting derive again. Existing records carry '' and so are derived again at the next start.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE meeting_rule_sets (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), definition TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0
  ) STRICT`.execute(db)
  await sql`CREATE INDEX meeting_rule_sets_meeting ON meeting_rule_sets(meeting_id)`.execute(db)
  await sql`ALTER TABLE findings ADD COLUMN rule_set_version TEXT NOT NULL DEFAULT ''`.execute(db)
  await sql`ALTER TABLE findings ADD COLUMN rule_set_digest TEXT NOT NULL DEFAULT ''`.execute(db)
  await sql`ALTER TABLE package_derivations ADD COLUMN rules_digest TEXT NOT NULL DEFAULT ''`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
