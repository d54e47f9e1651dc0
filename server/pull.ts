/**
 * Pages of changes for a device, cut at transaction boundaries near `limitBytes`:
 *  - only origins of the device's meeting (and the secretariat's) are listed at all: version vectors too;
 *  - a transaction the device may not see (another meeting's, another expert's work before its own accepted
 *    submission, another device's rejected changes for an expert) goes as a stub (shared/sync/visibility.ts);
 *  - `refetch` ranges (stubs the device asks for again) come first, and what is left of them when the page is full
 *    comes back in `refetch` with `hasMore`;
 *  - `hasMore` is true whenever anything is left for the device.
 */
import type { Kysely } from 'kysely'
import { changeSize, isCompleteTransaction, type Change } from '../shared/sync/change'
import type { PullResponse, Refetch } from '../shared/sync/protocol'
import { PAGE_BYTES } from '../shared/sync/protocol'
import { SECRETARIAT_AUTHOR } from '../shared/sync/ownership'
import { stubOf } from '../shared/sync/visibility'
import type { VersionVector } from '../shared/sync/vv'
import { vvGet } from '../shared/sync/vv'
import { rowToChange } from './push'
import type { ServerSchema } from './schema'
import { independenceAllows, namedProjects, scopeOf, scopeVisible, seesEveryMeeting, unlockedProjects, type Viewer } from './scope'

/** An origin the device may know of, with the meeting of the device that pushes it. */
interface OriginInfo {
  max: number
  meetingId: string
}

/** The origins a device may know of: those of devices of its meeting and of the secretariat's unbound devices. */
export async function scopedOrigins(db: Kysely<ServerSchema>, v: Viewer): Promise<Map<string, OriginInfo>> {
  let q = db
    .selectFrom('origins')
    .innerJoin('devices', 'devices.token_hash', 'origins.token_hash')
    .select(['origins.origin', 'origins.max_seq', 'devices.meeting_id', 'devices.author'])
  if (!seesEveryMeeting(v)) {
    q = q.where((eb) => eb.or([eb('devices.meeting_id', '=', v.meetingId), eb.and([eb('devices.meeting_id', '=', ''), eb('devices.author', '=', SECRETARIAT_AUTHOR)])]))
  }
  const out = new Map<string, OriginInfo>()
  for (const r of await q.execute()) out.set(r.origin, { max: Number(r.max_seq), meetingId: r.meeting_id })
  return out
}

export function vvOf(origins: Map<string, OriginInfo>): VersionVector {
  const vv: VersionVector = {}
  for (const [o, i] of origins) vv[o] = i.max
  return vv
}

type Row = ServerSchema['changes']

interface PullState {
  db: Kysely<ServerSchema>
  /** Where placing a transaction writes (the SQLite store reads pulls through a read-only connection). */
  writes: Kysely<ServerSchema>
  viewer: Viewer
  origins: Map<string, OriginInfo>
  unlocked: Set<string>
  /** Projects the viewer was named to re-review (the 组长's signed 专家组评审意见 of each is released to it). */
  named: Set<string>
  limit: number
  bytes: number
  out: PullResponse
}

/** The transaction's scope, placing it now when it could not be placed at push time. */
async function scopeNow(s: PullState, rows: Row[], tx: Change[]): Promise<string | null> {
  const first = rows[0] as Row
  if (first.scope !== null) return first.scope
  const scope = await scopeOf(s.writes, tx, s.origins.get(first.origin)?.meetingId ?? '', first.status === 'applied')
  if (scope !== null) await s.writes.updateTable('changes').set({ scope }).where('origin', '=', first.origin).where('tx', '=', Number(first.tx)).execute()
  return scope
}

async function visible(s: PullState, rows: Row[], tx: Change[]): Promise<boolean> {
  const first = rows[0] as Row
  if (!scopeVisible(s.viewer, await scopeNow(s, rows, tx))) return false
  if (s.viewer.author === SECRETARIAT_AUTHOR) return true
  if (first.status === 'rejected' && first.author !== s.viewer.author) return false
  return independenceAllows(s.viewer.author, tx, s.unlocked, s.named)
}

function emit(s: PullState, items: (Change | ReturnType<typeof stubOf>)[]): void {
  for (const c of items) {
    s.out.changes.push(c)
    s.bytes += 'value' in c ? changeSize(c) : 60
  }
}

const CHUNK = 2000

/** Rows of one origin from `after` (exclusive) to `to`, grouped in whole transactions (a long one read whole). */
async function transactionsAfter(db: Kysely<ServerSchema>, origin: string, after: number, to: number): Promise<Row[][]> {
  const rows = (await db.selectFrom('changes').selectAll().where('origin', '=', origin).where('seq', '>', after).where('seq', '<=', to).orderBy('seq').limit(CHUNK).execute()) as Row[]
  const groups: Row[][] = []
  for (const r of rows) {
    const last = groups[groups.length - 1]
    if (last && Number((last[0] as Row).tx) === Number(r.tx)) last.push(r)
    else groups.push([r])
  }
  const tail = groups[groups.length - 1]
  if (tail && Number((tail[tail.length - 1] as Row).seq) < Number((tail[0] as Row).tx_end) && rows.length === CHUNK) {
    groups.pop()
    if (groups.length === 0) {
      // A transaction longer than one query: read it whole.
      groups.push((await db.selectFrom('changes').selectAll().where('origin', '=', origin).where('tx', '=', Number((tail[0] as Row).tx)).orderBy('seq').execute()) as Row[])
    }
  }
  return groups
}

