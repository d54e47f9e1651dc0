/**
 * This device's signing for sync (shared/sync/seal.ts): the sync keys it holds per author (made when the author's
 * master key is unlocked, certified by it), the secretariat keys it trusts (pinned), and sealing its own log.
 *
 * A transaction written as an author this device holds no sync key for cannot be sealed: it stays here, unsent,
 * with everything after it in this device's log, and the sync report says why (never sent unsigned, never lost).
 */
import './nativeSm3'
import { groupTransactions, type Change } from '../../../shared/sync/change'
import { SECRETARIAT_AUTHOR } from '../../../shared/sync/ownership'
import type { SyncReport } from '../../../shared/sync/report'
import { makeCert, makeSeal, syncKeyCertSchema, type SyncKeyCert } from '../../../shared/sync/seal'
import { unitsToSeal } from '../../../shared/sync/units'
import { openText, sealText } from '../../../shared/signing/secretBox'
import { generateKeyPair, normalizeFingerprint } from '../../../shared/signing/sm'
import type { Db } from '../db/connection'
import { readDevice } from '../db/device'
import { openOriginKey } from '../db/originKey'
import { keyMaySignFor } from '../../../shared/sync/originId'
import { prepare } from '../db/query'

export interface Signer {
  cert: SyncKeyCert
  privateKey: string
}

/**
 * Makes (or replaces) this device's sync key for `author`, certified by the author's unlocked master key. On a
 * database with an origin key (db/originKey.ts) the sync key *is* the origin key, for every author: its units then
 * prove they come from the laptop that owns the origin (shared/sync/originId.ts). A legacy database gets a new key.
 */
export function installSigner(db: Db, deviceKey: Uint8Array, author: string, master: { privateKey: string; publicKey: string }, now = new Date()): SyncKeyCert {
  const existing = loadSigners(db, deviceKey).get(author)
  const originKey = openOriginKey(db, deviceKey)
  if (existing && existing.cert.master === master.publicKey && (!originKey || existing.cert.key === originKey.publicKey)) return existing.cert
  const pair = originKey ?? generateKeyPair()
  const cert = makeCert(author, master, pair.publicKey, now.toISOString())
  prepare(
    db,
    'INSERT INTO sync_signers (author, public_key, private_key_enc, cert, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (author) DO UPDATE SET public_key = excluded.public_key, private_key_enc = excluded.private_key_enc, cert = excluded.cert, created_at = excluded.created_at'
  ).run(author, pair.publicKey, sealText(deviceKey, pair.privateKey), JSON.stringify(cert), now.toISOString())
  return cert
}

/** The sync keys this device can use (a key sealed under another device's secret is skipped). */
export function loadSigners(db: Db, deviceKey: Uint8Array): Map<string, Signer> {
  const out = new Map<string, Signer>()
  for (const r of prepare(db, 'SELECT author, private_key_enc, cert FROM sync_signers').all() as { author: string; private_key_enc: string; cert: string }[]) {
    try {
      const cert = syncKeyCertSchema.parse(JSON.parse(r.cert))
      out.set(r.author, { cert, privateKey: openText(deviceKey, r.private_key_enc) })
    } catch {
      // A database copied from another laptop: its sync keys are sealed under that laptop's secret.
    }
  }
  return out
}

export function hasSigner(db: Db, author: string): boolean {
  return prepare(db, 'SELECT 1 FROM sync_signers WHERE author = ?').get(author) !== undefined
}

// ------------------------------------------------------------------------------------------------ trust anchors

/** Pins a secretariat key by its fingerprint (full, or the 32-hex read-aloud form). */
export function pinSecretariat(db: Db, fingerprint: string, label = '', now = new Date()): string {
  const fp = normalizeFingerprint(fingerprint)
  if (!/^[0-9a-f]{32}([0-9a-f]{32})?$/.test(fp)) throw new Error('秘书处公钥指纹格式无效（应为 32 或 64 位十六进制）')
  prepare(db, 'INSERT INTO trust_anchors (fingerprint, label, pinned_at) VALUES (?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET label = excluded.label').run(fp, label, now.toISOString())
  return fp
}

