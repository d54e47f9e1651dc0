/**
 * Taking a device's changes: only of origins bound to this device (the first push of an origin binds it), only whole
 * transactions continuing each origin's log without a gap, only written as the device's author. A transaction by
 * another author is refused, and nothing after it from that origin is taken.
 *
 * Cost is linear in the size of the push, and a large push is taken in chunks of at most CHUNK_MS, each its own
 * database transaction, yielding to the event loop between them, so that other devices' requests are answered
 * meanwhile. What a chunk committed stays: the push is idempotent, so a device that lost the answer simply pushes
 * again. The per-device quotas (bytes stored, rejected changes kept) are checked before each transaction.
 */
import type { Kysely, Transaction } from 'kysely'
import { changeSize, isCompleteTransaction, type Change } from '../shared/sync/change'
import type { PushResponse } from '../shared/sync/protocol'
import { SECRETARIAT_AUTHOR } from '../shared/sync/ownership'
import { REPLICATED_TABLES } from '../shared/sync/tables'
import { FINGERPRINT_CELL, judgeTransaction, type Registry, type Verdict } from '../shared/sync/verdict'
import { submissionOf } from '../shared/sync/visibility'
import type { ServerSchema } from './schema'
import { noteAssignments, scopeOf } from './scope'

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
  return { origin: r.origin, seq: Number(r.seq), tx: Number(r.tx), txEnd: Number(r.tx_end), hlc: r.hlc, author: r.author, tbl: r.tbl, rowId: r.row_id, col: r.col, value: r.value }
}

async function fingerprints(db: Db): Promise<Map<string, string[]>> {
  const m = new Map<string, string[]>()
  for (const r of await db.selectFrom('fingerprints').selectAll().execute()) {
    const list = m.get(r.expert_id)
    if (list) list.push(r.fingerprint)
    else m.set(r.expert_id, [r.fingerprint])
  }
  return m
}

function judge(ctx: PushContext, tx: Change[], fps: Map<string, string[]>): Verdict {
  return judgeTransaction(tx, { nowMs: ctx.now(), registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: (e) => fps.get(e) ?? [] })
}

/** Records what an accepted transaction unlocks (submissions), assigns or registers (fingerprints). */
async function noteAccepted(db: Db, tx: Change[], fps: Map<string, string[]>): Promise<boolean> {
  let fingerprintAdded = false
  for (const c of tx) {
    const s = submissionOf(c)
    if (s) await db.insertInto('submissions').values({ expert_id: s.expertId, project_id: s.projectId }).onConflict((oc) => oc.doNothing()).execute()
    if (c.tbl === FINGERPRINT_CELL.tbl && c.col === FINGERPRINT_CELL.col && c.author === SECRETARIAT_AUTHOR) {
      const fp = JSON.parse(c.value) as unknown
      if (typeof fp === 'string' && fp !== '') {
        await db.insertInto('fingerprints').values({ expert_id: c.rowId, fingerprint: fp }).onConflict((oc) => oc.doNothing()).execute()
        fps.set(c.rowId, [...(fps.get(c.rowId) ?? []), fp])
        fingerprintAdded = true
      }
    }
  }
  if (tx.some((c) => c.tbl === 'assignments' || c.tbl === 'declarations')) await noteAssignments(db, tx)
  return fingerprintAdded
}

async function reconsiderHeld(ctx: PushContext, db: Db, fps: Map<string, string[]>): Promise<void> {
  const held = await db.selectFrom('changes').select(['origin', 'tx']).distinct().where('status', '=', 'held').execute()
  for (const h of held) {
    const rows = (await db.selectFrom('changes').selectAll().where('origin', '=', h.origin).where('tx', '=', h.tx).orderBy('seq').execute()) as ChangeRow[]
    const tx = rows.map(rowToChange)
    const v = judge(ctx, tx, fps)
    if (v.status === 'held') continue
    await db.updateTable('changes').set({ status: v.status === 'accepted' ? 'applied' : v.status, reason: v.status === 'accepted' ? '' : v.reason }).where('origin', '=', h.origin).where('tx', '=', h.tx).execute()
    if (v.status === 'accepted') await noteAccepted(db, tx, fps)
  }
}

/** Sorted by seq, one copy of each seq. */
function sortedUnique(list: Change[]): Change[] {
  list.sort((a, b) => a.seq - b.seq)
  const out: Change[] = []
  for (const c of list) if (out.length === 0 || (out[out.length - 1] as Change).seq !== c.seq) out.push(c)
  return out
}

/** The whole transaction starting at list[pos] when it continues the log at `next`; null otherwise. */
function transactionAt(list: Change[], pos: number, next: number): Change[] | null {
  const first = list[pos]
  if (!first || first.seq !== next) return null
  const tx = list.slice(pos, pos + (first.txEnd - first.tx + 1))
  return isCompleteTransaction(tx) ? tx : null
}

