/**
 * The secretariat's console (issue 7): per-meeting settings (merge rules, deviation threshold, conclusion
 * thresholds, panel size rules) and the time the meeting was closed; the 组长's panel opinion per project
 * (draft, budget overrides, signature); the experts' 偏离说明 per project and dimension; an index the audit
 * log reads the change log through.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE meetings ADD COLUMN settings TEXT NOT NULL DEFAULT '{}'`.execute(db)
  await sql`ALTER TABLE meetings ADD COLUMN closed_at TEXT`.execute(db)
  // One row per project and 组长: naturalId('panel-opinion', projectId, leaderId). A new 组长 gets a new row; the
  // old one (and any signature on it) stays for audit.
  await sql`CREATE TABLE panel_opinions (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), project_id TEXT NOT NULL REFERENCES projects(id),
    leader_id TEXT NOT NULL REFERENCES experts(id), draft TEXT NOT NULL DEFAULT '{}', budget_overrides TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')), signed_payload TEXT, signed_at TEXT,
    updated_at TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
  ) STRICT`.execute(db)
  await sql`CREATE INDEX panel_opinions_project ON panel_opinions(project_id)`.execute(db)
  // naturalId('deviation', projectId, expertId, dimensionId): written by that expert only.
  await sql`CREATE TABLE deviation_notes (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), project_id TEXT NOT NULL REFERENCES projects(id),
    expert_id TEXT NOT NULL REFERENCES experts(id), dimension_id TEXT NOT NULL, text TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT ''
  ) STRICT`.execute(db)
  await sql`CREATE INDEX deviation_notes_project ON deviation_notes(project_id)`.execute(db)
  // The audit log reads the changes of a few (table, column) pairs.
  await sql`CREATE INDEX change_log_tbl_col ON change_log(tbl, col)`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
