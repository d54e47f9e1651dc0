/** The invariants of SYNC.md, checked on real replica databases (test support). */
import { mergeRule, winner, type CellWrite } from '../../../shared/sync/merge'
import { REPLICATED_TABLES, type ColumnSpec } from '../../../shared/sync/tables'
import { toSqlValue } from '../../../shared/sync/values'
import { decodeHlc } from '../../../shared/sync/hlc'
import type { VersionVector } from '../../../shared/sync/vv'
import type { Db } from '../../../electron/main/db/connection'
import { readVv } from '../../../electron/main/sync/log'
import { cellClock } from '../../../electron/main/db/rowClock'

export class InvariantError extends Error {
  constructor(
    readonly invariant: number,
    message: string
  ) {
    super(`invariant ${invariant}: ${message}`)
    this.name = 'InvariantError'
  }
}

function fail(n: number, msg: string): never {
  throw new InvariantError(n, msg)
}

/** Every replicated table, rows sorted by id, as one comparable string. */
export function dumpTables(db: Db): string {
  const out: string[] = []
  for (const tbl of Object.keys(REPLICATED_TABLES)) {
    const rows = db.sqlite.prepare(`SELECT * FROM "${tbl}" ORDER BY id`).all()
    out.push(`${tbl}:${JSON.stringify(rows)}`)
  }
  return out.join('\n')
}

export function vvOf(db: Db): VersionVector {
  return readVv(db)
}

/** 2: every cell equals the greatest accepted write under its merge rule. */
export function checkCellsMatchLog(db: Db, label: string): void {
  const rows = db.sqlite.prepare("SELECT tbl, row_id, col, value, hlc FROM change_log WHERE status = 'applied'").all() as { tbl: string; row_id: string; col: string; value: string; hlc: string }[]
  const cells = new Map<string, CellWrite[]>()
  for (const r of rows) {
    const k = `${r.tbl}\u0000${r.row_id}\u0000${r.col}`
    const list = cells.get(k)
    if (list) list.push({ value: r.value, hlc: r.hlc })
    else cells.set(k, [{ value: r.value, hlc: r.hlc }])
  }
  const pending = (db.sqlite.prepare('SELECT COUNT(*) AS n FROM sync_pending_cells').get() as { n: number }).n
  if (pending > 0) fail(2, `${label}: ${pending} cells still wait for their row after healing`)
  for (const [k, writes] of cells) {
    const [tbl, rowId, col] = k.split('\u0000') as [string, string, string]
    const spec = (REPLICATED_TABLES as unknown as Record<string, Record<string, ColumnSpec>>)[tbl]?.[col]
    if (!spec) continue
    const w = winner(mergeRule(tbl, col), writes) as CellWrite
    const row = db.sqlite.prepare(`SELECT "${col}" AS v FROM "${tbl}" WHERE id = ?`).get(rowId) as { v: unknown } | undefined
    if (!row) fail(2, `${label}: row ${tbl}/${rowId} missing`)
    const expected = toSqlValue(spec, w.value)
    if (row.v !== expected) fail(2, `${label}: ${tbl}/${rowId}.${col} is ${JSON.stringify(row.v)}, expected ${JSON.stringify(expected)} (hlc ${w.hlc})`)
    const clock = cellClock(db, tbl, rowId, col)
    if (clock !== w.hlc) fail(2, `${label}: row_clock of ${tbl}/${rowId}.${col} is ${clock}, expected ${w.hlc}`)
  }
}

/** 5 and 6: per origin, seqs are 1..n without a gap, HLCs strictly increase, a transaction has one status. */
export function checkLogShape(db: Db, label: string): void {
  const rows = db.sqlite.prepare('SELECT origin, seq, tx, hlc, status FROM change_log ORDER BY origin, seq').all() as { origin: string; seq: number; tx: number; hlc: string; status: string }[]
  let prev: (typeof rows)[number] | undefined
  for (const r of rows) {
    if (!prev || prev.origin !== r.origin) {
      if (r.seq !== 1) fail(5, `${label}: origin ${r.origin} starts at seq ${r.seq}`)
      if (r.tx !== r.seq) fail(6, `${label}: ${r.origin}#${r.seq} starts in the middle of a transaction`)
    } else {
      if (r.seq !== prev.seq + 1) fail(5, `${label}: gap in ${r.origin} after ${prev.seq}`)
      if (r.status === 'withheld' || prev.status === 'withheld') {
        prev = r
        continue // a withheld stub keeps only its place in the log (no clock)
      }
      const a = decodeHlc(prev.hlc)
      const b = decodeHlc(r.hlc)
      if (!(b.ms > a.ms || (b.ms === a.ms && b.counter > a.counter))) fail(5, `${label}: HLC does not increase at ${r.origin}#${r.seq}`)
      if (r.tx !== prev.tx && r.tx !== r.seq) fail(6, `${label}: bad tx start at ${r.origin}#${r.seq}`)
      if (r.tx === prev.tx && r.status !== prev.status) fail(6, `${label}: transaction ${r.origin}@${r.tx} is partly ${prev.status}, partly ${r.status}`)
    }
    prev = r
  }
}

/** Status of every (origin, seq) in a replica's log. */
export function statuses(db: Db): Map<string, string> {
  const m = new Map<string, string>()
  for (const r of db.sqlite.prepare('SELECT origin, seq, status FROM change_log').all() as { origin: string; seq: number; status: string }[]) m.set(`${r.origin}#${r.seq}`, r.status)
  return m
}
