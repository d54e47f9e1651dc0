/**
 * Independence through the shared folder (issue 15, item 6): experts' sealed units go into a folder file only as
 * envelopes (shared/sync/unitEnvelope.ts), never in plaintext, and envelopes that come in are opened when a key
 * unlocked here is a recipient, else logged as withheld stubs and kept to relay and to open later. An expert's public
 * rows (signatures over the 专家组复核意见 the secretariat published, ownership.ts) are not sealed: they go as plaintext.
 *
 *  - `exportForFolder`: what this device writes to its folder file — the secretariat's units (and experts' public
 *    ones) in plaintext, every
 *    other unit as its envelope (made here for this device's own units, else the one received); an origin's stream
 *    stops at a unit this device holds only in plaintext (learnt from the sync server) or only as stubs.
 *  - `takeEnvelopes`: checks the envelopes of a folder file and turns the fresh ones into changes to apply.
 *  - `openStoredEnvelopes`: opens kept envelopes whose seqs are still stubs here, once a recipient key is unlocked.
 */
import type { Change } from '../../../shared/sync/change'
import { SECRETARIAT_AUTHOR } from '../../../shared/sync/ownership'
import type { SyncReport } from '../../../shared/sync/report'
import { signerTrusted, trustsSecretariat, type TrustContext } from '../../../shared/sync/trust'
import { isPlainUnit, scopeKey } from '../../../shared/sync/units'
import {
  checkEnvelope, envelopeBody, envelopeStubs, makeContentKey, makeEnvelope, openEnvelopeWith, parseEnvelope, type ContentKey, type KeyEntry, type UnitEnvelope
} from '../../../shared/sync/unitEnvelope'
import { checkGrant, grantKey, grantKids, parseGrant, type GrantCheck } from '../../../shared/sync/grant'
import { openText, sealText } from '../../../shared/signing/secretBox'
import { vvGet, type VersionVector } from '../../../shared/sync/vv'
import { bytesToHex, hexToBytes, publicKeyFingerprint } from '../../../shared/signing/sm'
import type { Db } from '../db/connection'
import { readDevice } from '../db/device'
import { prepare } from '../db/query'
import { applyChanges, fingerprintsOf, type ApplyOptions, type ApplyResult } from './apply'
import type { FileEnvelope, FileGrant, OutEnvelope } from './folderFile'
import { rememberWrappings, transportKeyFor, unlockedKeys, unwrapContentKey, unwrapKeyEntry } from './keyring'
import { readVv, setTxEnds } from './log'
import { loadSigners, pinnedSecretariat, type Signer } from './signers'

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

/**
 * Keeps a checked envelope (the first one for its origin and seq) as it came — its JSON and, version 2, its
 * ciphertext bytes; its wrappings are remembered for release grants.
 */
function storeEnvelope(db: Db, e: UnitEnvelope, body: string, ct: Uint8Array | null): void {
  const r = prepare(db, 'INSERT INTO sync_envelopes (origin, from_seq, to_seq, author, kid, body, ct, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (origin, from_seq) DO NOTHING').run(
    e.origin,
    e.from,
    e.to,
    e.author,
    e.kid,
    body,
    ct,
    new Date().toISOString()
  )
  if (r.changes > 0) rememberWrappings(db, Number(r.lastInsertRowid), e)
}

function storedEnvelope(db: Db, origin: string, from: number): { to: number; body: string; ct: Uint8Array | null } | undefined {
  return prepare(db, 'SELECT to_seq AS "to", body, ct FROM sync_envelopes WHERE origin = ? AND from_seq = ?').get(origin, from) as { to: number; body: string; ct: Uint8Array | null } | undefined
}

/** A kept envelope's body as its UTF-8 bytes, and its ciphertext, to relay (copied to the folder file as they are, not decoded). */
function storedEnvelopeBytes(db: Db, origin: string, from: number): { to: number; body: Uint8Array; ct: Uint8Array | null } | undefined {
  return prepare(db, 'SELECT to_seq AS "to", CAST(body AS BLOB) AS body, ct FROM sync_envelopes WHERE origin = ? AND from_seq = ?').get(origin, from) as
    | { to: number; body: Uint8Array; ct: Uint8Array | null }
    | undefined
}

export function isStored(db: Db, origin: string, from: number): boolean {
  return prepare(db, 'SELECT 1 FROM sync_envelopes WHERE origin = ? AND from_seq = ?').get(origin, from) !== undefined
}

