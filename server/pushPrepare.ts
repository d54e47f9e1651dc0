/**
 * The CPU side of taking a push, done before the database transaction that stores it and yielding to other requests
 * every few milliseconds (issue 15 item 5: a large push never blocks other devices' requests for more than 200 ms).
 * A laptop seals up to 4,000 changes in one unit, and a unit is stored whole, in one transaction; judging its
 * transactions costs about 0.1 ms each on a loaded machine and checking its seal tens of milliseconds, so done
 * inside the transaction they held the event loop (and, on SQLite, the store's one connection) for most of a second.
 *
 * Verdicts depend on what the server knows (registered fingerprints, reopened sheets, pinned secretariat keys),
 * which only grows. The preparation judges from a snapshot read before the transaction and records, before each
 * unit, the sizes of those sets; the transaction uses a prepared verdict only when the sets it holds at that unit
 * have the same sizes — then they are the same sets (the snapshot is a subset of what the transaction reads, and both
 * learn the same from the same accepted transactions) — and otherwise judges again itself.
 */
import type { Kysely, Transaction } from 'kysely'
import { isCompleteTransaction, type Change } from '../shared/sync/change'
import { SECRETARIAT_AUTHOR } from '../shared/sync/ownership'
import { REPLICATED_TABLES } from '../shared/sync/tables'
import { judgeUnit, type TrustContext } from '../shared/sync/trust'
import { FINGERPRINT_CELL, isReopenChange, judgeTransaction, type Registry, type Verdict } from '../shared/sync/verdict'
import { SCORING_MARKER_CELL, parseScoringMarker, type ScoringMarker } from '../shared/sync/scoringMarker'
import { relayable } from './origins'
import type { ServerSchema } from './schema'

type Db = Kysely<ServerSchema> | Transaction<ServerSchema>

/** What this server knows that verdicts depend on: registered fingerprints, reopened sheets, pinned secretariat keys. */
export interface Known {
  fps: Map<string, string[]>
  reopened: Set<string>
  trust: TrustContext
  /** Each meeting's scoring-started marker (the earliest accepted), and how many accepted markers are known. */
  markers: Map<string, ScoringMarker>
  markerRows: number
  /** The meeting of each package placed so far (row_meetings): a basis change answers to that meeting's marker. */
  packageMeetings: Map<string, string>
}

/** Keeps the earliest marker of its meeting; true when the change is an accepted marker at all. */
function noteMarker(markers: Map<string, ScoringMarker>, meetingId: string, value: string, hlc: string): boolean {
  const statement = parseScoringMarker(value)
  if (!statement) return false
  const cur = markers.get(meetingId)
  if (!cur || hlc < cur.hlc) markers.set(meetingId, { statement, hlc })
  return true
}

/** An accepted scoring-started marker (the server keeps it in scoring_markers): what it binds. */
export function markerOf(c: Change): { meetingId: string; value: string; hlc: string } | null {
  if (c.tbl !== SCORING_MARKER_CELL.tbl || c.col !== SCORING_MARKER_CELL.col || c.author !== SECRETARIAT_AUTHOR || !parseScoringMarker(c.value)) return null
  return { meetingId: c.rowId, value: c.value, hlc: c.hlc }
}

export async function known(db: Db): Promise<Known> {
  const fps = new Map<string, string[]>()
  for (const r of await db.selectFrom('fingerprints').selectAll().execute()) {
    const list = fps.get(r.expert_id)
    if (list) list.push(r.fingerprint)
    else fps.set(r.expert_id, [r.fingerprint])
  }
  const reopened = new Set((await db.selectFrom('reopened_sheets').select('sheet_id').execute()).map((r) => r.sheet_id))
  const pins = (await db.selectFrom('trust_anchors').select('fingerprint').execute()).map((r) => r.fingerprint)
  const markers = new Map<string, ScoringMarker>()
  const markerRows = await db.selectFrom('scoring_markers').selectAll().execute()
  for (const r of markerRows) noteMarker(markers, r.meeting_id, r.value, r.hlc)
  const packageMeetings = new Map((await db.selectFrom('row_meetings').select(['row_id', 'meeting_id']).where('tbl', '=', 'packages').execute()).map((r) => [r.row_id, r.meeting_id] as const))
  return { fps, reopened, trust: { pins, fingerprintsOf: (e) => fps.get(e) ?? [] }, markers, markerRows: markerRows.length, packageMeetings }
}

/** The sizes of what is known: equal sizes mean equal sets (module comment). */
export function knownSize(k: Known): string {
  let fps = 0
  for (const list of k.fps.values()) fps += list.length
  return `${fps}/${k.reopened.size}/${k.trust.pins.length}/${k.markerRows}/${k.packageMeetings.size}`
}

