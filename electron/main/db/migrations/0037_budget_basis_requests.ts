/**
 * An expert's request that the secretariat make another sheet of a project's budget workbook the basis of review
 * (issue 14 item 1). Experts cannot switch the basis themselves (every reviewer must review the same lines); they
 * ask, with a reason, and the secretariat sees the request in the 概算 tab. One row per expert and project:
 * naturalId('basis-request', projectId, expertId), written by that expert only (shared/sync/ownership.ts), so it
 * travels sealed to the secretariat like the expert's other rows; withdrawing it marks it deleted.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE budget_basis_requests (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), project_id TEXT NOT NULL REFERENCES projects(id),
    expert_id TEXT NOT NULL REFERENCES experts(id), sheets TEXT NOT NULL DEFAULT '[]', reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0
  ) STRICT`.execute(db)
  await sql`CREATE INDEX budget_basis_requests_project ON budget_basis_requests(project_id)`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
