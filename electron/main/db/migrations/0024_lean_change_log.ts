/**
 * A leaner change log (issue 15, sync speed). Applying a received change used to write four B-trees for its log
 * row alone: the table (a rowid table), its (origin, seq) primary-key index, the (tbl, col) index over every change,
 * and the row's `received_at` computed by strftime() per row. Now:
 *  - change_log is a WITHOUT ROWID table keyed by (origin, seq): one B-tree holds the row (every lookup was by
 *    origin and seq already);
 *  - the (tbl, col) index covers only the charter's and the sheets' cells (`LOGGED_CELLS_INDEXED` in
 *    electron/main/sync/log.ts: the audit log and the rubric check read those), not the scores, opinions and
 *    budget reviews that make up nearly all of a meeting's changes;
 *  - `received_at` is kept for the rows that have one and is NULL for new rows (nothing reads it).
 * Every row is copied as it is; the partial indexes (not applied, fingerprints, sealed) are made again.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE change_log_lean (
    origin TEXT NOT NULL, seq INTEGER NOT NULL, tx INTEGER NOT NULL, hlc TEXT NOT NULL, author TEXT NOT NULL,
    tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'applied', received_at TEXT, reason TEXT NOT NULL DEFAULT '', seal TEXT,
    PRIMARY KEY (origin, seq)
  ) STRICT, WITHOUT ROWID`.execute(db)
  await sql`INSERT INTO change_log_lean (origin, seq, tx, hlc, author, tbl, row_id, col, value, status, received_at, reason, seal)
    SELECT origin, seq, tx, hlc, author, tbl, row_id, col, value, status, received_at, reason, seal FROM change_log`.execute(db)
  await sql`DROP TABLE change_log`.execute(db)
  await sql`ALTER TABLE change_log_lean RENAME TO change_log`.execute(db)
  await sql`CREATE INDEX change_log_not_applied ON change_log(status, origin, seq) WHERE status <> 'applied'`.execute(db)
  await sql`CREATE INDEX change_log_fingerprints ON change_log(row_id) WHERE tbl = 'experts' AND col = 'key_fingerprint'`.execute(db)
  await sql`CREATE INDEX change_log_sealed ON change_log(origin, seq) WHERE seal IS NOT NULL`.execute(db)
  // The same condition as LOGGED_CELLS_INDEXED (electron/main/sync/log.ts): a query must repeat it to use the index.
  await sql`CREATE INDEX change_log_tbl_col ON change_log(tbl, col, row_id)
    WHERE tbl IN ('meetings', 'projects', 'experts', 'assignments', 'score_sheets', 'panel_opinions', 'rubrics')`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
