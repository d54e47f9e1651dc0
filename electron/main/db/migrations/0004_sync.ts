/**
 * Sync (issue 5): reasons for changes not applied, indexes the engine needs, cells waiting for their row
 * (a change can arrive before the change that creates its row or its parent), and the history of sync runs.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // Why a received change was rejected, held or deferred (shown in the sync report).
  await sql`ALTER TABLE change_log ADD COLUMN reason TEXT NOT NULL DEFAULT ''`.execute(db)
  // Changes not applied (rejected, held, deferred, withheld) are few: a partial index finds them.
  await sql`CREATE INDEX change_log_not_applied ON change_log(status, origin, seq) WHERE status <> 'applied'`.execute(db)
  // The fingerprints the secretariat registered, to verify a signed sheet on arrival.
  await sql`CREATE INDEX change_log_fingerprints ON change_log(row_id) WHERE tbl = 'experts' AND col = 'key_fingerprint'`.execute(db)
  await sql`CREATE TABLE sync_pending_cells (
    tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL, hlc TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id, col)
  ) STRICT, WITHOUT ROWID`.execute(db)
  await sql`CREATE TABLE sync_runs (
    id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, transport TEXT NOT NULL, target TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed')), sent INTEGER NOT NULL DEFAULT 0,
    received INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0, report TEXT NOT NULL DEFAULT '{}'
  ) STRICT`.execute(db)
  // What was last read from each file of a sync folder (size and mtime), to skip unchanged files.
  await sql`CREATE TABLE sync_sources (source TEXT PRIMARY KEY, stamp TEXT NOT NULL) STRICT`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
