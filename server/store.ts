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
import { FINGERPRINT_CELL, isReopenChange, judgeTransaction, type Registry, type Verdict } from '../shared/sync/verdict'
import { isTransactionVisible, stubOf, submissionOf } from '../shared/sync/visibility'
import { cutPieces, type Piece } from '../shared/sync/units'
import { judgeUnit, type TrustContext } from '../shared/sync/trust'
import { certMessage, type SyncKeyCert } from '../shared/sync/seal'
import { publicKeyFingerprint, sm2Verify } from '../shared/signing/sm'
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

/** An enrolment the server refuses with a reason (400). */
export class EnrolError extends Error {}

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
  seal: string | null
}

function toChange(r: ChangeRow): Change {
  const c: Change = { origin: r.origin, seq: Number(r.seq), tx: Number(r.tx), txEnd: Number(r.tx_end), hlc: r.hlc, author: r.author, tbl: r.tbl, rowId: r.row_id, col: r.col, value: r.value }
  if (r.seal) c.seal = r.seal
  return c
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
    // A store made before sealed units: the seal column is added (its old changes stay unsealed, never relayed).
    if (this.kind === 'pg') await sql`ALTER TABLE changes ADD COLUMN IF NOT EXISTS seal TEXT`.execute(this.db)
    else {
      const cols = await sql<{ name: string }>`PRAGMA table_info(changes)`.execute(this.db)
      if (!cols.rows.some((c) => c.name === 'seal')) await sql`ALTER TABLE changes ADD COLUMN seal TEXT`.execute(this.db)
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
  async enrol(code: string, deviceName: string, secretariatCert?: SyncKeyCert): Promise<{ token: string; author: string; meetingId: string } | null> {
    const token = crypto.randomBytes(32).toString('base64url')
    const now = new Date(this.now()).toISOString()
    return this.db.transaction().execute(async (trx) => {
      const pending = await trx.selectFrom('join_codes').select('author').where('code_hash', '=', hashSecret(code.trim())).executeTakeFirst()
      if (pending?.author === SECRETARIAT_AUTHOR) {
        // The secretariat's device proves its key here: the server pins it and trusts what it signs.
        if (!secretariatCert || secretariatCert.author !== SECRETARIAT_AUTHOR || !sm2Verify(certMessage(secretariatCert), secretariatCert.sig, secretariatCert.master)) {
          throw new EnrolError('秘书处设备登记时须提供秘书处密钥的证书：请先在“同步”页面生成秘书处密钥')
        }
      }
      const used = await trx
        .updateTable('join_codes')
        .set({ used_at: now })
        .where('code_hash', '=', hashSecret(code.trim()))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['author', 'meeting_id'])
        .executeTakeFirst()
      if (!used) return null
      if (used.author === SECRETARIAT_AUTHOR && secretariatCert) {
        await trx.insertInto('trust_anchors').values({ fingerprint: publicKeyFingerprint(secretariatCert.master), pinned_at: now }).onConflict((oc) => oc.doNothing()).execute()
      }
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

  private async trust(db: Db, fps: Map<string, string[]>): Promise<TrustContext> {
    const pins = (await db.selectFrom('trust_anchors').select('fingerprint').execute()).map((r) => r.fingerprint)
    return { pins, fingerprintsOf: (e) => fps.get(e) ?? [] }
  }

  private async reopenedSheets(db: Db): Promise<Set<string>> {
    return new Set((await db.selectFrom('reopened_sheets').select('sheet_id').execute()).map((r) => r.sheet_id))
  }

  private judge(tx: Change[], fps: Map<string, string[]>, reopened: Set<string> = new Set()): Verdict {
    return judgeTransaction(tx, { nowMs: this.now(), registry: REPLICATED_TABLES as unknown as Registry, fingerprintsOf: (e) => fps.get(e) ?? [], isReopened: (id) => reopened.has(id) })
  }

  /** Records what an accepted transaction unlocks (submissions) or registers (fingerprints). */
  private async noteAccepted(db: Db, tx: Change[], fps: Map<string, string[]>): Promise<boolean> {
    let fingerprintAdded = false
    for (const c of tx) {
      const s = submissionOf(c)
      if (s) await db.insertInto('submissions').values({ expert_id: s.expertId, project_id: s.projectId }).onConflict((oc) => oc.doNothing()).execute()
      if (isReopenChange(c) && c.author === SECRETARIAT_AUTHOR) {
        await db.insertInto('reopened_sheets').values({ sheet_id: c.rowId }).onConflict((oc) => oc.doNothing()).execute()
        fingerprintAdded = true // held next revisions are judged again
      }
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

  /** The sealed unit of the log holding `seq` (null when it is not sealed). */
  private async unitAt(db: Db, origin: string, seq: number): Promise<Extract<Piece, { kind: 'unit' }> | null> {
    const end = await db.selectFrom('changes').select('seq').where('origin', '=', origin).where('seq', '>=', seq).where('seal', 'is not', null).orderBy('seq').limit(1).executeTakeFirst()
    if (!end) return null
    const before = await db.selectFrom('changes').select('seq').where('origin', '=', origin).where('seq', '<', seq).where('seal', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst()
    const rows = (await db.selectFrom('changes').selectAll().where('origin', '=', origin).where('seq', '>', Number(before?.seq ?? 0)).where('seq', '<=', Number(end.seq)).orderBy('seq').execute()) as ChangeRow[]
    const piece = cutPieces(groupTransactions(rows.map(toChange))).pieces[0]
    return piece?.kind === 'unit' ? piece : null
  }

  private async reconsiderHeld(db: Db, fps: Map<string, string[]>): Promise<void> {
    const held = await db.selectFrom('changes').select(['origin', 'tx']).distinct().where('status', '=', 'held').execute()
    const trust = await this.trust(db, fps)
    const reopened = await this.reopenedSheets(db)
    const done = new Set<string>()
    for (const h of held) {
      if (done.has(`${h.origin}#${Number(h.tx)}`)) continue
      const unit = await this.unitAt(db, h.origin, Number(h.tx))
      if (!unit) continue
      const forced = judgeUnit(unit.changes, unit.seal, trust)
      for (const tx of unit.txs) {
        const first = tx[0] as Change
        done.add(`${first.origin}#${first.tx}`)
        const was = await db.selectFrom('changes').select('status').where('origin', '=', first.origin).where('seq', '=', first.seq).executeTakeFirst()
        if (was?.status !== 'held') continue
        const v = forced ?? this.judge(tx, fps, reopened)
        if (v.status === 'held') continue
        await db.updateTable('changes').set({ status: v.status === 'accepted' ? 'applied' : v.status, reason: v.status === 'accepted' ? '' : v.reason }).where('origin', '=', first.origin).where('tx', '=', first.tx).execute()
        if (v.status === 'accepted') await this.noteAccepted(db, tx, fps)
      }
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
        const trust = await this.trust(trx, fps)
        const reopened = await this.reopenedSheets(trx)
        let max = Number(row.max_seq)
        const whole: Change[][] = []
        for (const tx of groupTransactions(contiguous)) {
          if (!isCompleteTransaction(tx)) break
          whole.push(tx)
        }
        for (const piece of cutPieces(whole).pieces) {
          const txs = piece.kind === 'unit' ? piece.txs : [piece.tx]
          if (txs.some((tx) => tx.some((c) => c.author !== device.author || c.withheld))) {
            out.refused = `该设备只能以「${device.author}」的身份写入，已拒绝以「${(txs[0]?.[0] as Change).author}」身份写入的修改`
            break
          }
          if (piece.kind !== 'unit') break
          // The unit's seal is verified and its signer must be trusted here, like on every laptop.
          const forced = judgeUnit(piece.changes, piece.seal, trust)
          let fingerprintAdded = false
          for (const tx of piece.txs) {
            const v = forced ?? this.judge(tx, fps, reopened)
            const status = v.status === 'accepted' ? 'applied' : v.status
            await trx
              .insertInto('changes')
              .values(tx.map((c) => ({ origin, seq: c.seq, tx: c.tx, tx_end: c.txEnd, hlc: c.hlc, author: c.author, tbl: c.tbl, row_id: c.rowId, col: c.col, value: c.value, status, reason: v.status === 'accepted' ? '' : v.reason, seal: c.seal ?? null })))
              .execute()
            if (v.status === 'accepted') {
              out.accepted += tx.length
              for (const c of tx) if (isReopenChange(c)) reopened.add(c.rowId)
              if (await this.noteAccepted(trx, tx, fps)) fingerprintAdded = true
            } else if (v.status === 'rejected') out.rejected += tx.length
            else if (v.status === 'held' && v.code === 'future') out.heldFuture = (out.heldFuture ?? 0) + tx.length
            max = (tx[tx.length - 1] as Change).seq
          }
          if (fingerprintAdded) await this.reconsiderHeld(trx, fps)
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
    // A unit goes whole: its values when the device may see all of it, else stubs (values and metadata left out).
    const emit = (txs: Change[][]) => {
      const visible = txs.every((tx) => isTransactionVisible(device.author, tx, submitted))
      for (const tx of txs) {
        for (const c of tx) {
          const out = visible ? c : stubOf(c)
          changes.push(out)
          bytes += changeSize(out)
        }
      }
    }
    const sent = new Set<string>()
    for (const r of req.refetch ?? []) {
      if (bytes >= limit) break
      const unit = await this.unitAt(this.db, r.origin, r.from)
      if (!unit || sent.has(`${r.origin}#${unit.changes[0]?.seq}`)) continue
      sent.add(`${r.origin}#${unit.changes[0]?.seq}`)
      if (unit.txs.every((tx) => isTransactionVisible(device.author, tx, submitted))) emit(unit.txs)
    }
    for (const origin of Object.keys(serverVv).sort()) {
      let after = vvGet(req.vv, origin)
      const max = serverVv[origin] as number
      while (after < max && bytes < limit) {
        // Up to the next seals: whole units only (a unit longer than one query is read whole).
        const rows = (await this.db.selectFrom('changes').selectAll().where('origin', '=', origin).where('seq', '>', after).orderBy('seq').limit(2000).execute()) as ChangeRow[]
        if (rows.length === 0) break
        let { pieces } = cutPieces(groupTransactions(rows.map(toChange)).filter(isCompleteTransaction))
        if (pieces.length === 0) {
          const unit = await this.unitAt(this.db, origin, after + 1)
          if (!unit) break // the rest of this origin is not sealed (a store older than seals): never relayed
          pieces = [unit]
        }
        for (const piece of pieces) {
          const txs = piece.kind === 'unit' ? piece.txs : [piece.tx]
          emit(txs)
          after = (txs[txs.length - 1]?.[txs[txs.length - 1]!.length - 1] as Change).seq
          vvAfter[origin] = after
          if (bytes >= limit) break
        }
      }
      if (bytes >= limit) {
        // Stopped by the page size: this origin or the next ones may hold more.
        hasMore = true
        break
      }
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
