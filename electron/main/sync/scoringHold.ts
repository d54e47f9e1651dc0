/**
 * The scoring-started markers as this replica knows them (for the verdict), and what happens when one arrives
 * after a change it forbids had already been applied here (issue 15 item 1).
 *
 * A replica may apply a rubric or rule-set change from a secretariat laptop that never saw the marker before the
 * marker itself reaches it (another origin, read first). Every replica that learnt the marker first holds that
 * change; so that all of them agree, a replica that learns a marker judges again the applied transactions that
 * touch the meeting's rubric or rule set, or a package's budget basis: those the verdict now holds are logged as held (with their reason, and
 * reported), and every cell they wrote is computed again from the writes still applied, under its merge rule.
 */
import { groupTransactions, type Change } from '../../../shared/sync/change'
import { mergeRule, winner } from '../../../shared/sync/merge'
import { SCORING_MARKER_CELL, parseScoringMarker, type ScoringMarker } from '../../../shared/sync/scoringMarker'
import { REPLICATED_TABLES, type ColumnSpec } from '../../../shared/sync/tables'
import { toSqlValue } from '../../../shared/sync/values'
import { judgeTransaction, type Verdict, type VerdictContext } from '../../../shared/sync/verdict'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import { dropCellClock, dropRowClocks, mergeClocks } from '../db/rowClock'
import { LOGGED_CELLS_INDEXED } from './log'

const INDEXED = new Set(['meetings', 'rubrics'])
/** At most this many applied transactions are judged again per marker learnt (bounded work on outside data). */
const MAX_REJUDGED = 5_000

function earliest(rows: { value: string; hlc: string }[]): ScoringMarker | null {
  let best: ScoringMarker | null = null
  for (const r of rows) {
    const statement = parseScoringMarker(r.value)
    if (statement && (!best || r.hlc < best.hlc)) best = { statement, hlc: r.hlc }
  }
  return best
}

/** The verdict's view of the markers: read from the accepted log each time (one may be accepted mid-apply). */
export function markerLookups(db: Db): Required<Pick<VerdictContext, 'scoringMarkerOf' | 'scoringMarkers' | 'packageMeetingOf'>> {
  const pkg = prepare(db, 'SELECT p.meeting_id FROM packages k JOIN projects p ON p.id = k.project_id WHERE k.id = ?')
  const one = prepare(db, `SELECT value, hlc FROM change_log WHERE tbl = 'meetings' AND col = 'scoring_marker' AND row_id = ? AND status = 'applied' AND author = 'secretariat' AND ${LOGGED_CELLS_INDEXED}`)
  const every = prepare(db, `SELECT row_id, value, hlc FROM change_log WHERE tbl = 'meetings' AND col = 'scoring_marker' AND status = 'applied' AND author = 'secretariat' AND ${LOGGED_CELLS_INDEXED}`)
  return {
    scoringMarkerOf: (meetingId) => earliest(one.all(meetingId) as { value: string; hlc: string }[]),
    packageMeetingOf: (packageId) => (pkg.get(packageId) as { meeting_id: string } | undefined)?.meeting_id ?? null,
    scoringMarkers: () => {
      const byMeeting = new Map<string, { value: string; hlc: string }[]>()
      for (const r of every.all() as { row_id: string; value: string; hlc: string }[]) byMeeting.set(r.row_id, [...(byMeeting.get(r.row_id) ?? []), r])
      return [...byMeeting.values()].map(earliest).filter((m): m is ScoringMarker => m !== null)
    }
  }
}

export function isMarkerChange(c: Pick<Change, 'tbl' | 'col'>): boolean {
  return c.tbl === SCORING_MARKER_CELL.tbl && c.col === SCORING_MARKER_CELL.col
}

const ruleSetRow = (meetingId: string) => `rule-set|${meetingId.replace(/[|\\]/g, (c) => '\\' + c)}`

/** The applied transactions (origin, first seq) that write a marked meeting's rubric or rule set, or a package's budget basis. */
function candidates(db: Db, markers: readonly ScoringMarker[]): { origin: string; tx: number }[] {
  const found = new Map<string, { origin: string; tx: number }>()
  const add = (rows: { origin: string; tx: number }[]) => {
    for (const r of rows) if (found.size < MAX_REJUDGED) found.set(`${r.origin}#${r.tx}`, r)
  }
  const cell = prepare(db, `SELECT DISTINCT origin, tx FROM change_log WHERE tbl = ? AND col = ? AND row_id = ? AND status = 'applied' AND ${LOGGED_CELLS_INDEXED}`)
  const rubricRow = prepare(db, `SELECT DISTINCT origin, tx FROM change_log WHERE tbl = 'rubrics' AND col = ? AND row_id = ? AND status = 'applied' AND ${LOGGED_CELLS_INDEXED}`)
  const ruleSet = prepare(db, "SELECT DISTINCT origin, tx FROM change_log WHERE tbl = 'meeting_rule_sets' AND row_id = ? AND status = 'applied'")
  // Budget basis changes (of any package: the verdict tells which meeting's marker, if any, they break).
  add(prepare(db, "SELECT DISTINCT origin, tx FROM change_log WHERE tbl = 'packages' AND col = 'budget_sheets' AND status = 'applied'").all() as { origin: string; tx: number }[])
  for (const m of markers) {
    add(cell.all('meetings', 'rubric_id', m.statement.meetingId) as { origin: string; tx: number }[])
    for (const col of ['definition', 'deleted']) add(rubricRow.all(col, m.statement.rubric.id) as { origin: string; tx: number }[])
    add(ruleSet.all(ruleSetRow(m.statement.meetingId)) as { origin: string; tx: number }[])
  }
  return [...found.values()]
}

