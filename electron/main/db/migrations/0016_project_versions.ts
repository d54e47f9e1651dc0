/**
 * Project versions (issue 12): a 修改稿 imported as the next version of a reviewed project. One row per version
 * after the first (the first version is the project's own package), written by the secretariat and replicated:
 * the project it belongs to, its number (2, 3, …), its package (a `packages` row of the same project that is never
 * the project's current package, so the reviewed materials and the signed opinions stay as they were), the digest
 * the package says it revises and the package it was compared against, the 复核 stage and the named re-reviewers.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE project_versions (
    id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL REFERENCES meetings(id), project_id TEXT NOT NULL REFERENCES projects(id),
    version INTEGER NOT NULL DEFAULT 2, package_id TEXT NOT NULL, revises TEXT NOT NULL DEFAULT '', base_package_id TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL DEFAULT 'received', reviewers TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
  ) STRICT`.execute(db)
  await sql`CREATE INDEX project_versions_project ON project_versions(project_id)`.execute(db)
  await sql`CREATE INDEX project_versions_package ON project_versions(package_id)`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
