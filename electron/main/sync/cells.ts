/**
 * Writing accepted changes into the domain tables, cell by cell, under each cell's merge rule (shared/sync/merge.ts),
 * with field_clock holding the clock of the winning write. A row that cannot be written yet (its creating change,
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

/**
 * Decides whether a change wins its cell instead of the merge rules (undefined: use them). Only the property tests
 * pass one — a deliberately wrong merge that they must catch (tests/kits/sync/seededBug.ts).
 */
export type WinOverride = (c: Change) => boolean | undefined

export class CellWriter {
  private rows = new Map<string, RowCells>()
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

  /** Takes one accepted change: records it in field_clock when it wins its cell, and queues the value. */
  offer(c: Change): boolean {
    const rule = mergeRule(c.tbl, c.col)
    let won: boolean
    const forced = this.override?.(c)
    if (forced !== undefined) {
      if (forced) prepare(this.db, 'INSERT INTO field_clock (tbl, row_id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT (tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc').run(c.tbl, c.rowId, c.col, c.hlc)
      won = forced
    } else if (rule === 'lww') {
      won =
        prepare(
          this.db,
          'INSERT INTO field_clock (tbl, row_id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT (tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc WHERE excluded.hlc > field_clock.hlc'
        ).run(c.tbl, c.rowId, c.col, c.hlc).changes > 0
    } else {
      const cur = prepare(this.db, 'SELECT hlc FROM field_clock WHERE tbl = ? AND row_id = ? AND col = ?').get(c.tbl, c.rowId, c.col) as { hlc: string } | undefined
      const curJson = cur ? this.currentJson(c.tbl, c.rowId, c.col) : null
      won = !cur || curJson === null || beats(rule, { value: c.value, hlc: c.hlc }, { value: curJson, hlc: cur.hlc })
      if (won) prepare(this.db, 'INSERT INTO field_clock (tbl, row_id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT (tbl, row_id, col) DO UPDATE SET hlc = excluded.hlc').run(c.tbl, c.rowId, c.col, c.hlc)
    }
    if (!won) return false
    const key = rowKey(c.tbl, c.rowId)
    let r = this.rows.get(key)
    if (!r) {
      r = { tbl: c.tbl, rowId: c.rowId, cols: new Map() }
      this.rows.set(key, r)
    }
    r.cols.set(c.col, { json: c.value, hlc: c.hlc })
    return true
  }

  /** Writes the queued cells (call at the end of each transaction, so parents are written before children). */
  flush(): void {
    for (const r of this.rows.values()) this.writeRow(r)
    this.rows.clear()
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
      try {
        const sets = cols.map((c) => `${q(c)} = ?`).join(', ')
        if (prepare(this.db, `UPDATE ${q(r.tbl)} SET ${sets} WHERE id = ?`).run(...values, r.rowId).changes > 0) return
        prepare(this.db, `INSERT INTO ${q(r.tbl)} (id, ${cols.map(q).join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`).run(r.rowId, ...values)
        return
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
          const clock = prepare(this.db, 'SELECT hlc FROM field_clock WHERE tbl = ? AND row_id = ? AND col = ?')
          live = cells.filter((c) => {
            const cur = clock.get(tbl, rowId, c.col) as { hlc: string } | undefined
            if (!cur || cur.hlc === c.hlc) return true
            const wins = beats(mergeRule(tbl, c.col), { value: c.value, hlc: c.hlc }, { value: fromSql(this.spec(tbl, c.col), existing[c.col]), hlc: cur.hlc })
            if (wins) prepare(this.db, 'UPDATE field_clock SET hlc = ? WHERE tbl = ? AND row_id = ? AND col = ?').run(c.hlc, tbl, rowId, c.col)
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
