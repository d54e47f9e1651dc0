/**
 * The sync server's store over Kysely: an embedded SQLite file (WAL) by default, or PostgreSQL shared by several
 * server processes (rows of an origin are appended under a row lock on that origin, so concurrent pushes of the
 * same changes are idempotent). It keeps the relayed log with each transaction's verdict, the device tokens, the
 * one-time join codes, and the blobs.
 */
import crypto from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Change } from '../shared/sync/change'
import type { PullResponse, PushResponse, Refetch } from '../shared/sync/protocol'
import { SECRETARIAT_AUTHOR } from '../shared/sync/ownership'
import type { VersionVector } from '../shared/sync/vv'
import { pullChanges, scopedOrigins, vvOf } from './pull'
import { DEFAULT_QUOTAS, pushChanges, type QuotaHit, type Quotas } from './push'
import { claimOrigins } from './origins'
import type { OriginClaim } from '../shared/sync/originClaim'
import { ADDED_COLUMNS, SCHEMA_SQL, type ServerSchema } from './schema'
import { namedProjects, seesEveryMeeting, unlockedProjects, type Viewer } from './scope'
import { certMessage, type SyncKeyCert } from '../shared/sync/seal'
import { publicKeyFingerprint, sm2Verify } from '../shared/signing/sm'

export type StoreKind = 'sqlite' | 'pg'

export interface Device {
  tokenHash: string
  author: string
  meetingId: string
}

export const hashSecret = (s: string): string => crypto.createHash('sha256').update(s).digest('hex')

/** An enrolment the server refuses with a reason (400). */
export class EnrolError extends Error {}

export class ServerStore {
  constructor(
    readonly db: Kysely<ServerSchema>,
    readonly kind: StoreKind,
    private readonly now: () => number = Date.now,
    readonly quotas: Quotas = DEFAULT_QUOTAS,
    /** Where requests that only read go (SQLite: a second, read-only connection; PostgreSQL: the same pool). */
    readonly reads: Kysely<ServerSchema> = db
  ) {}