/** The author's content key for a scope and these recipients (made once, its key sealed under the device secret). */
function scopeContentKey(db: Db, deviceKey: Uint8Array, author: string, scope: string, recipients: readonly string[]): ContentKey {
  const fps = [...new Set(recipients.map(publicKeyFingerprint))].sort().join(',')
  const row = prepare(db, 'SELECT kid, key_enc, wrapped FROM sync_scope_keys WHERE author = ? AND scope = ? AND recipients = ?').get(author, scope, fps) as
    | { kid: string; key_enc: string; wrapped: string }
    | undefined
  if (row) {
    try {
      return { kid: row.kid, key: hexToBytes(openText(deviceKey, row.key_enc)), keys: JSON.parse(row.wrapped) as ContentKey['keys'] }
    } catch {
      // sealed under another laptop's secret (a copied database): make a new one below
    }
  }
  const ck = makeContentKey(recipients, (pub) => transportKeyFor(db, pub))
  prepare(db, 'INSERT INTO sync_scope_keys (author, scope, kid, key_enc, recipients, wrapped, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (author, scope, recipients) DO UPDATE SET kid = excluded.kid, key_enc = excluded.key_enc, wrapped = excluded.wrapped').run(
    author,
    scope,
    ck.kid,
    sealText(deviceKey, bytesToHex(ck.key)),
    fps,
    JSON.stringify(ck.keys),
    new Date().toISOString()
  )
  return ck
}

type LogRow = { seq: number; tx: number; hlc: string; author: string; tbl: string; row_id: string; col: string; value: string; status: string; seal: string | null }

interface Exported {
  envelopes: OutEnvelope[]
  grants: FileGrant[]
  changes: Change[]
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
  const out: Exported = { changes: [], envelopes: [], grants: [], vv: {}, notEnclosed: 0 }
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
        const env = pending.length === 0 ? storedEnvelopeBytes(db, origin, r.seq) : undefined
        if (!env) break
        out.envelopes.push({ origin, from: r.seq, to: env.to, body: env.body, ct: env.ct })
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
      if (isPlainUnit(unit)) {
        out.changes.push(...unit)
        last = r.seq
        continue
      }
      const stored = storedEnvelopeBytes(db, origin, first.seq)
      if (stored && stored.to === r.seq) {
        out.envelopes.push({ origin, from: first.seq, to: r.seq, body: stored.body, ct: stored.ct })
        last = r.seq
        continue
      }
      const signer = origin === me ? signers.get(first.author) : undefined
      recipients ??= secretariatMasterKeys(db)
      if (!signer || recipients.length === 0) {
        if (origin === me) out.notEnclosed++
        break
      }
      const env = makeEnvelope(unit, signer, scopeContentKey(db, deviceKey, first.author, scopeKey(unit), [...recipients, signer.cert.master]))
      const { body, ct } = envelopeBody(env)
      storeEnvelope(db, env, body, ct)
      out.envelopes.push({ origin, from: env.from, to: env.to, body, ct })
      last = r.seq
    }
    if (last > 0) out.vv[origin] = last
  }
  out.grants = prepare(db, 'SELECT kid, fp, body FROM sync_grants ORDER BY kid, fp').all() as FileGrant[]
  return out
}

export interface TakenEnvelopes {
  /** Changes to apply: the opened units' changes, and stubs for the ones this laptop cannot open. */
  changes: Change[]
  /** Envelopes refused (reported) or from a signer not trusted yet (taken at a later sync). */
  refused: number
  untrusted: number
}

/**
 * Finds the content keys that may open an envelope on this laptop: wrapped in it for a master key unlocked here
 * (the secretariat's), or in a release grant for one of this laptop's sync keys. Each wrapping is unwrapped once per
 * session (keyring.ts `unwrapContentKey`); a kid's grants are read once per run (`grantsChanged` when more came in).
 * Every candidate is returned, not the first: a forged grant or envelope claiming the same kid cannot hide the real key.
 */
export class Opener {
  private fromGrants = new Map<string, Uint8Array[]>()
  private unlocked
  private signers: Map<string, Signer> | null = null
  constructor(
    private db: Db,
    private deviceKey: Uint8Array
  ) {
    this.unlocked = unlockedKeys(db)
  }

  /** Whether this laptop may hold the key of `kid` at all (an unlocked master key, or a grant for it): no parsing. */
  mayOpen(kid: string): boolean {
    return this.unlocked.length > 0 || prepare(this.db, 'SELECT 1 FROM sync_grants WHERE kid = ?').get(kid) !== undefined
  }

