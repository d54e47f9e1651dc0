/**
 * Writing accepted changes into the domain tables, cell by cell, under each cell's merge rule (shared/sync/merge.ts),
 * with row_clock holding the clock of each cell's winning write (one row per replicated row, migration 0034). A row that cannot be written yet (its creating change,
 * or the parent row a foreign key names, has not arrived) waits in sync_pending_cells and is written as soon as
 * it can be (settle()).
 */
import type { Change } from '../../../shared/sync/change'
import { beats, mergeRule } from '../../../shared/sync/merge'
import type { Registry } from '../../../shared/sync/verdict'
import type { ColumnSpec } from '../../../shared/sync/tables'
import { toSqlValue } from '../../../shared/sync/values'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import { cellClock, mergeClocks, mergeClocksSql, rowClocks } from '../db/rowClock'

interface RowCells {
  tbl: string
  rowId: string
  cols: Map<string, { json: string; hlc: string }>
}

function fromSql(spec: ColumnSpec, v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (spec.type === 'bool') return v ? 'true' : 'false'
  if (spec.type === 'json') return String(v)
  return JSON.stringify(v)
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`
const rowKey = (tbl: string, rowId: string): string => `${tbl}\u0000${rowId}`
const rowSqlCache = new Map<string, { insert: string; update: string }>()

/** The statements that create a row with these columns (unless it exists) and that update them. */
function rowSql(tbl: string, cols: string[]): { insert: string; update: string } {
  const key = `${tbl}\u0000${cols.join('\u0000')}`
  let sql = rowSqlCache.get(key)
  if (!sql) {
    sql = {
      insert: `INSERT INTO ${q(tbl)} (id, ${cols.map(q).join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`,
      update: `UPDATE ${q(tbl)} SET ${cols.map((c) => `${q(c)} = ?`).join(', ')} WHERE id = ?`
    }
    if (rowSqlCache.size > 1000) rowSqlCache.clear()
    rowSqlCache.set(key, sql)
  }
  return sql
}

/** Rows per row_clock statement (then halves for the rest: 64, 32, …, 1). */
const CLOCK_BATCH = 64

/** The winning clocks of one row's cells in a transaction, as row_clock merges them. */
interface RowWins {
  tbl: string
  rowId: string
  clocks: Record<string, string>
}

/**
 * Decides whether a change wins its cell instead of the merge rules (undefined: use them). Only the property tests
 * pass one — a deliberately wrong merge that they must catch (tests/kits/sync/seededBug.ts).
 */
export type WinOverride = (c: Change) => boolean | undefined

export class CellWriter {
  /** Accepted changes of the current transaction, by row, in the order they came. */
  private queued = new Map<string, Change[]>()
  /** Rows with cells in sync_pending_cells (only this writer writes that table, inside the apply transaction). */
  private pendingRows: Set<string> | null = null

  constructor(
    private readonly db: Db,
    private readonly registry: Registry,
    private readonly override?: WinOverride
  ) {}

  private spec(tbl: string, col: string): ColumnSpec {
    const s = this.registry[tbl]?.[col]
    if (!s) throw new Error(`unknown column ${tbl}.${col}`)
    return s
  }

  /** The current value of a cell as JSON text (pending value first, then the table), or null when unset. */
  private currentJson(tbl: string, rowId: string, col: string): string | null {
    const p = prepare(this.db, 'SELECT value FROM sync_pending_cells WHERE tbl = ? AND row_id = ? AND col = ?').get(tbl, rowId, col) as { value: string } | undefined
    if (p) return p.value
    const row = prepare(this.db, `SELECT ${q(col)} AS v FROM ${q(tbl)} WHERE id = ?`).get(rowId) as { v: unknown } | undefined
    return row ? fromSql(this.spec(tbl, col), row.v) : null
  }

  /** Takes one accepted change; it is weighed against its cell's current write when the transaction is flushed. */
  offer(c: Change): void {
    const key = rowKey(c.tbl, c.rowId)
    const r = this.queued.get(key)
    if (r) r.push(c)
    else this.queued.set(key, [c])
  }

  /**
   * Decides the queued changes of one transaction cell by cell, in the order they came, against the cells' clocks
   * (read once per row), records the winners' clocks in row_clock and writes the winning values (call at the
   * end of each transaction, so parents are written before children).
   */
  flush(): void {
    const rows: RowCells[] = []
    const clocks: RowWins[] = []
    for (const changes of this.queued.values()) {
      const first = changes[0] as Change
      const r: RowCells = { tbl: first.tbl, rowId: first.rowId, cols: new Map() }
      const clock = rowClocks(this.db, first.tbl, first.rowId)
      const won: Record<string, string> = {}
      for (const c of changes) {
        if (!this.wins(c, clock)) continue
        clock.set(c.col, c.hlc)
        won[c.col] = c.hlc
        r.cols.set(c.col, { json: c.value, hlc: c.hlc })
      }
      if (r.cols.size) {
        rows.push(r)
        clocks.push({ tbl: first.tbl, rowId: first.rowId, clocks: won })
      }
    }
    this.queued.clear()
    this.saveClocks(clocks)
    for (const r of rows) this.writeRow(r)
  }

  /** Whether a change wins its cell under the cell's merge rule (or the test override), given the cell's clock. */
  private wins(c: Change, clock: Map<string, string>): boolean {
    const forced = this.override?.(c)
    if (forced !== undefined) return forced
    const cur = clock.get(c.col)
    if (cur === undefined) return true
    const rule = mergeRule(c.tbl, c.col)
    if (rule === 'lww') return c.hlc > cur
    const curJson = this.currentJson(c.tbl, c.rowId, c.col)
    return curJson === null || beats(rule, { value: c.value, hlc: c.hlc }, { value: curJson, hlc: cur })
  }

  /** Records the winning clocks, one row_clock row per domain row, many rows per statement. */
  private saveClocks(won: RowWins[]): void {
    let i = 0
    for (let size = CLOCK_BATCH; size >= 1; size >>= 1) {
      if (won.length - i < size) continue
      const stmt = prepare(this.db, mergeClocksSql(size))
      const args: string[] = new Array<string>(size * 3)
      for (; won.length - i >= size; i += size) {
        for (let j = 0; j < size; j++) {
          const r = won[i + j] as RowWins
          args[3 * j] = r.tbl
          args[3 * j + 1] = r.rowId
          args[3 * j + 2] = JSON.stringify(r.clocks)
        }
        stmt.run(args)
      }
    }
  }

  private pending(): Set<string> {
    if (!this.pendingRows) {
      const rows = prepare(this.db, 'SELECT DISTINCT tbl, row_id FROM sync_pending_cells').all() as { tbl: string; row_id: string }[]
      this.pendingRows = new Set(rows.map((r) => rowKey(r.tbl, r.row_id)))
    }
    return this.pendingRows
  }

  /**
   * A row without pending cells is updated in place, or created when it does not exist (what materialize() does
   * for a row whose cells all arrived together, in two statements instead of going through sync_pending_cells).
   * A row the database refuses for now (a parent not arrived, a required column not set yet) waits there.
   */
  private writeRow(r: RowCells): void {
    const key = rowKey(r.tbl, r.rowId)
    const pending = this.pending()
    if (!pending.has(key)) {
      const cols = [...r.cols.keys()]
      const values = cols.map((c) => toSqlValue(this.spec(r.tbl, c), (r.cols.get(c) as { json: string }).json))
      const sql = rowSql(r.tbl, cols)
      try {
        // Most rows arriving are new (a meeting synced from scratch): one statement for them.
        if (prepare(this.db, sql.insert).run(r.rowId, ...values).changes > 0) return
      } catch {
        /* refused as a new row (a parent not arrived, a required column not set yet): perhaps it exists */
      }
      try {
        if (prepare(this.db, sql.update).run(...values, r.rowId).changes > 0) return
      } catch {
        /* a constraint refused the new values for now: keep them pending */
      }
    }
    const put = prepare(this.db, 'INSERT INTO sync_pending_cells (tbl, row_id, col, value, hlc) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tbl, row_id, col) DO UPDATE SET value = excluded.value, hlc = excluded.hlc')
    for (const [col, v] of r.cols) put.run(r.tbl, r.rowId, col, v.json, v.hlc)
    pending.add(key)
    this.materialize(r.tbl, r.rowId)
  }

  /**
   * Tries to write a pending row into its table; true when it got there. When the row exists meanwhile (the one
   * write path may have created it locally), each pending cell is weighed against the cell's current write under
   * its merge rule, as if it had arrived now: it is written only when it still wins.
   */
  private materialize(tbl: string, rowId: string): boolean {
    const cells = prepare(this.db, 'SELECT col, value, hlc FROM sync_pending_cells WHERE tbl = ? AND row_id = ?').all(tbl, rowId) as { col: string; value: string; hlc: string }[]
    if (cells.length === 0) return true
    try {
      this.db.sqlite.transaction(() => {
        const existing = prepare(this.db, `SELECT * FROM ${q(tbl)} WHERE id = ?`).get(rowId) as Record<string, unknown> | undefined
        let live = cells
        if (existing) {
          live = cells.filter((c) => {
            const cur = cellClock(this.db, tbl, rowId, c.col)
            if (cur === undefined || cur === c.hlc) return true
            const wins = beats(mergeRule(tbl, c.col), { value: c.value, hlc: c.hlc }, { value: fromSql(this.spec(tbl, c.col), existing[c.col]), hlc: cur })
            if (wins) mergeClocks(this.db, tbl, rowId, { [c.col]: c.hlc })
            return wins
          })
        }
        const cols = live.map((c) => c.col)
        const values = live.map((c) => toSqlValue(this.spec(tbl, c.col), c.value))
        if (existing && cols.length) prepare(this.db, `UPDATE ${q(tbl)} SET ${cols.map((c) => `${q(c)} = ?`).join(', ')} WHERE id = ?`).run(...values, rowId)
        else if (!existing) prepare(this.db, `INSERT INTO ${q(tbl)} (id, ${cols.map(q).join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`).run(rowId, ...values)
        prepare(this.db, 'DELETE FROM sync_pending_cells WHERE tbl = ? AND row_id = ?').run(tbl, rowId)
      })()
      this.pendingRows?.delete(rowKey(tbl, rowId))
      return true
    } catch {
      return false
    }
  }

  /** Writes every pending row that can be written now, until nothing more can. Returns how many are left. */
  settle(): number {
    for (;;) {
      const rows = prepare(this.db, 'SELECT DISTINCT tbl, row_id FROM sync_pending_cells').all() as { tbl: string; row_id: string }[]
      if (rows.length === 0) return 0
      let progress = false
      for (const r of rows) if (this.registry[r.tbl] && this.materialize(r.tbl, r.row_id)) progress = true
      if (!progress) return rows.length
    }
  }
}