  async init(): Promise<void> {
    if (this.kind === 'pg') {
      // Several processes may start together: one creates the tables at a time.
      await this.db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(774411)`.execute(trx)
        for (const s of SCHEMA_SQL('pg')) await sql.raw(s).execute(trx)
        for (const a of ADDED_COLUMNS) await sql.raw(`ALTER TABLE ${a.table} ADD COLUMN IF NOT EXISTS ${a.column} ${a.type}`).execute(trx)
      })
    } else {
      for (const s of SCHEMA_SQL('sqlite')) await sql.raw(s).execute(this.db)
      for (const a of ADDED_COLUMNS) {
        const cols = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${a.table})`.execute(this.db)
        if (!cols.rows.some((c) => c.name === a.column)) await sql.raw(`ALTER TABLE ${a.table} ADD COLUMN ${a.column} ${a.type}`).execute(this.db)
      }
    }
  }

  async close(): Promise<void> {
    if (this.reads !== this.db) await this.reads.destroy()
    await this.db.destroy()
  }

  /** Whether the database answers (readiness). Throws what the database threw when it does not. */
  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.db)
  }

  /** Changes held for want of a key, a reopen or a clock (the metrics' `held` gauge). */
  async heldCount(): Promise<number> {
    const r = await this.reads.selectFrom('changes').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', '=', 'held').executeTakeFirst()
    return Number(r?.n ?? 0)
  }

  /**
   * Counts one enrolment attempt from `address` and says whether it is within `max` for the window of `windowMs`
   * that the address's first attempt opened (a new window opens with the first attempt after it ended). The count
   * lives in the store, so every server process on it shares one limit; the increment is one atomic upsert. Ended
   * windows are deleted at most once a window per process.
   */
  async enrolAttempt(address: string, max: number, windowMs: number): Promise<boolean> {
    const t = this.now()
    const ended = sql<boolean>`excluded.window_start - enrol_attempts.window_start >= ${windowMs}`
    const row = await this.db
      .insertInto('enrol_attempts')
      .values({ address: address.slice(0, 100), window_start: t, attempts: 1 })
      .onConflict((oc) =>
        oc.column('address').doUpdateSet({
          attempts: sql<number>`CASE WHEN ${ended} THEN 1 ELSE enrol_attempts.attempts + 1 END`,
          window_start: sql<number>`CASE WHEN ${ended} THEN excluded.window_start ELSE enrol_attempts.window_start END`
        })
      )
      .returning('attempts')
      .executeTakeFirstOrThrow()
    if (t - this.prunedAt >= windowMs) {
      this.prunedAt = t
      await this.db.deleteFrom('enrol_attempts').where('window_start', '<=', t - windowMs).execute()
    }
    return Number(row.attempts) <= max
  }

  private prunedAt = 0

  // ---------------------------------------------------------------------------------------------- enrolment

  async createJoinCode(author: string, meetingId: string, ttlHours: number): Promise<{ code: string; expiresAt: string }> {
    // 10 digits in two groups, easy to read out; 33 bits, one use, expiring, and enrolment is rate-limited.
    const code = crypto.randomInt(0, 1e5).toString().padStart(5, '0') + '-' + crypto.randomInt(0, 1e5).toString().padStart(5, '0')
    const expiresAt = new Date(this.now() + ttlHours * 3600_000).toISOString()
    await this.db.insertInto('join_codes').values({ code_hash: hashSecret(code), author, meeting_id: meetingId, expires_at: expiresAt, used_at: null }).execute()
    return { code, expiresAt }
  }

  /**
   * Trades a join code for a device token, once. Returns null for an unknown, used or expired code. A secretariat
   * device proves its key with the certificate of its sync key (signed by the secretariat's master key): the server
   * pins that master key and trusts what it signs (shared/sync/trust.ts).
   */
  async enrol(code: string, deviceName: string, secretariatCert?: SyncKeyCert): Promise<{ token: string; tokenHash: string; author: string; meetingId: string } | null> {
    const token = crypto.randomBytes(32).toString('base64url')
    const now = new Date(this.now()).toISOString()
    return this.db.transaction().execute(async (trx) => {
      const pending = await trx.selectFrom('join_codes').select('author').where('code_hash', '=', hashSecret(code.trim())).executeTakeFirst()
      const certOk = !!secretariatCert && secretariatCert.author === SECRETARIAT_AUTHOR && sm2Verify(certMessage(secretariatCert), secretariatCert.sig, secretariatCert.master)
      if (pending?.author === SECRETARIAT_AUTHOR && !certOk) throw new EnrolError('秘书处设备登记时须提供秘书处密钥的证书：请先在“同步”页面生成秘书处密钥')
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
      return { token, tokenHash: hashSecret(token), author: used.author, meetingId: used.meeting_id }
    })
  }

  async deviceByToken(token: string): Promise<Device | null> {
    const row = await this.reads.selectFrom('devices').select(['token_hash', 'author', 'meeting_id']).where('token_hash', '=', hashSecret(token)).executeTakeFirst()
    return row ? { tokenHash: row.token_hash, author: row.author, meetingId: row.meeting_id } : null
  }

  async hasSecretariatAccess(): Promise<boolean> {
    const d = await this.db.selectFrom('devices').select('token_hash').where('author', '=', SECRETARIAT_AUTHOR).executeTakeFirst()
    const c = await this.db.selectFrom('join_codes').select('code_hash').where('author', '=', SECRETARIAT_AUTHOR).where('used_at', 'is', null).where('expires_at', '>', new Date(this.now()).toISOString()).executeTakeFirst()
    return !!d || !!c
  }

  // ---------------------------------------------------------------------------------------------- log

  /** The version vector a device may know of (origins of its meeting and of the secretariat). */
  async vv(viewer: Viewer): Promise<VersionVector> {
    return vvOf(await scopedOrigins(this.reads, viewer))
  }

  /**
   * Projects whose other experts' work this device may receive (none to track for the secretariat), and
   * `rereview:<project>` for each project it was named to re-review: a new entry makes the device ask for its
   * withheld stubs again (electron/main/sync/serverSync.ts), so the 专家组评审意见 signed before the naming arrives.
   */
  async unlocked(viewer: Viewer): Promise<string[]> {
    if (viewer.author === SECRETARIAT_AUTHOR) return []
    const named = [...(await namedProjects(this.reads, viewer.author))].map((p) => `rereview:${p}`)
    return [...(await unlockedProjects(this.reads, viewer.author)), ...named].sort()
  }

  /** Binds the origins a device claims (server/origins.ts); returns those another device owns. */
  async claimOrigins(device: Device, claims: readonly OriginClaim[] | undefined): Promise<string[]> {
    return claims && claims.length > 0 ? claimOrigins(this.db, this.kind, device, claims, this.reads) : []
  }

  /** Takes a device's changes (server/push.ts); `vv` is what the server holds afterwards, as this device sees it. */
  async push(device: Device, changes: readonly Change[]): Promise<PushResponse & { quota: QuotaHit | null }> {
    const out = await pushChanges({ db: this.db, kind: this.kind, now: this.now, quotas: this.quotas }, device, changes)
    return { ...out, vv: await this.vv(device), unlocked: await this.unlocked(device) }
  }

  /** A page of changes after `vv` for this device (server/pull.ts). */
  async pull(device: Device, req: { vv: VersionVector; limitBytes?: number; refetch?: Refetch[] }): Promise<PullResponse> {
    return pullChanges(this.reads, device, req, this.db)
  }

  // ---------------------------------------------------------------------------------------------- blobs

  /** The blobs a device may fetch: those named by its meeting's package files (all for the unbound secretariat). */
  async blobList(viewer: Viewer): Promise<string[]> {
    let q = this.reads.selectFrom('blobs').select('blobs.sha256').orderBy('blobs.sha256')
    if (!seesEveryMeeting(viewer)) {
      q = q.where((eb) => eb.exists(eb.selectFrom('blob_meetings').select('blob_meetings.sha256').whereRef('blob_meetings.sha256', '=', 'blobs.sha256').where('blob_meetings.meeting_id', '=', viewer.meetingId)))
    }
    return (await q.execute()).map((r) => r.sha256)
  }

  /** A blob, when it exists and the device may fetch it (otherwise null: the same answer as for a missing one). */
  async blobGet(viewer: Viewer, sha256: string): Promise<Uint8Array | null> {
    let q = this.reads.selectFrom('blobs').select('data').where('sha256', '=', sha256)
    if (!seesEveryMeeting(viewer)) {
      q = q.where((eb) => eb.exists(eb.selectFrom('blob_meetings').select('blob_meetings.sha256').where('blob_meetings.sha256', '=', sha256).where('blob_meetings.meeting_id', '=', viewer.meetingId)))
    }
    const r = await q.executeTakeFirst()
    return r ? r.data : null
  }

  /** Stores a blob after checking its digest. */
  async blobPut(sha256: string, data: Uint8Array): Promise<boolean> {
    if (crypto.createHash('sha256').update(data).digest('hex') !== sha256) return false
    await this.db.insertInto('blobs').values({ sha256, data, size: data.length }).onConflict((oc) => oc.column('sha256').doNothing()).execute()
    return true
  }
}
