/**
 * Applying received changes to this replica, in one SQLite transaction per call:
 *  - per origin, only what continues the log without a gap (duplicates by (origin, seq) are ignored, nothing is
 *    applied past a gap, a sealed unit is taken only whole: a page split mid-unit leaves its tail for later);
 *  - each unit's seal is verified and its signer must be trusted here (trust.ts): a bad seal rejects the unit,
 *    an unknown signer holds it;
 *  - each transaction is judged (shared/sync/verdict.ts) and logged with its status; accepted ones are written
 *    cell by cell (cells.ts); rejected, held and deferred ones are kept, so the version vector still advances;
 *  - held submissions are judged again when a fingerprint is registered, deferred ones after a migration;
 *  - the clock (HLC) is advanced past what was received in the same transaction (one commit per call).
 */
import './nativeSm3'
import { groupTransactions, isCompleteTransaction, sameChange, type Change, type ChangeStatus } from '../../../shared/sync/change'
import { decodeHlc, hlcMs, receive } from '../../../shared/sync/hlc'
import { FINGERPRINT_CELL, MAX_FUTURE_MS, isReopenChange, judgeTransaction, type Registry, type Verdict, type VerdictCode, type VerdictContext } from '../../../shared/sync/verdict'
import { REPLICATED_TABLES, isDerivedTable } from '../../../shared/sync/tables'
import type { Db } from '../db/connection'
import type { ChangeLogRow } from '../db/schema'
import { readDevice, renewOrigin, saveDevice } from '../db/device'
import { prepare } from '../db/query'
import { CellWriter, type WinOverride } from './cells'
import { LOGGED_CELLS_INDEXED, NOT_APPLIED } from './log'
import { cutPieces, type Piece } from '../../../shared/sync/units'
import { pinnedSecretariat } from './signers'
import { judgeUnit, type TrustContext } from '../../../shared/sync/trust'
import { holdAfterMarkers, isMarkerChange, markerLookups } from './scoringHold'
import { notDerivedReason, sealMayBeUnder } from '../../../shared/sync/originId'

export type IssueCode = VerdictCode | 'fork' | 'own-origin' | 'origin-forged'

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
  /** Only for the property tests' seeded bug (cells.ts). */
  winOverride?: WinOverride
}

export function fingerprintsOf(db: Db) {
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
  trust: TrustContext
  cells: CellWriter
  result: ApplyResult
  fingerprintTouched: boolean
  /** A scoring-started marker was accepted: applied rubric and rule-set changes are judged again (scoringHold.ts). */
  markerTouched: boolean
}

/**
 * Logs a transaction with its verdict and applies it when accepted. `relog` updates rows already in the log;
 * `forced` is the verdict of its whole unit (a bad seal, an untrusted signer) when there is one.
 */