/** What an accepted change teaches (a fingerprint registered, a sheet reopened); true when it taught something. */
export function learn(k: Known, c: Change): boolean {
  const marker = markerOf(c)
  if (marker && noteMarker(k.markers, marker.meetingId, marker.value, marker.hlc)) {
    k.markerRows++
    return true
  }
  if (isReopenChange(c) && c.author === SECRETARIAT_AUTHOR) {
    k.reopened.add(c.rowId)
    return true
  }
  if (c.tbl === FINGERPRINT_CELL.tbl && c.col === FINGERPRINT_CELL.col && c.author === SECRETARIAT_AUTHOR) {
    const fp = JSON.parse(c.value) as unknown
    if (typeof fp !== 'string' || fp === '') return false
    const list = k.fps.get(c.rowId) ?? []
    if (!list.includes(fp)) k.fps.set(c.rowId, [...list, fp])
    return true
  }
  return false
}

export function judge(nowMs: number, tx: Change[], k: Known): Verdict {
  return judgeTransaction(tx, {
    nowMs,
    registry: REPLICATED_TABLES as unknown as Registry,
    fingerprintsOf: (e) => k.fps.get(e) ?? [],
    isReopened: (id) => k.reopened.has(id),
    scoringMarkerOf: (meetingId) => k.markers.get(meetingId) ?? null,
    scoringMarkers: () => [...k.markers.values()],
    packageMeetingOf: (packageId) => k.packageMeetings.get(packageId) ?? null
  })
}

/** The whole transaction starting at list[pos] when it continues the log at `next`; null otherwise. */
function transactionAt(list: Change[], pos: number, next: number): Change[] | null {
  const first = list[pos]
  if (!first || first.seq !== next) return null
  const tx = list.slice(pos, pos + (first.txEnd - first.tx + 1))
  return isCompleteTransaction(tx) ? tx : null
}

export interface Unit {
  txs: Change[][]
  changes: Change[]
  seal: string
  stub: boolean
}

/** The whole sealed unit starting at list[pos] (transactions up to one whose last change carries the seal). */
export function unitAt(list: Change[], pos: number, next: number): Unit | null {
  const txs: Change[][] = []
  for (let p = pos, n = next; ; ) {
    const tx = transactionAt(list, p, n)
    if (!tx) return null
    txs.push(tx)
    const last = tx[tx.length - 1] as Change
    if (tx.some((c) => c.withheld)) return { txs, changes: txs.flat(), seal: '', stub: true }
    if (last.seal) return { txs, changes: txs.flat(), seal: last.seal, stub: false }
    p += tx.length
    n = last.seq + 1
  }
}

/** A unit judged ahead of its transaction. */
export interface PreparedUnit {
  /** knownSize before the unit, when it was judged. */
  size: string
  forced: Exclude<Verdict, { status: 'accepted' }> | null
  verdicts: Verdict[]
  /** For a relay: the bound sync key it was checked against, and whether it is signed by it. */
  relay: { key: string; ok: boolean } | null
}

/** Prepared units by the seq of their first change. */
export type Prepared = Map<number, PreparedUnit>

const SLICE_MS = 8
const PREPARE_CHANGES = 2_000
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A function to call often in a long loop: it lets other requests run once SLICE_MS have passed since it last did. */
export function breather(): () => Promise<void> {
  let since = performance.now()
  return async () => {
    if (performance.now() - since < SLICE_MS) return
    await yieldToOthers()
    since = performance.now()
  }
}

/**
 * Judges the units of `list` from `pos` on that the next chunk will store (at least one unit, about PREPARE_CHANGES
 * changes), outside any transaction, yielding every SLICE_MS.
 */
export async function prepareUnits(db: Kysely<ServerSchema>, nowMs: number, tokenHash: string, origin: string, list: Change[], pos: number): Promise<Prepared> {
  const out: Prepared = new Map()
  const row = await db.selectFrom('origins').select(['token_hash', 'max_seq', 'sync_key']).where('origin', '=', origin).executeTakeFirst()
  const relayKey = row && row.token_hash !== tokenHash ? row.sync_key : null
  const k = await known(db)
  let next = Number(row?.max_seq ?? 0) + 1
  while (pos < list.length && (list[pos] as Change).seq < next) pos++
  const breathe = breather()
  for (let covered = 0; covered < PREPARE_CHANGES; ) {
    const unit = unitAt(list, pos, next)
    if (!unit || unit.stub) break
    const relay = relayKey === null ? null : { key: relayKey, ok: relayable(unit, relayKey) }
    if (relay && !relay.ok) {
      out.set((unit.changes[0] as Change).seq, { size: '', forced: null, verdicts: [], relay })
      break
    }
    await breathe()
    const size = knownSize(k)
    const forced = judgeUnit(unit.changes, unit.seal, k.trust)
    const verdicts: Verdict[] = []
    for (const tx of unit.txs) {
      const v = forced ?? judge(nowMs, tx, k)
      verdicts.push(v)
      if (v.status === 'accepted') for (const c of tx) learn(k, c)
      await breathe()
    }
    out.set((unit.changes[0] as Change).seq, { size, forced, verdicts, relay })
    covered += unit.changes.length
    pos += unit.changes.length
    next = (unit.changes[unit.changes.length - 1] as Change).seq + 1
  }
  return out
}
