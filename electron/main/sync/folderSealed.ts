/**
 * Independence through the shared folder (issue 15, item 6): experts' sealed units go into a folder file only as
 * envelopes (shared/sync/unitEnvelope.ts), never in plaintext, and envelopes that come in are opened when a key
 * unlocked here is a recipient, else logged as withheld stubs and kept to relay and to open later.
 *
 *  - `exportForFolder`: what this device writes to its folder file — the secretariat's units in plaintext, every
 *    other unit as its envelope (made here for this device's own units, else the one received); an origin's stream
 *    stops at a unit this device holds only in plaintext (learnt from the sync server) or only as stubs.
 *  - `takeEnvelopes`: checks the envelopes of a folder file and turns the fresh ones into changes to apply.
 *  - `openStoredEnvelopes`: opens kept envelopes whose seqs are still stubs here, once a recipient key is unlocked.
 */
import type { Change } from '../../../shared/sync/change'
import { SECRETARIAT_AUTHOR } from '../../../shared/sync/ownership'
import type { SyncReport } from '../../../shared/sync/report'
import { signerTrusted, trustsSecretariat, type TrustContext } from '../../../shared/sync/trust'
import { scopeKey } from '../../../shared/sync/units'
import { checkEnvelope, envelopeStubs, makeEnvelope, openEnvelope, parseEnvelope, type UnitEnvelope } from '../../../shared/sync/unitEnvelope'
import { vvGet, type VersionVector } from '../../../shared/sync/vv'
import { publicKeyFingerprint } from '../../../shared/signing/sm'
import type { Db } from '../db/connection'
import { readDevice } from '../db/device'
import { prepare } from '../db/query'
import { applyChanges, fingerprintsOf, type ApplyOptions, type ApplyResult } from './apply'
import type { FileEnvelope } from './folderFile'
import { unlockedKeys } from './keyring'
import { readVv, setTxEnds } from './log'
import { loadSigners, pinnedSecretariat } from './signers'

/** The secretariat master keys (public) this laptop knows and trusts: its own, and those that signed accepted secretariat units. */
export function secretariatMasterKeys(db: Db): string[] {
  const pins = pinnedSecretariat(db)
  const keys = new Set<string>()
  const own = prepare(db, 'SELECT public_key FROM secretariat_key WHERE id = 1').get() as { public_key: string } | undefined
  if (own) keys.add(own.public_key)
  const rows = prepare(db, "SELECT DISTINCT json_extract(seal, '$.cert.master') AS k FROM change_log WHERE author = ? AND seal IS NOT NULL AND status = 'applied'").all(SECRETARIAT_AUTHOR) as { k: unknown }[]
  for (const r of rows) if (typeof r.k === 'string' && /^04[0-9a-f]{128}$/.test(r.k)) keys.add(r.k)
  return [...keys].filter((k) => trustsSecretariat(pins, publicKeyFingerprint(k)))
}

function storeEnvelope(db: Db, e: UnitEnvelope, body: string): void {
  prepare(db, 'INSERT INTO sync_envelopes (origin, from_seq, to_seq, author, body, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (origin, from_seq) DO NOTHING').run(
    e.origin,
    e.from,
    e.to,
    e.author,
    body,
    new Date().toISOString()
  )
}

function storedEnvelope(db: Db, origin: string, from: number): { to: number; body: string } | undefined {
  return prepare(db, 'SELECT to_seq AS "to", body FROM sync_envelopes WHERE origin = ? AND from_seq = ?').get(origin, from) as { to: number; body: string } | undefined
}

type LogRow = { seq: number; tx: number; hlc: string; author: string; tbl: string; row_id: string; col: string; value: string; status: string; seal: string | null }

interface Exported {
  changes: Change[]
  envelopes: FileEnvelope[]
  vv: VersionVector
  /** Units of this device's own origin that could not be enclosed (no secretariat key known here). */
  notEnclosed: number
}

function toChange(origin: string, r: LogRow): Change {
  const c: Change = { origin, seq: r.seq, tx: r.tx, txEnd: r.seq, hlc: r.hlc, author: r.author, tbl: r.tbl, rowId: r.row_id, col: r.col, value: r.value }
  if (r.seal) c.seal = r.seal
  return c
}

/**
 * This device's folder file content: per origin, its units in seq order — the secretariat's in plaintext, every
 * other one as its envelope — up to the first unit that cannot go out that way.
 */
