/**
 * Applying received changes to this replica, in one SQLite transaction per call:
 *  - per origin, only what continues the log without a gap (duplicates by (origin, seq) are ignored, nothing is
 *    applied past a gap, a transaction is taken only whole: a page split mid-transaction leaves its tail for later);
 *  - each transaction is judged (shared/sync/verdict.ts) and logged with its status; accepted ones are written
 *    cell by cell (cells.ts); rejected, held and deferred ones are kept, so the version vector still advances;
 *  - held submissions are judged again when a fingerprint is registered, deferred ones after a migration;
 *  - the clock (HLC) is advanced past what was received only after the transaction committed.
 */
import { groupTransactions, isCompleteTransaction, sameChange, type Change, type ChangeStatus } from '../../../shared/sync/change'
import { decodeHlc, receive } from '../../../shared/sync/hlc'
import { FINGERPRINT_CELL, MAX_FUTURE_MS, judgeTransaction, type Registry, type Verdict, type VerdictCode, type VerdictContext } from '../../../shared/sync/verdict'
import { REPLICATED_TABLES, isDerivedTable } from '../../../shared/sync/tables'
import { vvGet } from '../../../shared/sync/vv'
import type { Db } from '../db/connection'
import type { ChangeLogRow } from '../db/schema'
import { readDevice, renewOrigin, saveDevice } from '../db/device'
import { prepare } from '../db/query'
import { CellWriter } from './cells'
import { readVv } from './log'

export type IssueCode = VerdictCode | 'fork' | 'own-origin'

/** Something the sync report tells the user about (in Chinese). */
export interface ApplyIssue {
  code: IssueCode
  status: ChangeStatus | 'ignored'
  origin: string
  seq: number
  author: string
  tbl: string
  rowId: string
  col: string
  reason: string
}

export interface ApplyResult {
  /** Changes new to this replica (logged). */
  received: number
  /** Of those, applied (accepted). */
  applied: number
  duplicates: number
  /** Changes left for later: past a gap or the incomplete tail of a transaction. */
  waiting: number
  issues: ApplyIssue[]
  /** The latest physical time (ms) among received changes, for the clock check. */
  maxRemoteMs: number
  renewedOrigin: string | null
}

export interface ApplyOptions {
  now?: () => number
  registry?: Registry
}

function fingerprintsOf(db: Db) {
  const stmt = prepare(db, "SELECT value FROM change_log WHERE tbl = 'experts' AND col = 'key_fingerprint' AND row_id = ? AND status = 'applied' AND author = 'secretariat'")
  return (expertId: string): string[] =>
    (stmt.all(expertId) as { value: string }[]).flatMap((r) => {
      try {
        const v: unknown = JSON.parse(r.value)
        return typeof v === 'string' && v !== '' ? [v] : []
      } catch {
        return []
      }
    })
}

function issueOf(c: Change, v: Exclude<Verdict, { status: 'accepted' }>): ApplyIssue {
  const at = v.change ?? c
  return { code: v.code, status: v.status, origin: c.origin, seq: c.seq, author: c.author, tbl: at.tbl, rowId: 'rowId' in at ? at.rowId : c.rowId, col: at.col, reason: v.reason }
}

interface Engine {
  db: Db
  ctx: VerdictContext
  cells: CellWriter
  result: ApplyResult
  fingerprintTouched: boolean
}

/** Logs a transaction with its verdict and applies it when accepted. `relog` updates rows already in the log. */
function takeTransaction(e: Engine, tx: Change[], relog: boolean): void {
  const v = judgeTransaction(tx, e.ctx)
  const status: ChangeStatus = v.status === 'accepted' ? 'applied' : v.status
  const reason = v.status === 'accepted' ? '' : v.reason
  const ins = relog
    ? prepare(e.db, 'UPDATE change_log SET author = ?, value = ?, status = ?, reason = ?, hlc = ?, tbl = ?, row_id = ?, col = ?, tx = ? WHERE origin = ? AND seq = ?')
    : prepare(e.db, 'INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value, status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  for (const c of tx) {
    if (relog) ins.run(c.author, c.value, status, reason, c.hlc, c.tbl, c.rowId, c.col, c.tx, c.origin, c.seq)
    else ins.run(c.origin, c.seq, c.tx, c.hlc, c.author, c.tbl, c.rowId, c.col, c.value, status, reason)
  }
  e.result.received += tx.length
  if (v.status !== 'accepted') {
    e.result.issues.push(issueOf(tx[0] as Change, v))
    return
  }
  e.result.applied += tx.length
  for (const c of tx) {
    if (isDerivedTable(c.tbl)) continue // derived locally from the package files (shared/sync/tables.ts)
    e.cells.offer(c)
    if (c.tbl === FINGERPRINT_CELL.tbl && c.col === FINGERPRINT_CELL.col) e.fingerprintTouched = true
  }
  e.cells.flush()
}

