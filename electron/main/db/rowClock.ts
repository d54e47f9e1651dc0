/**
 * The clocks of replicated cells (migration 0034): one `row_clock` row per replicated row, `clocks` a JSON object
 * { column: HLC of the write the cell holds }. Every reader and writer of cell clocks goes through here.
 */
import type { Db } from './connection'
import { prepare } from './query'

/** A column's JSON path; column names are the registry's identifiers (shared/sync/tables.ts). */
function path(col: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(col)) throw new Error(`invalid column name ${col.slice(0, 40)}`)
  return `$.${col}`
}

/** Merges { column: HLC } into the clocks of `rows` rows, (tbl, row_id, clocks JSON) each (a column named again gets the new HLC). */
export function mergeClocksSql(rows: number): string {
  return `INSERT INTO row_clock (tbl, row_id, clocks) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?)').join(', ')} ON CONFLICT (tbl, row_id) DO UPDATE SET clocks = json_patch(clocks, excluded.clocks)`
}

export const MERGE_CLOCKS_SQL = mergeClocksSql(1)

/** The clocks of a row: column → HLC (empty when none). */
export function rowClocks(db: Db, tbl: string, rowId: string): Map<string, string> {
  const r = prepare(db, 'SELECT clocks FROM row_clock WHERE tbl = ? AND row_id = ?').get(tbl, rowId) as { clocks: string } | undefined
  return r ? new Map(Object.entries(JSON.parse(r.clocks) as Record<string, string>)) : new Map()
}

/** The clock of one cell, or undefined when it has none. */
export function cellClock(db: Db, tbl: string, rowId: string, col: string): string | undefined {
  const r = prepare(db, 'SELECT json_extract(clocks, ?) AS hlc FROM row_clock WHERE tbl = ? AND row_id = ?').get(path(col), tbl, rowId) as { hlc: string | null } | undefined
  return r?.hlc ?? undefined
}

/** Sets the clocks of some cells of a row (the others keep theirs). */
export function mergeClocks(db: Db, tbl: string, rowId: string, clocks: Record<string, string>): void {
  prepare(db, MERGE_CLOCKS_SQL).run(tbl, rowId, JSON.stringify(clocks))
}

/** Removes the clock of one cell (the row's clock row goes when it was the last). */
export function dropCellClock(db: Db, tbl: string, rowId: string, col: string): void {
  prepare(db, 'UPDATE row_clock SET clocks = json_remove(clocks, ?) WHERE tbl = ? AND row_id = ?').run(path(col), tbl, rowId)
  prepare(db, "DELETE FROM row_clock WHERE tbl = ? AND row_id = ? AND clocks = '{}'").run(tbl, rowId)
}

/** Removes every clock of a row. */
export function dropRowClocks(db: Db, tbl: string, rowId: string): void {
  prepare(db, 'DELETE FROM row_clock WHERE tbl = ? AND row_id = ?').run(tbl, rowId)
}