export function exportForFolder(db: Db, deviceKey: Uint8Array): Exported {
  const out: Exported = { changes: [], envelopes: [], vv: {}, notEnclosed: 0 }
  const me = readDevice(db).origin
  const signers = loadSigners(db, deviceKey)
  let recipients: string[] | null = null
  const stmt = prepare(db, 'SELECT seq, tx, hlc, author, tbl, row_id, col, value, status, seal FROM change_log WHERE origin = ? ORDER BY seq')
  for (const origin of Object.keys(readVv(db)).sort()) {
    let pending: Change[] = []
    let skipTo = 0
    let last = 0
    for (const r of stmt.all(origin) as LogRow[]) {
      if (r.seq <= skipTo) continue
      if (r.status === 'withheld') {
        const env = pending.length === 0 ? storedEnvelope(db, origin, r.seq) : undefined
        if (!env) break
        out.envelopes.push({ origin, from: r.seq, to: env.to, body: env.body })
        skipTo = env.to
        last = env.to
        continue
      }
      pending.push(toChange(origin, r))
      if (!r.seal) continue
      const unit = pending
      pending = []
      setTxEnds(unit)
      const first = unit[0] as Change
      if (scopeKey(unit) === 'S') {
        out.changes.push(...unit)
        last = r.seq
        continue
      }
      const stored = storedEnvelope(db, origin, first.seq)
      if (stored && stored.to === r.seq) {
        out.envelopes.push({ origin, from: first.seq, to: r.seq, body: stored.body })
        last = r.seq
        continue
      }
      const signer = origin === me ? signers.get(first.author) : undefined
      recipients ??= secretariatMasterKeys(db)
      if (!signer || recipients.length === 0) {
        if (origin === me) out.notEnclosed++
        break
      }
      const env = makeEnvelope(unit, signer, [...recipients, signer.cert.master])
      const body = JSON.stringify(env)
      storeEnvelope(db, env, body)
      out.envelopes.push({ origin, from: env.from, to: env.to, body })
      last = r.seq
    }
    if (last > 0) out.vv[origin] = last
  }
  return out
}

export interface TakenEnvelopes {
  /** Changes to apply: the opened units' changes, and stubs for the ones this laptop cannot open. */
  changes: Change[]
  /** Envelopes refused (reported) or from a signer not trusted yet (taken at a later sync). */
  refused: number
  untrusted: number
}

/** The unlocked key that can open an envelope here, if any. */
function keyFor(db: Db, e: UnitEnvelope) {
  const fps = new Set(e.keys.map((k) => k.fp))
  return unlockedKeys(db).find((k) => fps.has(k.fingerprint))
}

function trustContext(db: Db): TrustContext {
  return { pins: pinnedSecretariat(db), fingerprintsOf: fingerprintsOf(db) }
}

/**
 * Checks a folder file's envelopes and returns, for the fresh ones, what to apply. An envelope is refused (with a
 * Chinese reason in the report; nothing of it is logged or kept) when its signature, header or content does not
 * hold, or when it is not enclosed for the secretariat this laptop pinned. One whose signer is not (yet) trusted
 * here and that this laptop cannot open is left for a later sync.
 */
export function takeEnvelopes(db: Db, envelopes: readonly FileEnvelope[], fileName: string, report: SyncReport): TakenEnvelopes {
  const out: TakenEnvelopes = { changes: [], refused: 0, untrusted: 0 }
  if (envelopes.length === 0) return out
  const vv = readVv(db)
  const trust = trustContext(db)
  const refuse = (reason: string) => {
    out.refused++
    if (out.refused <= 3) report.issues.push({ level: 'warning', code: 'bad-envelope', message: `「${fileName}」中的加密信封未采用：${reason}` })
  }
  for (const fe of envelopes) {
    const fresh = fe.to > vvGet(vv, fe.origin)
    const known = storedEnvelope(db, fe.origin, fe.from)
    if (!fresh && known) continue
    const check = checkEnvelope(fe.body)
    if (!check.ok) {
      refuse(check.reason)
      continue
    }
    const e = check.envelope
    if (e.origin !== fe.origin || e.from !== fe.from || e.to !== fe.to) {
      refuse('信封头与文件中记录的范围不符')
      continue
    }
    if (trust.pins.length > 0 && !e.keys.some((k) => trustsSecretariat(trust.pins, k.fp))) {
      refuse('没有加密给本机确认的秘书处密钥')
      continue
    }
    const key = keyFor(db, e)
    if (!key && !signerTrusted(e.author, check.masterFingerprint, trust)) {
      out.untrusted++
      continue
    }
    if (!fresh) {
      storeEnvelope(db, e, fe.body) // kept to relay (this laptop had these seqs from elsewhere)
      continue
    }
    if (key) {
      const opened = openEnvelope(e, key)
      if (!opened.ok) {
        refuse(opened.reason)
        continue
      }
      out.changes.push(...opened.changes)
    } else out.changes.push(...envelopeStubs(e))
    storeEnvelope(db, e, fe.body)
  }
  if (out.refused > 3) report.issues.push({ level: 'warning', code: 'bad-envelope', message: `「${fileName}」中另有 ${out.refused - 3} 个加密信封未采用` })
  return out
}

/** Opens the kept envelopes whose seqs are still withheld stubs here, with the keys unlocked now, and applies them. */
export function openStoredEnvelopes(db: Db, options: ApplyOptions = {}): ApplyResult | null {
  const keys = unlockedKeys(db)
  if (keys.length === 0) return null
  const rows = prepare(
    db,
    "SELECT e.body FROM sync_envelopes e JOIN change_log c ON c.origin = e.origin AND c.seq = e.from_seq WHERE c.status = 'withheld' ORDER BY e.origin, e.from_seq"
  ).all() as { body: string }[]
  const changes: Change[] = []
  for (const r of rows) {
    const e = parseEnvelope(r.body)
    if (!e) continue
    const fps = new Set(e.keys.map((k) => k.fp))
    const key = keys.find((k) => fps.has(k.fingerprint))
    if (!key) continue
    const opened = openEnvelope(e, key)
    if (opened.ok) changes.push(...opened.changes)
  }
  return changes.length ? applyChanges(db, changes, options) : null
}