export function pinnedSecretariat(db: Db): string[] {
  return (prepare(db, 'SELECT fingerprint FROM trust_anchors ORDER BY pinned_at').all() as { fingerprint: string }[]).map((r) => r.fingerprint)
}


// ------------------------------------------------------------------------------------------------ sealing

export interface SealResult {
  /** Units sealed by this call. */
  sealed: number
  /** Authors whose transactions wait for a sync key on this device (everything after them waits too). */
  blockedBy: string | null
  /** Changes of this device not sealed (not sent). */
  unsealed: number
}

const SEAL_BATCH = 20_000

/** Seals this device's own unsealed transactions, unit by unit, stopping at the first author it holds no key for. */
export function sealPending(db: Db, deviceKey: Uint8Array): SealResult {
  const device = readDevice(db)
  const signers = loadSigners(db, deviceKey)
  const result: SealResult = { sealed: 0, blockedBy: null, unsealed: 0 }
  const lastSealed = prepare(db, 'SELECT MAX(seq) AS s FROM change_log WHERE origin = ? AND seal IS NOT NULL')
  const read = prepare(db, 'SELECT origin, seq, tx, hlc, author, tbl, row_id AS rowId, col, value FROM change_log WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?')
  const readTx = prepare(db, 'SELECT origin, seq, tx, hlc, author, tbl, row_id AS rowId, col, value FROM change_log WHERE origin = ? AND tx = ? ORDER BY seq')
  const setSeal = prepare(db, 'UPDATE change_log SET seal = ? WHERE origin = ? AND seq = ?')
  db.sqlite
    .transaction(() => {
      for (;;) {
        const after = (lastSealed.get(device.origin) as { s: number | null }).s ?? 0
        if (after >= device.seq) break
        const rows = read.all(device.origin, after, SEAL_BATCH) as Omit<Change, 'txEnd'>[]
        let txs = groupTransactions(rows.map((r) => ({ ...r, txEnd: r.seq })))
        // The last transaction of a full batch may be cut: leave it for the next round, or read it whole.
        if (rows.length === SEAL_BATCH && txs.length > 1) txs.pop()
        else if (rows.length === SEAL_BATCH) txs = [(readTx.all(device.origin, (rows[0] as Change).tx) as Change[]).map((r) => ({ ...r, txEnd: r.seq }))]
        for (const tx of txs) {
          const end = (tx[tx.length - 1] as Change).seq
          for (const c of tx) c.txEnd = end
        }
        let progressed = false
        for (const unit of unitsToSeal(txs)) {
          const changes = unit.flat()
          const author = (changes[0] as Change).author
          const signer = signers.get(author)
          if (!signer || !keyMaySignFor(device.origin, signer.cert.key)) {
            result.blockedBy = author
            break
          }
          const seal = makeSeal(changes, signer.cert, signer.privateKey)
          const last = changes[changes.length - 1] as Change
          setSeal.run(JSON.stringify(seal), last.origin, last.seq)
          result.sealed++
          progressed = true
        }
        if (result.blockedBy || !progressed) break
      }
      const after = (lastSealed.get(device.origin) as { s: number | null }).s ?? 0
      result.unsealed = Math.max(0, device.seq - after)
    })
    .immediate()
  return result
}

/** Seals this device's new changes before a sync sends them; says in the report what cannot be sent and why. */
export function sealForSync(db: Db, deviceKey: Uint8Array, report: SyncReport, nameOf: (author: string) => string): SealResult {
  const r = sealPending(db, deviceKey)
  if (r.blockedBy !== null && r.unsealed > 0) {
    const who = nameOf(r.blockedBy)
    report.issues.push({
      level: 'warning',
      code: 'unsealed',
      message:
        r.blockedBy === SECRETARIAT_AUTHOR
          ? `本机有 ${r.unsealed} 项修改尚未发出：本机没有秘书处的同步签名密钥。请在“同步”页面以秘书处身份输入 PIN 码启用签名（修改已保存在本机，不会丢失）`
          : `本机有 ${r.unsealed} 项修改尚未发出：本机没有${who}的同步签名密钥。请在“我的身份”中生成签名密钥或输入 PIN 码（修改已保存在本机，不会丢失）`
    })
  }
  return r
}
