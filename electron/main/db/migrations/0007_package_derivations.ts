/**
 * Derived package rows (issue 3, import speed and sync volume): package_documents, document_pages, budget_lines,
 * data_list_rows and findings are no longer replicated. Every device derives them from the package's
 * content-addressed files (services/packageDerive.ts); only the packages row and package_files travel through the
 * change log, the files themselves as blobs.
 *
 * This local table (never replicated, never logged) records, per project, which package (id and SHA-256) its
 * derived rows were built from, and why they could not be (in Chinese): the files have not arrived yet, or they
 * could not be read. A project whose current package differs from its row here is derived again.
 *
 * Existing databases already hold the rows of their current packages (written when they were still replicated):
 * they are recorded as derived, so nothing is rebuilt after the upgrade.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE package_derivations (
    project_id TEXT PRIMARY KEY, package_id TEXT, sha256 TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('derived', 'missing-files', 'failed')), error TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
  ) STRICT`.execute(db)
  // The current package of each project: the newest non-deleted one (as currentPackageRow picks it).
  await sql`INSERT INTO package_derivations (project_id, package_id, sha256, status, error, updated_at)
    SELECT project_id, id, sha256, 'derived', '', strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM (
      SELECT k.project_id, k.id, k.sha256,
        row_number() OVER (PARTITION BY k.project_id ORDER BY k.imported_at DESC, k.id DESC) AS n
      FROM packages k WHERE k.deleted = 0
    ) WHERE n = 1`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