function takeTransaction(e: Engine, tx: Change[], relog: boolean, forced: Exclude<Verdict, { status: 'accepted' }> | null = null, issue = true): void {
  const v = forced ?? judgeTransaction(tx, e.ctx)
  const status: ChangeStatus = v.status === 'accepted' ? 'applied' : v.status
  const reason = v.status === 'accepted' ? '' : v.reason
  if (relog) {
    const upd = prepare(e.db, 'UPDATE change_log SET author = ?, value = ?, status = ?, reason = ?, hlc = ?, tbl = ?, row_id = ?, col = ?, tx = ?, seal = ? WHERE origin = ? AND seq = ?')
    for (const c of tx) upd.run(c.author, c.value, status, reason, c.hlc, c.tbl, c.rowId, c.col, c.tx, c.seal ?? null, c.origin, c.seq)
  } else if (status === 'applied') {
    // The common case (nearly every change of a sync) binds 8 values, not 12: status and reason are constants and
    // only a unit's last change carries a seal.
    const plain = prepare(e.db, "INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value, status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied', '')")
    const sealed = prepare(e.db, "INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value, status, reason, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied', '', ?)")
    for (const c of tx) {
      if (c.seal !== undefined) sealed.run(c.origin, c.seq, c.tx, c.hlc, c.author, c.tbl, c.rowId, c.col, c.value, c.seal)
      else plain.run(c.origin, c.seq, c.tx, c.hlc, c.author, c.tbl, c.rowId, c.col, c.value)
    }
  } else {
    const ins = prepare(e.db, 'INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value, status, reason, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    for (const c of tx) ins.run(c.origin, c.seq, c.tx, c.hlc, c.author, c.tbl, c.rowId, c.col, c.value, status, reason, c.seal ?? null)
  }
  e.result.received += tx.length
  if (v.status !== 'accepted') {
    if (issue) e.result.issues.push(issueOf(tx[0] as Change, v))
    return
  }
  e.result.applied += tx.length
  for (const c of tx) {
    if (isDerivedTable(c.tbl)) continue // derived locally from the package files (shared/sync/tables.ts)
    e.cells.offer(c)
    if ((c.tbl === FINGERPRINT_CELL.tbl && c.col === FINGERPRINT_CELL.col) || isReopenChange(c)) e.fingerprintTouched = true
    if (isMarkerChange(c)) e.markerTouched = true
  }
  e.cells.flush()
}

/** Takes a sealed unit: verified and trusted, each transaction is judged; otherwise all share the unit's verdict. */
function takeUnit(e: Engine, unit: Extract<Piece, { kind: 'unit' }>, relog: boolean): void {
  const forced = judgeUnit(unit.changes, unit.seal, e.trust)
  // A unit-wide verdict is reported once; each transaction's own verdict is reported with it.
  unit.txs.forEach((tx, i) => takeTransaction(e, tx, relog, forced, !forced || i === 0))
}

/** A withheld change keeps only its place in the log (shared/sync/visibility.ts): whatever else came is dropped. */
function logStub(e: Engine, tx: Change[]): void {
  const ins = prepare(e.db, "INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value, status, reason) VALUES (?, ?, ?, '', '', '', '', '', 'null', 'withheld', '')")
  for (const c of tx) ins.run(c.origin, c.seq, c.tx)
}

type LoggedRow = Omit<ChangeLogRow, 'status' | 'seal' | 'reason'> & { seal?: string | null }

function toChanges(rows: LoggedRow[]): Change[] {
  const ends = new Map<number, number>()
  for (const r of rows) ends.set(r.tx, Math.max(ends.get(r.tx) ?? 0, r.seq))
  return rows.map((r) => {
    const c: Change = { origin: r.origin, seq: r.seq, tx: r.tx, txEnd: ends.get(r.tx) as number, hlc: r.hlc, author: r.author, tbl: r.tbl, rowId: r.row_id, col: r.col, value: r.value }
    if (r.seal) c.seal = r.seal
    return c
  })
}

/** The sealed unit of the log that holds `seq`, with its transactions, or null when it is not sealed. */
function loadUnit(db: Db, origin: string, seq: number): Extract<Piece, { kind: 'unit' }> | null {
  const end = prepare(db, 'SELECT seq, seal FROM change_log WHERE origin = ? AND seq >= ? AND seal IS NOT NULL ORDER BY seq LIMIT 1').get(origin, seq) as { seq: number; seal: string } | undefined
  if (!end) return null
  const before = prepare(db, 'SELECT MAX(seq) AS s FROM change_log WHERE origin = ? AND seq < ? AND seal IS NOT NULL').get(origin, seq) as { s: number | null }
  const rows = prepare(db, 'SELECT origin, seq, tx, hlc, author, tbl, row_id, col, value, seal FROM change_log WHERE origin = ? AND seq > ? AND seq <= ? ORDER BY seq').all(origin, before.s ?? 0, end.seq) as LoggedRow[]
  const piece = cutPieces(groupTransactions(toChanges(rows))).pieces[0]
  return piece?.kind === 'unit' ? piece : null
}

/** Judges again the held or deferred transactions (after a fingerprint registration, a pin or a migration). */
function reconsider(e: Engine, status: 'held' | 'deferred'): void {
  const txs = prepare(e.db, `SELECT DISTINCT origin, tx FROM change_log WHERE status = ? AND ${NOT_APPLIED} ORDER BY origin, tx`).all(status) as { origin: string; tx: number }[]
  const done = new Set<string>()
  for (const t of txs) {
    const key = `${t.origin}#${t.tx}`
    if (done.has(key)) continue
    const unit = loadUnit(e.db, t.origin, t.tx)
    if (!unit) continue
    const forced = judgeUnit(unit.changes, unit.seal, e.trust)
    for (const tx of unit.txs) {
      const first = tx[0] as Change
      done.add(`${first.origin}#${first.tx}`)
      const was = (prepare(e.db, 'SELECT status FROM change_log WHERE origin = ? AND seq = ?').get(first.origin, first.seq) as { status: string }).status
      if (was !== status) continue
      const v = forced ?? judgeTransaction(tx, e.ctx)
      if (v.status === status) continue
      e.result.received -= tx.length // takeTransaction counts it again
      takeTransaction(e, tx, true, forced)
    }
  }
}

/**
 * Whether the secretariat's reopen of a sheet is accepted here, read from the log (as the server keeps it), never from
 * the sheet's row: a reopen whose row still waits for its parents in sync_pending_cells (they come later in the same
 * batch, under another origin) is known all the same, so the verdict on the next revision does not depend on the
 * order in which origins are applied. Grow-only, so a sheet found reopened is remembered for the engine's life.
 */
function reopenedLookup(db: Db): (sheetId: string) => boolean {
  const stmt = prepare(db, `SELECT 1 FROM change_log WHERE tbl = 'score_sheets' AND col = 'status' AND row_id = ? AND value = '"reopened"' AND status = 'applied' AND author = 'secretariat' AND ${LOGGED_CELLS_INDEXED} LIMIT 1`)
  const known = new Set<string>()
  return (sheetId) => {
    if (known.has(sheetId)) return true
    if (stmt.get(sheetId) === undefined) return false
    known.add(sheetId)
    return true
  }
}

function newEngine(db: Db, options: ApplyOptions): Engine {
  const registry = options.registry ?? (REPLICATED_TABLES as unknown as Registry)
  const now = options.now ?? Date.now
  const fps = fingerprintsOf(db)
  return {
    db,
    ctx: { nowMs: now(), registry, fingerprintsOf: fps, isReopened: reopenedLookup(db), ...markerLookups(db) },
    trust: { pins: pinnedSecretariat(db), fingerprintsOf: fps },
    cells: new CellWriter(db, registry, options.winOverride),
    result: { received: 0, applied: 0, duplicates: 0, waiting: 0, issues: [], maxRemoteMs: 0, renewedOrigin: null },
    fingerprintTouched: false,
    markerTouched: false
  }
}

/** The highest seq of an origin in this log (0 when none): one index lookup, not the whole version vector. */
function heldUpTo(db: Db): (origin: string) => number {
  const stmt = prepare(db, 'SELECT MAX(seq) AS s FROM change_log WHERE origin = ?')
  return (origin) => (stmt.get(origin) as { s: number | null }).s ?? 0
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
      const held = heldUpTo(db)
      const device = readDevice(db)
      const withheldCount = (prepare(db, `SELECT COUNT(*) AS n FROM change_log WHERE status = 'withheld' AND ${NOT_APPLIED}`).get() as { n: number }).n
      const byOrigin = new Map<string, Change[]>()
      for (const c of incoming) {
        const list = byOrigin.get(c.origin)
        if (list) list.push(c)
        else byOrigin.set(c.origin, [c])
      }
      let sawOwnOrigin = false
      for (const [origin, list] of byOrigin) {
        list.sort((a, b) => a.seq - b.seq)
        const had = held(origin)
        let next = had + 1
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
        // Whole sealed units only: the tail of a unit split across pages waits for the rest.
        const txs = groupTransactions(fresh)
        const last = txs[txs.length - 1]
        if (last && !isCompleteTransaction(last)) txs.pop()
        const broken = txs.findIndex((tx) => !isCompleteTransaction(tx))
        if (broken >= 0) txs.length = broken
        let taken = 0
        for (const piece of cutPieces(txs).pieces) {
          const changes = piece.kind === 'stub' ? piece.tx : piece.changes
          if (piece.kind === 'unit' && !sealMayBeUnder(origin, piece.seal)) {
            // A derived origin belongs to the key it derives from: a unit sealed by another key is not logged (it
            // would take the owner's seqs), and nothing after it of this origin is taken from this batch.
            e.result.issues.push({ code: 'origin-forged', status: 'ignored', origin, seq: (changes[0] as Change).seq, author: (changes[0] as Change).author, tbl: '', rowId: '', col: '', reason: notDerivedReason(origin) })
            break
          }
          if (origin === device.origin) sawOwnOrigin = true
          if (piece.kind === 'stub') logStub(e, piece.tx)
          else {
            takeUnit(e, piece, false)
            for (const c of changes) {
              const ms = hlcMs(c.hlc)
              if (ms !== null && ms <= e.ctx.nowMs + MAX_FUTURE_MS) {
                if (!maxHlc || c.hlc > maxHlc) maxHlc = c.hlc
                if (ms > e.result.maxRemoteMs) e.result.maxRemoteMs = ms
              }
            }
          }
          taken += changes.length
        }
        e.result.waiting += list.filter((c) => c.seq > had).length - taken
        if (refill.length) refillWithheld(e, refill)
      }
      if (sawOwnOrigin) {
        // Another database writes under this device's origin (a copied file): this device takes a new origin.
        e.result.renewedOrigin = renewOrigin(db)
        e.result.issues.push({ code: 'own-origin', status: 'ignored', origin: device.origin, seq: device.seq, author: '', tbl: '', rowId: '', col: '', reason: '检测到另一台设备在使用本机的设备标识（数据库文件被复制过）。本机已改用新的设备标识，双方的修改都会保留。' })
      }
      releaseHeld(e)
      e.cells.settle()
      advanceClock(db, maxHlc, now())
    })
    .immediate()
  return e.result
}