/** The whole logged transaction starting at (origin, tx). */
function loggedTransaction(db: Db, origin: string, tx: number): Change[] {
  const rows: Change[] = []
  for (const r of prepare(db, 'SELECT origin, seq, tx, hlc, author, tbl, row_id, col, value FROM change_log WHERE origin = ? AND seq >= ? ORDER BY seq').iterate(origin, tx) as Iterable<{ origin: string; seq: number; tx: number; hlc: string; author: string; tbl: string; row_id: string; col: string; value: string }>) {
    if (r.tx !== tx) break
    rows.push({ origin: r.origin, seq: r.seq, tx: r.tx, txEnd: 0, hlc: r.hlc, author: r.author, tbl: r.tbl, rowId: r.row_id, col: r.col, value: r.value })
  }
  const end = rows.length ? (rows[rows.length - 1] as Change).seq : tx
  for (const c of rows) c.txEnd = end
  return groupTransactions(rows)[0] ?? []
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`

/** Sets a cell to the greatest write still applied under its rule (or removes a row nothing applied writes any more). */
function recomputeCell(db: Db, tbl: string, rowId: string, col: string): void {
  const spec = (REPLICATED_TABLES as unknown as Record<string, Record<string, ColumnSpec>>)[tbl]?.[col]
  if (!spec) return
  const indexed = INDEXED.has(tbl) ? ` AND ${LOGGED_CELLS_INDEXED}` : ''
  const writes = prepare(db, `SELECT value, hlc FROM change_log WHERE tbl = ? AND row_id = ? AND col = ? AND status = 'applied'${indexed}`).all(tbl, rowId, col) as { value: string; hlc: string }[]
  prepare(db, 'DELETE FROM sync_pending_cells WHERE tbl = ? AND row_id = ? AND col = ?').run(tbl, rowId, col)
  const best = winner(mergeRule(tbl, col), writes)
  if (best) {
    prepare(db, `UPDATE ${q(tbl)} SET ${q(col)} = ? WHERE id = ?`).run(toSqlValue(spec, best.value), rowId)
    mergeClocks(db, tbl, rowId, { [col]: best.hlc })
    return
  }
  dropCellClock(db, tbl, rowId, col)
  const any = prepare(db, `SELECT 1 FROM change_log WHERE tbl = ? AND row_id = ? AND status = 'applied'${indexed} LIMIT 1`).get(tbl, rowId)
  if (any) return
  try {
    prepare(db, `DELETE FROM ${q(tbl)} WHERE id = ?`).run(rowId)
    dropRowClocks(db, tbl, rowId)
  } catch {
    /* another row still names it (a foreign key): its cells stay as the applied writes left them */
  }
}

/**
 * After a marker was accepted here: holds the applied transactions it forbids (module comment). `report` gets
 * each newly held transaction with its verdict. Returns how many were held.
 */
export function holdAfterMarkers(db: Db, ctx: VerdictContext, report: (tx: Change[], v: Exclude<Verdict, { status: 'accepted' }>) => void): number {
  const markers = ctx.scoringMarkers?.() ?? []
  if (markers.length === 0) return 0
  const cells = new Map<string, [string, string, string]>()
  let held = 0
  const relog = prepare(db, "UPDATE change_log SET status = 'held', reason = ? WHERE origin = ? AND seq = ?")
  for (const { origin, tx } of candidates(db, markers)) {
    const changes = loggedTransaction(db, origin, tx)
    if (changes.length === 0) continue
    const v = judgeTransaction(changes, ctx)
    if (v.status !== 'held' || v.code !== 'scoring-started') continue
    for (const c of changes) {
      relog.run(v.reason, c.origin, c.seq)
      cells.set(`${c.tbl}\u0000${c.rowId}\u0000${c.col}`, [c.tbl, c.rowId, c.col])
    }
    report(changes, v)
    held++
  }
  for (const [tbl, rowId, col] of cells.values()) recomputeCell(db, tbl, rowId, col)
  return held
}