const sizeText = (bytes: number): string => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`)
const INSERT_ROWS = 400

interface OriginState {
  list: Change[]
  pos: number
  done: boolean
}

/** One chunk of one origin's push, in one database transaction. */
async function pushChunk(ctx: PushContext, trx: Transaction<ServerSchema>, device: PushDevice, origin: string, st: OriginState, out: PushOutcome): Promise<void> {
  await trx.insertInto('origins').values({ origin, token_hash: device.tokenHash, max_seq: 0 }).onConflict((oc) => oc.column('origin').doNothing()).execute()
  let q = trx.selectFrom('origins').select(['token_hash', 'max_seq']).where('origin', '=', origin)
  if (ctx.kind === 'pg') q = q.forUpdate()
  const row = await q.executeTakeFirstOrThrow()
  if (row.token_hash !== device.tokenHash) {
    out.ignored += st.list.length - st.pos
    st.done = true
    return
  }
  const start = Number(row.max_seq)
  while (st.pos < st.list.length && (st.list[st.pos] as Change).seq <= start) st.pos++
  await trx.insertInto('device_usage').values({ token_hash: device.tokenHash, bytes: 0, rejected: 0 }).onConflict((oc) => oc.column('token_hash').doNothing()).execute()
  let uq = trx.selectFrom('device_usage').select(['bytes', 'rejected']).where('token_hash', '=', device.tokenHash)
  if (ctx.kind === 'pg') uq = uq.forUpdate() // two processes taking pushes of one device count both
  const usage = await uq.executeTakeFirstOrThrow()
  let bytes = Number(usage.bytes)
  let rejected = Number(usage.rejected)
  const fps = await fingerprints(trx)
  const pending: ServerSchema['changes'][] = []
  const flush = async () => {
    for (let i = 0; i < pending.length; i += INSERT_ROWS) await trx.insertInto('changes').values(pending.slice(i, i + INSERT_ROWS)).execute()
    pending.length = 0
  }
  const deadline = performance.now() + CHUNK_MS
  let max = start
  st.done = true
  for (;;) {
    const tx = transactionAt(st.list, st.pos, max + 1)
    if (!tx) break
    if (tx.some((c) => c.author !== device.author || c.withheld)) {
      out.refused = `该设备只能以「${device.author}」的身份写入，已拒绝以「${(tx[0] as Change).author}」身份写入的修改`
      break
    }
    const size = tx.reduce((n, c) => n + changeSize(c), 0)
    if (bytes + size > ctx.quotas.bytesPerDevice) {
      out.quota = { status: 413, message: `本设备在同步服务器上保存的修改已达上限（${sizeText(ctx.quotas.bytesPerDevice)}），其余修改未被接收，请联系秘书处` }
      break
    }
    const v = judge(ctx, tx, fps)
    if (v.status === 'rejected' && rejected + tx.length > ctx.quotas.rejectedPerDevice) {
      out.quota = { status: 429, message: `本设备被拒绝的修改已达上限（${ctx.quotas.rejectedPerDevice} 条），同步服务器不再接收它的修改，请联系秘书处检查本机` }
      break
    }
    const status = v.status === 'accepted' ? 'applied' : v.status
    const reason = v.status === 'accepted' ? '' : v.reason
    const scope = await scopeOf(trx, tx, device.meetingId, v.status === 'accepted')
    for (const c of tx) pending.push({ origin, seq: c.seq, tx: c.tx, tx_end: c.txEnd, hlc: c.hlc, author: c.author, tbl: c.tbl, row_id: c.rowId, col: c.col, value: c.value, status, reason, scope })
    bytes += size
    if (v.status === 'accepted') {
      out.accepted += tx.length
      if (await noteAccepted(trx, tx, fps)) {
        await flush()
        await reconsiderHeld(ctx, trx, fps)
      }
    } else if (v.status === 'rejected') {
      out.rejected += tx.length
      rejected += tx.length
    }
    max = (tx[tx.length - 1] as Change).seq
    st.pos += tx.length
    if (pending.length >= INSERT_ROWS) await flush()
    if (performance.now() >= deadline) {
      st.done = false
      break
    }
  }
  await flush()
  if (max > start) {
    await trx.updateTable('origins').set({ max_seq: max }).where('origin', '=', origin).execute()
    await trx.updateTable('device_usage').set({ bytes, rejected }).where('token_hash', '=', device.tokenHash).execute()
  }
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve))

export async function pushChanges(ctx: PushContext, device: PushDevice, changes: readonly Change[]): Promise<PushOutcome> {
  const out: PushOutcome = { accepted: 0, rejected: 0, ignored: 0, refused: null, quota: null }
  const byOrigin = new Map<string, Change[]>()
  for (const c of changes) {
    const list = byOrigin.get(c.origin)
    if (list) list.push(c)
    else byOrigin.set(c.origin, [c])
  }
  for (const [origin, list] of byOrigin) {
    const st: OriginState = { list: sortedUnique(list), pos: 0, done: false }
    for (let round = 0; !st.done && !out.refused && !out.quota; round++) {
      if (round > 0) await yieldToOthers()
      await ctx.db.transaction().execute((trx) => pushChunk(ctx, trx, device, origin, st, out))
    }
    if (out.refused || out.quota) break
  }
  return out
}