/** A withheld change keeps only its place in the log (shared/sync/visibility.ts): whatever else came is dropped. */
function logStub(e: Engine, tx: Change[]): void {
  const ins = prepare(e.db, "INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value, status, reason) VALUES (?, ?, ?, '', '', '', '', '', 'null', 'withheld', '')")
  for (const c of tx) ins.run(c.origin, c.seq, c.tx)
}

type LoggedRow = Omit<ChangeLogRow, 'status'>

function loadTransaction(db: Db, origin: string, tx: number): Change[] {
  const rows = prepare(db, 'SELECT origin, seq, tx, hlc, author, tbl, row_id, col, value FROM change_log WHERE origin = ? AND tx = ? ORDER BY seq').all(origin, tx) as LoggedRow[]
  const end = rows[rows.length - 1]?.seq ?? tx
  return rows.map((r) => ({ origin: r.origin, seq: r.seq, tx: r.tx, txEnd: end, hlc: r.hlc, author: r.author, tbl: r.tbl, rowId: r.row_id, col: r.col, value: r.value }))
}

/** Judges again the held or deferred transactions (after a fingerprint registration or a migration). */
function reconsider(e: Engine, status: 'held' | 'deferred'): void {
  const txs = prepare(e.db, 'SELECT DISTINCT origin, tx FROM change_log WHERE status = ? ORDER BY origin, tx').all(status) as { origin: string; tx: number }[]
  for (const t of txs) {
    const tx = loadTransaction(e.db, t.origin, t.tx)
    const v = judgeTransaction(tx, e.ctx)
    if (v.status === status) continue
    e.result.received -= tx.length // takeTransaction counts it again
    takeTransaction(e, tx, true)
  }
}

function newEngine(db: Db, options: ApplyOptions): Engine {
  const registry = options.registry ?? (REPLICATED_TABLES as unknown as Registry)
  const now = options.now ?? Date.now
  return {
    db,
    ctx: { nowMs: now(), registry, fingerprintsOf: fingerprintsOf(db) },
    cells: new CellWriter(db, registry),
    result: { received: 0, applied: 0, duplicates: 0, waiting: 0, issues: [], maxRemoteMs: 0, renewedOrigin: null },
    fingerprintTouched: false
  }
}

function advanceClock(db: Db, maxHlc: string | null, now: number): void {
  if (!maxHlc) return
  db.sqlite
    .transaction(() => {
      const state = readDevice(db)
      saveDevice(db, { ...state, hlc: receive(state.hlc, decodeHlc(maxHlc), now) })
    })
    .immediate()
}