/**
 * Judges the held transactions again once something they may wait for was accepted (a key registered, a sheet
 * reopened, a scoring-started marker), pass after pass while a pass accepts more of those: a pass goes origin by
 * origin, so a transaction it releases can release others it judged earlier, and the verdicts must not depend on
 * how origin ids sort. A further pass needs a transaction released by the one before, so there are at most as many
 * passes as held changes.
 */
function releaseHeld(e: Engine): void {
  if (!e.markerTouched && !e.fingerprintTouched) return
  const held = (prepare(e.db, `SELECT COUNT(*) AS n FROM change_log WHERE status = 'held' AND ${NOT_APPLIED}`).get() as { n: number }).n
  for (let pass = 0; pass <= held && (e.markerTouched || e.fingerprintTouched); pass++) {
    if (e.markerTouched) {
      e.markerTouched = false
      enforceMarkers(e)
    }
    e.fingerprintTouched = false
    reconsider(e, 'held')
  }
}

/** A marker arrived: what it forbids is held here too, and what it allows (a lower-clock marker) is judged again. */
function enforceMarkers(e: Engine): void {
  e.cells.settle()
  holdAfterMarkers(e.db, e.ctx, (tx, v) => e.result.issues.push(issueOf(tx[0] as Change, v)))
  e.fingerprintTouched = true
}

/** Replaces withheld stubs by the real changes (after this expert's own submission unlocked them). */
function refillWithheld(e: Engine, refill: Change[]): void {
  const status = prepare(e.db, 'SELECT status FROM change_log WHERE origin = ? AND seq = ?')
  const candidates = refill.filter((c) => (status.get(c.origin, c.seq) as { status: string } | undefined)?.status === 'withheld')
  const txs = groupTransactions(candidates)
  const whole = txs.filter(isCompleteTransaction)
  const { pieces, rest } = cutPieces(whole)
  e.result.duplicates += candidates.length - whole.flat().length + rest.flat().length
  for (const piece of pieces) {
    if (piece.kind !== 'unit') continue
    e.result.received -= piece.changes.length
    takeUnit(e, piece, true)
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
      const n = (prepare(db, `SELECT COUNT(*) AS n FROM change_log WHERE status IN ('held', 'deferred') AND ${NOT_APPLIED}`).get() as { n: number }).n
      if (n === 0) return
      reconsider(e, 'deferred')
      e.fingerprintTouched = true
      releaseHeld(e)
      e.cells.settle()
    })
    .immediate()
  return e.result
}
