/**
 * One clock row per replicated row instead of one per cell (issue 15, apply speed): `row_clock (tbl, row_id, clocks)`,
 * `clocks` a JSON object from column name to the HLC of the write that column holds — what `field_clock` held in one
 * row per cell. Applying a meeting wrote about 102,000 clock rows for 27,000 domain rows; now one per domain row.
 * Every clock is copied as it was (migration test); field_clock is dropped.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE row_clock (
    tbl TEXT NOT NULL, row_id TEXT NOT NULL, clocks TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id)
  ) STRICT, WITHOUT ROWID`.execute(db)
  await sql`INSERT INTO row_clock (tbl, row_id, clocks)
    SELECT tbl, row_id, json_group_object(col, hlc) FROM field_clock GROUP BY tbl, row_id`.execute(db)
  await sql`DROP TABLE field_clock`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('PanelDesk migrations are forward-only; restore a backup instead.')
}