  keysOf(e: UnitEnvelope): Uint8Array[] {
    const out: Uint8Array[] = []
    for (const k of this.unlocked) {
      const entry = (e.keys as readonly KeyEntry[]).find((x) => x.fp === k.fingerprint)
      const key = entry ? unwrapKeyEntry(this.db, entry, k) : null
      if (key) out.push(key)
    }
    let granted = this.fromGrants.get(e.kid)
    if (!granted) {
      granted = this.grantKeys(e.kid)
      this.fromGrants.set(e.kid, granted)
    }
    return [...out, ...granted]
  }

  /** Grants were stored since: read a kid's grants again. */
  grantsChanged(): void {
    this.fromGrants.clear()
  }

  private grantKeys(kid: string): Uint8Array[] {
    const grants = prepare(this.db, 'SELECT body FROM sync_grants WHERE kid = ?').all(kid) as { body: string }[]
    if (grants.length === 0) return []
    this.signers ??= loadSigners(this.db, this.deviceKey)
    const mine = new Map([...this.signers.values()].map((s) => [publicKeyFingerprint(s.cert.key), s.privateKey]))
    const out: Uint8Array[] = []
    for (const g of grants) {
      const grant = parseGrant(g.body)
      const privateKey = grant ? mine.get(grant.fp) : undefined
      const release = grant && privateKey ? unwrapContentKey(this.db, grant.rk, { privateKey, fingerprint: grant.fp }) : null
      const key = grant && release ? grantKey(grant, release, kid) : null
      if (key) out.push(key)
    }
    return out
  }
}

/** Opens a checked envelope with the first of `keys` that opens it; the last refusal when none does. */
export function openWithAny(e: UnitEnvelope, keys: readonly Uint8Array[]): ReturnType<typeof openEnvelopeWith> {
  let last: ReturnType<typeof openEnvelopeWith> = { ok: false, reason: '加密信封的内容密钥无法解开' }
  for (const key of keys) {
    last = openEnvelopeWith(e, key)
    if (last.ok) return last
  }
  return last
}

const MAX_GRANTS = 200_000
/** A folder file's grants checked in one run: past this many refusals the rest of the file's grants is not read. */
const MAX_REFUSED_GRANTS = 1_000

export interface StoredGrants {
  added: number
  /** Grants not checked because this laptop has pinned no secretariat key yet (the file is read again later). */
  untrusted: number
}

/** The full fingerprints of this laptop's sync keys: the recipients of the grants it keeps. */
export function ownSyncKeys(db: Db, deviceKey: Uint8Array): Set<string> {
  return new Set([...loadSigners(db, deviceKey).values()].map((s) => publicKeyFingerprint(s.cert.key)))
}

/**
 * Keeps the grants of a folder file addressed to one of this laptop's sync keys (`mine`) that the secretariat key
 * pinned here signed (grant.ts `checkGrant`), to open envelopes with. Any other grant addressed here is refused with
 * a Chinese reason in the report and never stored, so a forged grant arriving first cannot take the place of the
 * real one (`sync_grants` keeps one per kid and recipient). Grants for other laptops are neither checked nor kept:
 * each comes to its recipient from the secretariat's own file (which the secretariat's laptop rewrites, grants
 * included, whenever it is missing or damaged).
 */
