/**
 * The sync server's store over Kysely: an embedded SQLite file (WAL) by default, or PostgreSQL shared by several
 * server processes (rows of an origin are appended under a row lock on that origin, so concurrent pushes of the
 * same changes are idempotent). It keeps the relayed log with each transaction's verdict, the device tokens, the
 * one-time join codes, and the blobs.
 */
import crypto from 'node:crypto'
import { sql, type Kysely, type Transaction } from 'kysely'
import { groupTransactions, isCompleteTransaction, type Change } from '../shared/sync/change'
import type { PullResponse, PushResponse, Refetch } from '../shared/sync/protocol'
import { PAGE_BYTES } from '../shared/sync/protocol'
import { changeSize } from '../shared/sync/change'
import { REPLICATED_TABLES } from '../shared/sync/tables'
import { FINGERPRINT_CELL, judgeTransaction, type Registry, type Verdict } from '../shared/sync/verdict'
import { isTransactionVisible, stubOf, submissionOf } from '../shared/sync/visibility'
import { SECRETARIAT_AUTHOR } from '../shared/sync/ownership'
import type { VersionVector } from '../shared/sync/vv'
import { vvGet } from '../shared/sync/vv'
import { SCHEMA_SQL, type ServerSchema } from './schema'

export type StoreKind = 'sqlite' | 'pg'

export interface Device {
  tokenHash: string
  author: string
  meetingId: string
}

export const hashSecret = (s: string): string => crypto.createHash('sha256').update(s).digest('hex')

type Db = Kysely<ServerSchema> | Transaction<ServerSchema>

interface ChangeRow {
  origin: string
  seq: number | string
  tx: number | string
  tx_end: number | string
  hlc: string
  author: string
  tbl: string
  row_id: string
  col: string
  value: string
  status: string
}

function toChange(r: ChangeRow): Change {
  return { origin: r.origin, seq: Number(r.seq), tx: Number(r.tx), txEnd: Number(r.tx_end), hlc: r.hlc, author: r.author, tbl: r.tbl, rowId: r.row_id, col: r.col, value: r.value }
}

export class ServerStore {
  constructor(
    readonly db: Kysely<ServerSchema>,
    readonly kind: StoreKind,
    private readonly now: () => number = Date.now
  ) {}