/** Applies received changes. Safe to call with any mix of duplicates, gaps, partial transactions and reordering. */
export function applyChanges(db: Db, incoming: readonly Change[], options: ApplyOptions = {}): ApplyResult {
  const now = options.now ?? Date.now
  const e = newEngine(db, options)
  let maxHlc: string | null = null
  db.sqlite
    .transaction(() => {
      const vv = readVv(db)
      const device = readDevice(db)
      const withheldCount = (prepare(db, "SELECT COUNT(*) AS n FROM change_log WHERE status = 'withheld'").get() as { n: number }).n
      const byOrigin = new Map<string, Change[]>()
      for (const c of incoming) {
        const list = byOrigin.get(c.origin)
        if (list) list.push(c)
        else byOrigin.set(c.origin, [c])
      }
      let sawOwnOrigin = false
      for (const [origin, list] of byOrigin) {
        list.sort((a, b) => a.seq - b.seq)
        let next = vvGet(vv, origin) + 1
        const fresh: Change[] = []
        const refill: Change[] = []
        let checkedFork = false
        for (const c of list) {
          if (c.seq < next) {
            if (withheldCount > 0 && !c.withheld) refill.push(c)
            else e.result.duplicates++
            if (!checkedFork && !c.withheld) {
              checkedFork = true
              const mine = prepare(db, 'SELECT origin, seq, tx, hlc, author, tbl, row_id AS rowId, col, value, status FROM change_log WHERE origin = ? AND seq = ?').get(c.origin, c.seq) as
                | (Change & { status: string })
                | undefined
              if (mine && mine.status !== 'withheld' && !sameChange(mine, c)) {
                e.result.issues.push({ code: 'fork', status: 'ignored', origin, seq: c.seq, author: c.author, tbl: c.tbl, rowId: c.rowId, col: c.col, reason: '同一设备标识下出现了不同的修改：有人复制了某台设备的数据库文件。复制出的那份数据中的这些修改无法同步，请在该设备上核对。' })
              }
            }
            continue
          }
          if (c.seq > next) break // a gap: nothing past it
          fresh.push(c)
          next++
        }
        // Whole transactions only: the tail of a transaction split across pages waits for the rest.
        const txs = groupTransactions(fresh)
        const last = txs[txs.length - 1]
        if (last && !isCompleteTransaction(last)) txs.pop()
        let taken = 0
        for (const tx of txs) {
          if (!isCompleteTransaction(tx)) break
          if (origin === device.origin) sawOwnOrigin = true
          if (tx.some((c) => c.withheld)) logStub(e, tx)
          else {
            takeTransaction(e, tx, false)
            for (const c of tx) {
              const ms = decodeHlc(c.hlc).ms
              if (ms <= e.ctx.nowMs + MAX_FUTURE_MS) {
                if (!maxHlc || c.hlc > maxHlc) maxHlc = c.hlc
                if (ms > e.result.maxRemoteMs) e.result.maxRemoteMs = ms
              }
            }
          }
          taken += tx.length
        }
        e.result.waiting += list.filter((c) => c.seq >= vvGet(vv, origin) + 1).length - taken
        if (refill.length) refillWithheld(e, refill)
      }
      if (sawOwnOrigin) {
        // Another database writes under this device's origin (a copied file): this device takes a new origin.
        e.result.renewedOrigin = renewOrigin(db)
        e.result.issues.push({ code: 'own-origin', status: 'ignored', origin: device.origin, seq: device.seq, author: '', tbl: '', rowId: '', col: '', reason: '检测到另一台设备在使用本机的设备标识（数据库文件被复制过）。本机已改用新的设备标识，双方的修改都会保留。' })
      }
      if (e.fingerprintTouched) reconsider(e, 'held')
      e.cells.settle()
    })
    .immediate()
  advanceClock(db, maxHlc, now())
  return e.result
}

/** Replaces withheld stubs by the real changes (after this expert's own submission unlocked them). */
function refillWithheld(e: Engine, refill: Change[]): void {
  const status = prepare(e.db, 'SELECT status FROM change_log WHERE origin = ? AND seq = ?')
  const candidates = refill.filter((c) => (status.get(c.origin, c.seq) as { status: string } | undefined)?.status === 'withheld')
  for (const tx of groupTransactions(candidates)) {
    if (!isCompleteTransaction(tx)) {
      e.result.duplicates += tx.length
      continue
    }
    e.result.received -= tx.length
    takeTransaction(e, tx, true)
  }
}

/**
 * Judges again what could not be decided before: held submissions (a fingerprint may have been registered on
 * this device) and deferred changes (this device may have been upgraded). Run before each sync and at start.
 */
export function reconsiderPending(db: Db, options: ApplyOptions = {}): ApplyResult {
  const e = newEngine(db, options)
  db.sqlite
    .transaction(() => {
      const n = (prepare(db, "SELECT COUNT(*) AS n FROM change_log WHERE status IN ('held', 'deferred')").get() as { n: number }).n
      if (n === 0) return
      reconsider(e, 'deferred')
      reconsider(e, 'held')
      e.cells.settle()
    })
    .immediate()
  return e.result
}