export function storeGrants(db: Db, mine: ReadonlySet<string>, grants: readonly FileGrant[], fileName: string, report: SyncReport): StoredGrants {
  const out: StoredGrants = { added: 0, untrusted: 0 }
  grants = grants.filter((g) => mine.has(g.fp))
  if (grants.length === 0) return out
  const pins = pinnedSecretariat(db)
  if (pins.length === 0) return { added: 0, untrusted: grants.length }
  const have = (prepare(db, 'SELECT COUNT(*) AS n FROM sync_grants').get() as { n: number }).n
  const known = prepare(db, 'SELECT body FROM sync_grants WHERE kid = ? AND fp = ?')
  const ins = prepare(db, 'INSERT INTO sync_grants (kid, fp, body) VALUES (?, ?, ?) ON CONFLICT (kid, fp) DO NOTHING')
  let refused = 0
  const refuse = (reason: string) => {
    refused++
    if (refused <= 3) report.issues.push({ level: 'warning', code: 'bad-grant', message: `「${fileName}」中的发放授权未采用：${reason}` })
  }
  // A bundle (one signed grant for several content keys) is on one row per key it carries: checked once per body.
  const checked = new Map<string, GrantCheck>()
  for (const g of grants.slice(0, Math.max(0, MAX_GRANTS - have))) {
    if (refused >= MAX_REFUSED_GRANTS) break
    const stored = known.get(g.kid, g.fp) as { body: string } | undefined
    if (stored?.body === g.body) continue // relayed back: checked when it was stored
    let check = checked.get(g.body)
    if (!check) {
      check = checkGrant(g.body, pins)
      checked.set(g.body, check)
    }
    if (!check.ok) refuse(check.reason)
    else if (!grantKids(check.grant).includes(g.kid) || check.grant.fp !== g.fp) refuse('发放授权与文件中记录的密钥编号或收件人不符')
    else if (!stored) out.added += ins.run(g.kid, g.fp, g.body).changes
  }
  if (refused > 3) report.issues.push({ level: 'warning', code: 'bad-grant', message: `「${fileName}」中另有 ${refused - 3} 个发放授权未采用` })
  return out
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
export function takeEnvelopes(db: Db, opener: Opener, envelopes: readonly FileEnvelope[], fileName: string, report: SyncReport, vv: VersionVector = readVv(db)): TakenEnvelopes {
  const out: TakenEnvelopes = { changes: [], refused: 0, untrusted: 0 }
  if (envelopes.length === 0) return out
  const trust = trustContext(db)
  const refuse = (reason: string) => {
    out.refused++
    if (out.refused <= 3) report.issues.push({ level: 'warning', code: 'bad-envelope', message: `「${fileName}」中的加密信封未采用：${reason}` })
  }
  for (const fe of envelopes) {
    const fresh = fe.to > vvGet(vv, fe.origin)
    if (!fresh && isStored(db, fe.origin, fe.from)) continue
    const check = checkEnvelope(fe.body, fe.ct)
    if (!check.ok) {
      refuse(check.reason)
      continue
    }
    const e = check.envelope
    if (e.origin !== fe.origin || e.from !== fe.from || e.to !== fe.to) {
      refuse('信封头与文件中记录的范围不符')
      continue
    }
    if (trust.pins.length > 0 && !(e.keys as readonly KeyEntry[]).some((k) => trustsSecretariat(trust.pins, k.fp))) {
      refuse('没有加密给本机确认的秘书处密钥')
      continue
    }
    const keys = opener.keysOf(e)
    if (keys.length === 0 && !signerTrusted(e.author, check.masterFingerprint, trust)) {
      out.untrusted++
      continue
    }
    if (!fresh) {
      storeEnvelope(db, e, fe.body, fe.ct) // kept to relay (this laptop had these seqs from elsewhere)
      continue
    }
    if (keys.length > 0) {
      const opened = openWithAny(e, keys)
      if (!opened.ok) {
        refuse(opened.reason)
        continue
      }
      out.changes.push(...opened.changes)
    } else out.changes.push(...envelopeStubs(e))
    storeEnvelope(db, e, fe.body, fe.ct)
  }
  if (out.refused > 3) report.issues.push({ level: 'warning', code: 'bad-envelope', message: `「${fileName}」中另有 ${out.refused - 3} 个加密信封未采用` })
  return out
}

/** Opens the kept envelopes whose seqs are still withheld stubs here (a key unlocked, a grant arrived) and applies them. */
export function openStoredEnvelopes(db: Db, deviceKey: Uint8Array, options: ApplyOptions = {}): ApplyResult | null {
  const opener = new Opener(db, deviceKey)
  const rows = prepare(
    db,
    "SELECT e.kid, e.origin, e.from_seq AS seq FROM sync_envelopes e JOIN change_log c ON c.origin = e.origin AND c.seq = e.from_seq WHERE c.status = 'withheld' ORDER BY e.origin, e.from_seq"
  ).all() as { kid: string; origin: string; seq: number }[]
  const changes: Change[] = []
  for (const r of rows) {
    if (!opener.mayOpen(r.kid)) continue
    const stored = storedEnvelope(db, r.origin, r.seq)
    const e = stored ? parseEnvelope(stored.body, stored.ct) : null
    if (!e) continue
    const opened = openWithAny(e, opener.keysOf(e))
    if (opened.ok) changes.push(...opened.changes)
  }
  return changes.length ? applyChanges(db, changes, options) : null
}
