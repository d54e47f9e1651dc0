/**
 * The 整改落实 checklist (issue 12): one row per 主要问题 or 修改建议 of the signed 专家组评审意见 and version of a
 * project — the point as the opinion words it, who raised it, the 建设单位's answer (read from the 修改说明 or typed
 * in), the re-reviewer's verdict (done 已落实 / partial 部分落实 / open 未落实) and a note. Written by the secretariat
 * through writeChanges and replicated (docs/review-followup.md says why the secretariat owns it).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE followup_items (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), project_id TEXT NOT NULL REFERENCES projects(id),
    version_id TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'problem', number INTEGER NOT NULL DEFAULT 1, point TEXT NOT NULL DEFAULT '',
    authors TEXT NOT NULL DEFAULT '[]', answer TEXT NOT NULL DEFAULT '', answer_source TEXT NOT NULL DEFAULT '',
    verdict TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', reviewer_id TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
  ) STRICT`.execute(db)
  await sql`CREATE INDEX followup_items_version ON followup_items(version_id)`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
