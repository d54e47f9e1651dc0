/** Reading this replica's operation log: its version vector, and pages of changes for a peer. */
import type { Change } from '../../../shared/sync/change'
import { changeSize } from '../../../shared/sync/change'
import { vvGet, type VersionVector } from '../../../shared/sync/vv'
import type { Db } from '../db/connection'
import type { ChangeLogRow } from '../db/schema'
import type { Refetch } from '../../../shared/sync/protocol'
import { prepare } from '../db/query'

/** Repeating the partial index's condition lets SQLite use change_log_not_applied (without it: a scan of the log). */
export const NOT_APPLIED = "status <> 'applied'"

/**
 * The cells change_log_tbl_col indexes (migration 0024): the charter's and the sheets' tables, not the scores,
 * opinions and budget reviews that make up nearly all of the log. A query by table repeats it to use the index.
 */
export const LOGGED_CELLS_INDEXED = "tbl IN ('meetings', 'projects', 'experts', 'assignments', 'score_sheets', 'panel_opinions', 'rubrics')"

type LogRow = Omit<ChangeLogRow, 'seal'> & { seal: string | null }

/**
 * The log's origins, each with its highest seq, by seeking the (origin, seq) key from one origin to the next: a few
 * index lookups per origin instead of a `GROUP BY` that reads every row of the log (a folder sync reads the version
 * vector twice per file).
 */
const VV_SQL = `WITH RECURSIVE o(origin) AS (
    SELECT MIN(origin) FROM change_log
    UNION ALL SELECT (SELECT MIN(origin) FROM change_log WHERE origin > o.origin) FROM o WHERE o.origin IS NOT NULL)
  SELECT origin, (SELECT MAX(seq) FROM change_log c WHERE c.origin = o.origin) AS seq FROM o WHERE origin IS NOT NULL`

/** Per origin, the highest seq held. The log is gap-free per origin (nothing past a gap is stored). */
export function readVv(db: Db): VersionVector {
  const vv: VersionVector = {}
  for (const r of prepare(db, VV_SQL).all() as { origin: string; seq: number }[]) {
    vv[r.origin] = r.seq
  }
  return vv
}

export interface LogPage {
  changes: Change[]
  vvAfter: VersionVector
  hasMore: boolean
}

const CHUNK = 2000

/** Sets each change's txEnd (the last seq of its transaction) within a run of whole transactions. */
export function setTxEnds(run: Change[]): void {
  for (let i = run.length - 1, end = 0, tx = -1; i >= 0; i--) {
    const c = run[i] as Change
    if (c.tx !== tx) {
      tx = c.tx
      end = c.seq
    }
    c.txEnd = end
  }
}

/**
 * Changes after `vv`, origin by origin, cut at sealed-unit boundaries once `limitBytes` is reached (a page holds at
 * least one unit). Only sealed units go out: this device's own changes not sealed yet (signers.ts) and anything
 * after them wait. A withheld stub (a change this device was not shown) ends its origin's stream: it is never
 * passed on.
 */
export function readPage(db: Db, vv: VersionVector, limitBytes: number, only?: (origin: string) => boolean): LogPage {
  const mine = readVv(db)
  const changes: Change[] = []
  const vvAfter: VersionVector = { ...vv }
  let bytes = 0
  let hasMore = false
  const stmt = prepare(db, 'SELECT origin, seq, tx, hlc, author, tbl, row_id, col, value, status, seal FROM change_log WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?')
  for (const origin of Object.keys(mine).sort()) {
    if (only && !only(origin)) continue
    const max = mine[origin] as number
    let after = vvGet(vv, origin)
    if (after >= max) continue
    if (bytes >= limitBytes) {
      hasMore = true
      break
    }
    let pending: Change[] = []
    let stop = false
    while (!stop && after < max) {
      const rows = stmt.all(origin, after, CHUNK) as LogRow[]
      if (rows.length === 0) break
      for (const r of rows) {
        if (r.status === 'withheld') {
          stop = true
          break
        }
        const c: Change = { origin, seq: r.seq, tx: r.tx, txEnd: r.seq, hlc: r.hlc, author: r.author, tbl: r.tbl, rowId: r.row_id, col: r.col, value: r.value }
        bytes += changeSize(c) + (r.seal?.length ?? 0)
        pending.push(c)
        after = r.seq
        if (r.seal) {
          c.seal = r.seal
          setTxEnds(pending)
          changes.push(...pending)
          vvAfter[origin] = r.seq
          pending = []
          if (bytes >= limitBytes) {
            stop = true
            if (r.seq < max) hasMore = true
            break
          }
        }
      }
    }
    // What is left is not sealed yet (this device's newest edits, or a relay's unsealed remainder): it waits.
  }
  return { changes, vvAfter, hasMore }
}

/**
 * The withheld stubs of this log as ranges of seqs to ask for again: each run of consecutive withheld changes of an
 * origin is one range (stubs carry no table or row, so the server decides what is visible now). At most `max`.
 */
export function withheldRanges(db: Db, max = 5000): Refetch[] {
  const rows = prepare(db, `SELECT origin, seq FROM change_log WHERE status = 'withheld' AND ${NOT_APPLIED} ORDER BY origin, seq`).iterate() as IterableIterator<{ origin: string; seq: number }>
  const out: Refetch[] = []
  for (const r of rows) {
    const last = out[out.length - 1]
    if (last && last.origin === r.origin && last.to + 1 === r.seq) last.to = r.seq
    else if (out.length < max) out.push({ origin: r.origin, from: r.seq, to: r.seq })
    else break
  }
  return out
}
