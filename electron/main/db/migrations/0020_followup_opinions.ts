/**
 * The signatures of the 专家组复核意见 (issue 12, item 4): one row per version of a project and signer (the 组长 or a
 * named re-reviewer), holding that signer's signed payload (row id naturalId('followup-opinion', projectId, versionId, expertId)).
 * Written at the secretariat's laptop like the checklist; replicated; each signature is verified wherever it is read.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE followup_opinions (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), project_id TEXT NOT NULL REFERENCES projects(id),
    version_id TEXT NOT NULL, expert_id TEXT NOT NULL, signed_payload TEXT, signed_at TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
  ) STRICT`.execute(db)
  await sql`CREATE INDEX followup_opinions_version ON followup_opinions(version_id)`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