/**
 * Whole sealed units of one origin, in order, from `after` (exclusive) up to `to`: a unit goes out whole — its
 * values when the device may see every transaction in it, else stubs — so the device can always check its seal.
 * Reads the log in chunks and keeps what it read ahead.
 */
class UnitReader {
  private buffer: Row[][] = []
  private readTo: number
  constructor(
    private readonly db: Kysely<ServerSchema>,
    private readonly origin: string,
    after: number,
    private readonly to: number
  ) {
    this.readTo = after
  }

  /** Rows read for the next unit (by transaction), or null when no whole sealed unit remains before `to`. */
  async next(): Promise<Row[][] | null> {
    for (let i = 0; ; i++) {
      const end = this.buffer.findIndex((g) => (g[g.length - 1] as Row).seal)
      if (end >= 0) return this.buffer.splice(0, end + 1)
      if (this.readTo >= this.to || i > 1000) return null
      const groups = await transactionsAfter(this.db, this.origin, this.readTo, this.to)
      if (groups.length === 0) return null
      for (const g of groups) {
        const tx = g.map(rowToChange)
        if (!isCompleteTransaction(tx)) return null // never stored so: the origin's log is damaged; the rest waits
        this.buffer.push(g)
      }
      this.readTo = Number((this.buffer[this.buffer.length - 1]?.at(-1) as Row).seq)
    }
  }
}

async function unitVisible(s: PullState, unit: Row[][]): Promise<boolean> {
  for (const rows of unit) if (!(await visible(s, rows, rows.map(rowToChange)))) return false
  return true
}

function emitUnit(s: PullState, unit: Row[][], show: boolean): number {
  let last = 0
  for (const rows of unit) {
    const tx = rows.map(rowToChange)
    emit(s, show ? tx : tx.map(stubOf))
    last = (tx[tx.length - 1] as Change).seq
  }
  return last
}

/** Rows one pull reads for refetch ranges at most (ranges come from the device: it may name the whole log). */
const REFETCH_SCAN = 20_000

/** Refetched ranges: only the units now visible, whole; returns the ranges left when the page is full. */
async function refetchRanges(s: PullState, ranges: Refetch[]): Promise<Refetch[]> {
  let scanned = 0
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i] as Refetch
    // The unit holding r.from starts after the seal before it.
    const before = await s.db.selectFrom('changes').select('seq').where('origin', '=', r.origin).where('seq', '<', r.from).where('seal', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst()
    const reader = new UnitReader(s.db, r.origin, Number(before?.seq ?? 0), Number.MAX_SAFE_INTEGER)
    let at = r.from - 1
    while (at < r.to) {
      if (s.bytes >= s.limit || scanned >= REFETCH_SCAN) return [{ origin: r.origin, from: at + 1, to: r.to }, ...ranges.slice(i + 1)]
      const unit = await reader.next()
      if (!unit) break
      scanned += unit.reduce((n, g) => n + g.length, 0)
      at = Number((unit[unit.length - 1]?.at(-1) as Row).seq)
      if (await unitVisible(s, unit)) emitUnit(s, unit, true)
    }
  }
  return []
}

async function newChanges(s: PullState, vv: VersionVector): Promise<void> {
  for (const origin of [...s.origins.keys()].sort()) {
    const max = (s.origins.get(origin) as OriginInfo).max
    const after = vvGet(vv, origin)
    const reader = new UnitReader(s.db, origin, after, max)
    while (vvGet(s.out.vvAfter, origin) < max && s.bytes < s.limit) {
      const unit = await reader.next()
      if (!unit) break // unsealed rows (a store older than seals) are never relayed
      s.out.vvAfter[origin] = emitUnit(s, unit, await unitVisible(s, unit))
    }
    if (vvGet(s.out.vvAfter, origin) < max && s.bytes >= s.limit) s.out.hasMore = true
  }
}

export async function pullChanges(db: Kysely<ServerSchema>, viewer: Viewer, req: { vv: VersionVector; limitBytes?: number; refetch?: Refetch[] }, writes = db): Promise<PullResponse> {
  const s: PullState = {
    db,
    writes,
    viewer,
    origins: await scopedOrigins(db, viewer),
    unlocked: viewer.author === SECRETARIAT_AUTHOR ? new Set() : await unlockedProjects(db, viewer.author),
    named: viewer.author === SECRETARIAT_AUTHOR ? new Set() : await namedProjects(db, viewer.author),
    limit: req.limitBytes ?? PAGE_BYTES,
    bytes: 0,
    out: { changes: [], vvAfter: { ...req.vv }, hasMore: false, refetch: [] }
  }
  s.out.refetch = await refetchRanges(s, (req.refetch ?? []).filter((r) => s.origins.has(r.origin) && r.from <= r.to))
  await newChanges(s, req.vv)
  if (s.out.refetch.length > 0) s.out.hasMore = true
  return s.out
}
