/**
 * Taking a device's changes: of origins it owns (server/origins.ts: claimed, or bound by the first push that stores
 * something of it; a push refused from its first change binds nothing), only written as the device's author — a
 * transaction by another author is refused, and nothing after it from that origin is taken; of origins another
 * device owns, only units signed by that device's bound sync key (relays); always whole transactions continuing each
 * origin's log without a gap.
 *
 * Cost is linear in the size of the push, and a large push is taken in chunks of at most CHUNK_MS, each its own
 * database transaction, yielding to the event loop between them, so that other devices' requests are answered
 * meanwhile. What a chunk committed stays: the push is idempotent, so a device that lost the answer simply pushes
 * again. The per-device quotas (bytes stored, rejected changes kept) are checked before each transaction.
 */
import '../electron/main/sync/nativeSm3'
import type { Kysely, Transaction } from 'kysely'
import { changeSize, groupTransactions, type Change } from '../shared/sync/change'
import { cutPieces, type Piece } from '../shared/sync/units'
import { judgeUnit } from '../shared/sync/trust'
import type { PushResponse } from '../shared/sync/protocol'
import { isReopenChange, type Verdict } from '../shared/sync/verdict'
import { submissionOf } from '../shared/sync/visibility'
import type { ServerSchema } from './schema'
import { relayable, unitKey } from './origins'
import { notDerivedReason, sealMayBeUnder } from '../shared/sync/originId'
import { breather, judge, known, knownSize, learn, markerOf, prepareUnits, unitAt, type Known, type Prepared, type PreparedUnit, type Unit } from './pushPrepare'
import { noteAssignments, noteRereviewers, scopeOf } from './scope'

type Db = Kysely<ServerSchema> | Transaction<ServerSchema>

export interface Quotas {
  /** Changes in one push request (413 above). */
  changesPerPush: number
  /** Bytes of changes one device may have stored on the server (413 once reached). */
  bytesPerDevice: number
  /** Rejected changes of one device the server keeps and relays to the secretariat (429 once reached). */
  rejectedPerDevice: number
}

export const DEFAULT_QUOTAS: Quotas = { changesPerPush: 50_000, bytesPerDevice: 256 * 1024 * 1024, rejectedPerDevice: 5_000 }

export interface PushDevice {
  tokenHash: string
  author: string
  meetingId: string
}

export interface PushContext {
  db: Kysely<ServerSchema>
  kind: 'sqlite' | 'pg'
  now: () => number
  quotas: Quotas
}

/** A quota the push ran into: the HTTP status and the Chinese message the device shows in its sync report. */
export interface QuotaHit {
  status: 413 | 429
  message: string
}

export type PushOutcome = Omit<PushResponse, 'vv' | 'unlocked'> & { quota: QuotaHit | null }

/** How long one chunk of a push may hold the store before it yields to other requests. */
export const CHUNK_MS = 10

/** A stored change as read back (PostgreSQL returns BIGINT columns as strings). */
type ChangeRow = Omit<ServerSchema['changes'], 'seq' | 'tx' | 'tx_end'> & { seq: number | string; tx: number | string; tx_end: number | string }

export function rowToChange(r: ChangeRow): Change {
  const c: Change = { origin: r.origin, seq: Number(r.seq), tx: Number(r.tx), txEnd: Number(r.tx_end), hlc: r.hlc, author: r.author, tbl: r.tbl, rowId: r.row_id, col: r.col, value: r.value }
  if (r.seal) c.seal = r.seal
  return c
}

/** Records what an accepted transaction unlocks (submissions, reopens), assigns or registers (fingerprints). */
async function noteAccepted(db: Db, tx: Change[], k: Known): Promise<boolean> {
  let fingerprintAdded = false
  for (const c of tx) {
    const s = submissionOf(c)
    if (s) await db.insertInto('submissions').values({ expert_id: s.expertId, project_id: s.projectId }).onConflict((oc) => oc.doNothing()).execute()
    if (!learn(k, c)) continue
    // A key registered or a sheet reopened: held transactions are judged again.
    fingerprintAdded = true
    const marker = markerOf(c)
    if (marker) await db.insertInto('scoring_markers').values({ meeting_id: marker.meetingId, hlc: marker.hlc, value: marker.value }).onConflict((oc) => oc.doNothing()).execute()
    else if (isReopenChange(c)) await db.insertInto('reopened_sheets').values({ sheet_id: c.rowId }).onConflict((oc) => oc.doNothing()).execute()
    else await db.insertInto('fingerprints').values({ expert_id: c.rowId, fingerprint: JSON.parse(c.value) as string }).onConflict((oc) => oc.doNothing()).execute()
  }
  if (tx.some((c) => c.tbl === 'assignments' || c.tbl === 'declarations')) await noteAssignments(db, tx)
  if (tx.some((c) => c.tbl === 'project_versions')) await noteRereviewers(db, tx)
  return fingerprintAdded
}