  async init(): Promise<void> {
    if (this.kind === 'pg') {
      // Several processes may start together: one creates the tables at a time.
      await this.db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(774411)`.execute(trx)
        for (const s of SCHEMA_SQL('pg')) await sql.raw(s).execute(trx)
      })
    } else {
      for (const s of SCHEMA_SQL('sqlite')) await sql.raw(s).execute(this.db)
    }
  }

  async close(): Promise<void> {
    await this.db.destroy()
  }

  // ---------------------------------------------------------------------------------------------- enrolment

  async createJoinCode(author: string, meetingId: string, ttlHours: number): Promise<{ code: string; expiresAt: string }> {
    // 10 digits in two groups, easy to read out; 33 bits, one use, expiring, and enrolment is rate-limited.
    const code = crypto.randomInt(0, 1e5).toString().padStart(5, '0') + '-' + crypto.randomInt(0, 1e5).toString().padStart(5, '0')
    const expiresAt = new Date(this.now() + ttlHours * 3600_000).toISOString()
    await this.db.insertInto('join_codes').values({ code_hash: hashSecret(code), author, meeting_id: meetingId, expires_at: expiresAt, used_at: null }).execute()
    return { code, expiresAt }
  }

  /** Trades a join code for a device token, once. Returns null for an unknown, used or expired code. */
  async enrol(code: string, deviceName: string): Promise<{ token: string; author: string; meetingId: string } | null> {
    const token = crypto.randomBytes(32).toString('base64url')
    const now = new Date(this.now()).toISOString()
    return this.db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('join_codes')
        .set({ used_at: now })
        .where('code_hash', '=', hashSecret(code.trim()))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['author', 'meeting_id'])
        .executeTakeFirst()
      if (!used) return null
      await trx.insertInto('devices').values({ token_hash: hashSecret(token), author: used.author, name: deviceName, meeting_id: used.meeting_id, created_at: now }).execute()
      return { token, author: used.author, meetingId: used.meeting_id }
    })
  }

  async deviceByToken(token: string): Promise<Device | null> {
    const row = await this.db.selectFrom('devices').select(['token_hash', 'author', 'meeting_id']).where('token_hash', '=', hashSecret(token)).executeTakeFirst()
    return row ? { tokenHash: row.token_hash, author: row.author, meetingId: row.meeting_id } : null
  }

  async hasSecretariatAccess(): Promise<boolean> {
    const d = await this.db.selectFrom('devices').select('token_hash').where('author', '=', SECRETARIAT_AUTHOR).executeTakeFirst()
    const c = await this.db.selectFrom('join_codes').select('code_hash').where('author', '=', SECRETARIAT_AUTHOR).where('used_at', 'is', null).where('expires_at', '>', new Date(this.now()).toISOString()).executeTakeFirst()
    return !!d || !!c
  }

  // ---------------------------------------------------------------------------------------------- log

  async vv(db: Db = this.db): Promise<VersionVector> {
    const vv: VersionVector = {}
    for (const r of await db.selectFrom('origins').select(['origin', 'max_seq']).execute()) vv[r.origin] = Number(r.max_seq)
    return vv
  }

  private async fingerprints(db: Db): Promise<Map<string, string[]>> {
    const m = new Map<string, string[]>()
    for (const r of await db.selectFrom('fingerprints').selectAll().execute()) m.set(r.expert_id, [...(m.get(r.expert_id) ?? []), r.fingerprint])
    return m
  }

  private judge(tx: Change[], fps: Map<string, string[]>): Verdict {
    return judgeTransaction(tx, { nowMs: this.now(), registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: (e) => fps.get(e) ?? [] })
  }

  /** Records what an accepted transaction unlocks (submissions) or registers (fingerprints). */
  private async noteAccepted(db: Db, tx: Change[], fps: Map<string, string[]>): Promise<boolean> {
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
    return fingerprintAdded
  }

  private async reconsiderHeld(db: Db, fps: Map<string, string[]>): Promise<void> {
    const held = await db.selectFrom('changes').select(['origin', 'tx']).distinct().where('status', '=', 'held').execute()
    for (const h of held) {
      const rows = (await db.selectFrom('changes').selectAll().where('origin', '=', h.origin).where('tx', '=', h.tx).orderBy('seq').execute()) as ChangeRow[]
      const tx = rows.map(toChange)
      const v = this.judge(tx, fps)
      if (v.status === 'held') continue
      await db.updateTable('changes').set({ status: v.status === 'accepted' ? 'applied' : v.status, reason: v.status === 'accepted' ? '' : v.reason }).where('origin', '=', h.origin).where('tx', '=', h.tx).execute()
      if (v.status === 'accepted') await this.noteAccepted(db, tx, fps)
    }
  }

  /**
   * Takes a device's changes: only of origins bound to this device (the first push of an origin binds it), only
   * whole transactions continuing each origin's log without a gap, only written as the device's author. A
   * transaction by another author is refused, and nothing after it from that origin is taken.
   */
  async push(device: Device, changes: readonly Change[]): Promise<PushResponse> {
    const out: PushResponse = { vv: {}, accepted: 0, rejected: 0, ignored: 0, refused: null }
    const byOrigin = new Map<string, Change[]>()
    for (const c of changes) byOrigin.set(c.origin, [...(byOrigin.get(c.origin) ?? []), c])
    for (const [origin, list] of byOrigin) {
      list.sort((a, b) => a.seq - b.seq)
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('origins').values({ origin, token_hash: device.tokenHash, max_seq: 0 }).onConflict((oc) => oc.column('origin').doNothing()).execute()
        let q = trx.selectFrom('origins').select(['token_hash', 'max_seq']).where('origin', '=', origin)
        if (this.kind === 'pg') q = q.forUpdate()
        const row = await q.executeTakeFirstOrThrow()
        if (row.token_hash !== device.tokenHash) {
          out.ignored += list.length
          return
        }
        let next = Number(row.max_seq) + 1
        const fresh = list.filter((c) => c.seq >= next)
        const contiguous: Change[] = []
        for (const c of fresh) {
          if (c.seq !== next) break
          contiguous.push(c)
          next++
        }
        const fps = await this.fingerprints(trx)
        let max = Number(row.max_seq)
        for (const tx of groupTransactions(contiguous)) {
          if (!isCompleteTransaction(tx)) break
          if (tx.some((c) => c.author !== device.author || c.withheld)) {
            out.refused = `该设备只能以「${device.author}」的身份写入，已拒绝以「${(tx[0] as Change).author}」身份写入的修改`
            break
          }
          const v = this.judge(tx, fps)
          const status = v.status === 'accepted' ? 'applied' : v.status
          await trx
            .insertInto('changes')
            .values(tx.map((c) => ({ origin, seq: c.seq, tx: c.tx, tx_end: c.txEnd, hlc: c.hlc, author: c.author, tbl: c.tbl, row_id: c.rowId, col: c.col, value: c.value, status, reason: v.status === 'accepted' ? '' : v.reason })))
            .execute()
          if (v.status === 'accepted') {
            out.accepted += tx.length
            if (await this.noteAccepted(trx, tx, fps)) await this.reconsiderHeld(trx, fps)
          } else if (v.status === 'rejected') out.rejected += tx.length
          max = (tx[tx.length - 1] as Change).seq
        }
        if (max > Number(row.max_seq)) await trx.updateTable('origins').set({ max_seq: max }).where('origin', '=', origin).execute()
      })
    }
    out.vv = await this.vv()
    return out
  }

  async submittedProjects(expertId: string): Promise<Set<string>> {
    return new Set((await this.db.selectFrom('submissions').select('project_id').where('expert_id', '=', expertId).execute()).map((r) => r.project_id))
  }

  /** A page of changes after `vv`, cut at transaction boundaries; what this device may not see yet goes as stubs. */
  async pull(device: Device, req: { vv: VersionVector; limitBytes?: number; refetch?: Refetch[] }): Promise<PullResponse> {
    const limit = req.limitBytes ?? PAGE_BYTES
    const serverVv = await this.vv()
    const submitted = await this.submittedProjects(device.author)
    const changes: Change[] = []
    const vvAfter: VersionVector = { ...req.vv }
    let bytes = 0
    let hasMore = false
    const emit = (tx: Change[]) => {
      const visible = isTransactionVisible(device.author, tx, submitted)
      for (const c of tx) {
        const out = visible ? c : stubOf(c)
        changes.push(out)
        bytes += changeSize(out)
      }
    }
    for (const r of req.refetch ?? []) {
      if (bytes >= limit) break
      const rows = (await this.db.selectFrom('changes').selectAll().where('origin', '=', r.origin).where('seq', '>=', r.from).where('seq', '<=', r.to).orderBy('seq').execute()) as ChangeRow[]
      for (const tx of groupTransactions(rows.map(toChange))) if (isCompleteTransaction(tx) && isTransactionVisible(device.author, tx, submitted)) emit(tx)
    }
    for (const origin of Object.keys(serverVv).sort()) {
      let after = vvGet(req.vv, origin)
      const max = serverVv[origin] as number
      while (after < max) {
        if (bytes >= limit) {
          hasMore = true
          break
        }
        const rows = (await this.db.selectFrom('changes').selectAll().where('origin', '=', origin).where('seq', '>', after).orderBy('seq').limit(2000).execute()) as ChangeRow[]
        if (rows.length === 0) break
        const txs = groupTransactions(rows.map(toChange))
        // The last group may be cut by the limit of the query: keep it for the next round unless it is whole.
        for (const tx of txs) {
          if (!isCompleteTransaction(tx)) break
          emit(tx)
          after = (tx[tx.length - 1] as Change).seq
          vvAfter[origin] = after
          if (bytes >= limit) break
        }
        if (txs.length === 1 && !isCompleteTransaction(txs[0] as Change[])) {
          // A transaction longer than one query: read it whole.
          const whole = (await this.db.selectFrom('changes').selectAll().where('origin', '=', origin).where('tx', '=', (txs[0] as Change[])[0]?.tx as number).orderBy('seq').execute()) as ChangeRow[]
          const tx = whole.map(toChange)
          emit(tx)
          after = (tx[tx.length - 1] as Change).seq
          vvAfter[origin] = after
        }
      }
      if (vvGet(vvAfter, origin) < max) hasMore = true
      if (bytes >= limit) break
    }
    return { changes, vvAfter, hasMore }
  }

  // ---------------------------------------------------------------------------------------------- blobs

  async blobList(): Promise<string[]> {
    return (await this.db.selectFrom('blobs').select('sha256').orderBy('sha256').execute()).map((r) => r.sha256)
  }

  async blobGet(sha256: string): Promise<Uint8Array | null> {
    const r = await this.db.selectFrom('blobs').select('data').where('sha256', '=', sha256).executeTakeFirst()
    return r ? r.data : null
  }

  /** Stores a blob after checking its digest. */
  async blobPut(sha256: string, data: Uint8Array): Promise<boolean> {
    if (crypto.createHash('sha256').update(data).digest('hex') !== sha256) return false
    await this.db.insertInto('blobs').values({ sha256, data, size: data.length }).onConflict((oc) => oc.column('sha256').doNothing()).execute()
    return true
  }
}