/** The sealed unit of the stored log holding `seq` (null when it is not sealed). */
export async function storedUnitAt(db: Db, origin: string, seq: number): Promise<Extract<Piece, { kind: 'unit' }> | null> {
  const end = await db.selectFrom('changes').select('seq').where('origin', '=', origin).where('seq', '>=', seq).where('seal', 'is not', null).orderBy('seq').limit(1).executeTakeFirst()
  if (!end) return null
  const before = await db.selectFrom('changes').select('seq').where('origin', '=', origin).where('seq', '<', seq).where('seal', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst()
  const rows = (await db.selectFrom('changes').selectAll().where('origin', '=', origin).where('seq', '>', Number(before?.seq ?? 0)).where('seq', '<=', Number(end.seq)).orderBy('seq').execute()) as ChangeRow[]
  const piece = cutPieces(groupTransactions(rows.map(rowToChange))).pieces[0]
  return piece?.kind === 'unit' ? piece : null
}

async function reconsiderHeld(ctx: PushContext, db: Db, k: Known): Promise<void> {
  // A release can unlock a transaction judged earlier in the same pass (a key registration, a reopen, the scoring
  // marker): judge again while a pass releases anything. Never more passes than there were held transactions.
  for (let pass = 0, limit = 1; pass < limit; pass++) {
    const held = await db.selectFrom('changes').select(['origin', 'tx']).distinct().where('status', '=', 'held').execute()
    if (pass === 0) limit = held.length
    if (!(await reconsiderPass(ctx, db, k, held))) return
  }
}

/** One pass over the held transactions; true when any was accepted or rejected. */
async function reconsiderPass(ctx: PushContext, db: Db, k: Known, held: { origin: string; tx: number | bigint }[]): Promise<boolean> {
  const done = new Set<string>()
  let released = false
  for (const h of held) {
    if (done.has(`${h.origin}#${Number(h.tx)}`)) continue
    const unit = await storedUnitAt(db, h.origin, Number(h.tx))
    if (!unit) continue
    const forced = judgeUnit(unit.changes, unit.seal, k.trust)
    for (const tx of unit.txs) {
      const first = tx[0] as Change
      done.add(`${first.origin}#${first.tx}`)
      const was = await db.selectFrom('changes').select('status').where('origin', '=', first.origin).where('seq', '=', first.seq).executeTakeFirst()
      if (was?.status !== 'held') continue
      const v = forced ?? judge(ctx.now(), tx, k)
      if (v.status === 'held') continue
      released = true
      await db.updateTable('changes').set({ status: v.status === 'accepted' ? 'applied' : v.status, reason: v.status === 'accepted' ? '' : v.reason }).where('origin', '=', first.origin).where('tx', '=', first.tx).execute()
      if (v.status === 'accepted') await noteAccepted(db, tx, k)
    }
  }
  return released
}

/** Sorted by seq, one copy of each seq. */
function sortedUnique(list: Change[]): Change[] {
  list.sort((a, b) => a.seq - b.seq)
  const out: Change[] = []
  for (const c of list) if (out.length === 0 || (out[out.length - 1] as Change).seq !== c.seq) out.push(c)
  return out
}

const sizeText = (bytes: number): string => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`)
const INSERT_ROWS = 400
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve))

interface OriginState {
  list: Change[]
  pos: number
  done: boolean
  /** A held transaction was stored, or a key or reopen noted: judge held ones again once this chunk committed. */
  recheck: boolean
}

/**
 * The origin's row, locked (bound to this device when no one owns it yet), and whether this push is a relay of
 * another device's origin (server/origins.ts); null when another device owns it and no relay can be taken (no key).
 */
async function openOrigin(ctx: PushContext, trx: Transaction<ServerSchema>, device: PushDevice, origin: string) {
  await trx.insertInto('origins').values({ origin, token_hash: device.tokenHash, max_seq: 0, sync_key: '' }).onConflict((oc) => oc.column('origin').doNothing()).execute()
  let q = trx.selectFrom('origins').select(['token_hash', 'max_seq', 'sync_key']).where('origin', '=', origin)
  if (ctx.kind === 'pg') q = q.forUpdate()
  const row = await q.executeTakeFirstOrThrow()
  if (row.token_hash === device.tokenHash) return { row, relay: false, ownerMeeting: device.meetingId }
  // Another device owns the origin: only units signed by its bound sync key are taken, in its meeting.
  const owner = await trx.selectFrom('devices').select('meeting_id').where('token_hash', '=', row.token_hash).executeTakeFirst()
  return row.sync_key === '' || !owner ? null : { row, relay: true, ownerMeeting: owner.meeting_id }
}

/** A unit's verdicts: those judged ahead (pushPrepare.ts) when what is known is still the same, else judged now. */
function unitVerdicts(ctx: PushContext, unit: Unit, pre: PreparedUnit | undefined, k: Known): { forced: PreparedUnit['forced']; verdicts: Verdict[] } {
  if (pre && pre.size === knownSize(k) && pre.verdicts.length === unit.txs.length) return pre
  const forced = judgeUnit(unit.changes, unit.seal, k.trust)
  return { forced, verdicts: unit.txs.map((tx) => forced ?? judge(ctx.now(), tx, k)) }
}

/** One chunk of one origin's push, in one database transaction. */
async function pushChunk(ctx: PushContext, trx: Transaction<ServerSchema>, device: PushDevice, origin: string, st: OriginState, out: PushOutcome, prepared: Prepared): Promise<void> {
  const opened = await openOrigin(ctx, trx, device, origin)
  if (!opened) {
    out.ignored += st.list.length - st.pos
    st.done = true
    return
  }
  const { row, relay, ownerMeeting } = opened
  let boundKey: string | null = relay ? row.sync_key : row.sync_key || null
  const start = Number(row.max_seq)
  while (st.pos < st.list.length && (st.list[st.pos] as Change).seq <= start) st.pos++
  await trx.insertInto('device_usage').values({ token_hash: device.tokenHash, bytes: 0, rejected: 0 }).onConflict((oc) => oc.column('token_hash').doNothing()).execute()
  let uq = trx.selectFrom('device_usage').select(['bytes', 'rejected']).where('token_hash', '=', device.tokenHash)
  if (ctx.kind === 'pg') uq = uq.forUpdate() // two processes taking pushes of one device count both
  const usage = await uq.executeTakeFirstOrThrow()
  let bytes = Number(usage.bytes)
  let rejected = Number(usage.rejected)
  const k = await known(trx)
  const pending: ServerSchema['changes'][] = []
  // A unit is stored whole in this transaction (up to 4,000 changes): the inserts and the loop over its transactions
  // let other requests run every few milliseconds (on SQLite they read through the store's read-only connection).
  const breathe = breather()
  const flush = async () => {
    for (let i = 0; i < pending.length; i += INSERT_ROWS) {
      await breathe()
      await trx.insertInto('changes').values(pending.slice(i, i + INSERT_ROWS)).execute()
    }
    pending.length = 0
  }
  const deadline = performance.now() + CHUNK_MS
  let max = start
  st.done = true
  for (;;) {
    const unit = unitAt(st.list, st.pos, max + 1)
    if (!unit) break
    const pre = prepared.get((unit.changes[0] as Change).seq)
    if (relay && !(pre?.relay?.key === row.sync_key ? pre.relay.ok : relayable(unit, row.sync_key))) {
      out.ignored += st.list.length - st.pos
      break
    }
    if (!relay && !unit.stub && !sealMayBeUnder(origin, unit.seal)) {
      // A derived origin belongs to the key it derives from (shared/sync/originId.ts): nothing sealed by another key
      // is stored under it, whichever device pushes it first.
      out.refused = notDerivedReason(origin)
      break
    }
    if (!relay && (unit.stub || unit.changes.some((c) => c.author !== device.author))) {
      out.refused = `该设备只能以「${device.author}」的身份写入，已拒绝以「${(unit.changes[0] as Change).author}」身份写入的修改`
      break
    }
    const size = unit.changes.reduce((n, c) => n + changeSize(c), 0)
    if (bytes + size > ctx.quotas.bytesPerDevice) {
      out.quota = { status: 413, message: `本设备在同步服务器上保存的修改已达上限（${sizeText(ctx.quotas.bytesPerDevice)}），其余修改未被接收，请联系秘书处` }
      break
    }
    // The unit's seal is verified and its signer must be trusted here, as on every laptop (shared/sync/trust.ts);
    // judged ahead of this transaction (pushPrepare.ts) unless what is known changed since.
    const { forced, verdicts } = unitVerdicts(ctx, unit, pre, k)
    if (boundKey === null && forced?.code !== 'bad-seal') boundKey = unitKey(unit) // bound at its first push: to the key it was sealed with
    const rejectedHere = unit.txs.reduce((n, tx, i) => n + (verdicts[i]?.status === 'rejected' ? tx.length : 0), 0)
    if (rejectedHere > 0 && rejected + rejectedHere > ctx.quotas.rejectedPerDevice) {
      out.quota = { status: 429, message: `本设备被拒绝的修改已达上限（${ctx.quotas.rejectedPerDevice} 条），同步服务器不再接收它的修改，请联系秘书处检查本机` }
      break
    }
    for (const [i, tx] of unit.txs.entries()) {
      const v = verdicts[i] as Verdict
      const status = v.status === 'accepted' ? 'applied' : v.status
      const reason = v.status === 'accepted' ? '' : v.reason
      const scope = await scopeOf(trx, tx, ownerMeeting, v.status === 'accepted')
      for (const c of tx) pending.push({ origin, seq: c.seq, tx: c.tx, tx_end: c.txEnd, hlc: c.hlc, author: c.author, tbl: c.tbl, row_id: c.rowId, col: c.col, value: c.value, status, reason, scope, seal: c.seal ?? null })
      if (v.status === 'accepted') {
        out.accepted += tx.length
        if (await noteAccepted(trx, tx, k)) {
          await flush()
          await reconsiderHeld(ctx, trx, k)
          st.recheck = true
        }
      } else if (v.status === 'rejected') {
        out.rejected += tx.length
        rejected += tx.length
      } else if (v.status === 'held' && v.code === 'future') out.heldFuture = (out.heldFuture ?? 0) + tx.length
      else if (v.status === 'held') st.recheck = true
      max = (tx[tx.length - 1] as Change).seq
      st.pos += tx.length
      await breathe()
    }
    bytes += size
    if (pending.length >= INSERT_ROWS) await flush()
    if (performance.now() >= deadline) {
      st.done = false
      break
    }
  }
  await flush()
  if (max > start) {
    await trx.updateTable('origins').set({ max_seq: max, ...(!relay && boundKey && boundKey !== row.sync_key ? { sync_key: boundKey } : {}) }).where('origin', '=', origin).execute()
    await trx.updateTable('device_usage').set({ bytes, rejected }).where('token_hash', '=', device.tokenHash).execute()
  } else if (start === 0) {
    // Nothing of this origin was taken (refused, or a gap): the push does not bind it. Origins are public (a folder
    // file is named after its device's), so a device relaying another's changes must not claim that device's origin
    // and leave its own pushes ignored.
    // A claimed origin (with its key) stays bound.
    await trx.deleteFrom('origins').where('origin', '=', origin).where('token_hash', '=', device.tokenHash).where('max_seq', '=', 0).where('sync_key', '=', '').execute()
  }
}

export async function pushChanges(ctx: PushContext, device: PushDevice, changes: readonly Change[]): Promise<PushOutcome> {
  const out: PushOutcome = { accepted: 0, rejected: 0, ignored: 0, refused: null, quota: null }
  const byOrigin = new Map<string, Change[]>()
  for (const c of changes) {
    const list = byOrigin.get(c.origin)
    if (list) list.push(c)
    else byOrigin.set(c.origin, [c])
  }
  for (const [origin, list] of byOrigin) {
    const st: OriginState = { list: sortedUnique(list), pos: 0, done: false, recheck: false }
    for (let round = 0; !st.done && !out.refused && !out.quota; round++) {
      if (round > 0) await yieldToOthers()
      const prepared = await prepareUnits(ctx.db, ctx.now(), device.tokenHash, origin, st.list, st.pos)
      await ctx.db.transaction().execute((trx) => pushChunk(ctx, trx, device, origin, st, out, prepared))
    }
    if (st.recheck) {
      // Another process may have registered the key (or reopened the sheet) while this push held a transaction for
      // want of it, each unaware of the other's uncommitted rows (PostgreSQL, issue 16): judged again now that both
      // are committed, whichever committed last, so nothing stays held for good.
      await ctx.db.transaction().execute(async (trx) => reconsiderHeld(ctx, trx, await known(trx)))
    }
    if (out.refused || out.quota) break
  }
  return out
}
