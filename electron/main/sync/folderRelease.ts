/**
 * Release through the shared folder (issue 15, item 6): an expert sees the other experts' work on a project only
 * after their own submission for it is accepted — as the sync server does (server/scope.ts). On the secretariat's
 * laptop, while its key is unlocked, every folder sync writes *grants*: for each expert who has submitted a sheet for
 * a project they are assigned to and have not recused from, the content key of every other expert's scope of that
 * project (unitEnvelope.ts) wrapped to that expert's sync key(s). The grants travel in the folder files; the expert's
 * laptop opens the envelopes it kept as stubs (folderSealed.ts `openStoredEnvelopes`). Notes on documents (no
 * project) are never released. Each grant is signed by the secretariat's sync key (grant.ts), and every laptop
 * keeps only grants whose signature verifies against the secretariat key it pinned. The keys due to one recipient
 * sync key for one project go into one bundle (one SM2 signature, grant.ts `makeGrantBundle`), stored on one row per
 * content key. A re-reviewer the secretariat named for a 修改稿 (project_versions.reviewers) is also granted the
 * content key of the 组长's signing of the 专家组评审意见 of that project (scope 'O:', shared/sync/units.ts) — and no
 * other key of the original review.
 */
import { rowOwner } from '../../../shared/sync/ownership'
import type { Change } from '../../../shared/sync/change'
import { scopeKey } from '../../../shared/sync/units'
import { GRANT_MAX_KEYS, makeGrantBundle } from '../../../shared/sync/grant'
import { SECRETARIAT_AUTHOR } from '../../../shared/sync/ownership'
import { envelopeKeysSchema, type KeyEntry } from '../../../shared/sync/unitEnvelope'
import { fingerprintMatches, normalizeFingerprint, publicKeyFingerprint } from '../../../shared/signing/sm'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import { fingerprintsOf } from './apply'
import { releaseKeyFor, rememberedWrappings, unlockedKeys, unwrapKeyEntry } from './keyring'
import { loadSigners } from './signers'

/** Experts who may now see a project's other work: submitted, assigned, not recused. */
function releasedPairs(db: Db): { expert: string; project: string }[] {
  return prepare(
    db,
    `SELECT DISTINCT s.expert_id AS expert, s.project_id AS project FROM score_sheets s
     JOIN assignments a ON a.project_id = s.project_id AND a.expert_id = s.expert_id AND a.deleted = 0
     WHERE s.signed_payload IS NOT NULL AND s.deleted = 0
       AND NOT EXISTS (SELECT 1 FROM declarations d WHERE d.project_id = s.project_id AND d.expert_id = s.expert_id AND d.kind = 'recuse')`
  ).all() as { expert: string; project: string }[]
}

/** Per project, the re-reviewers the secretariat named for any of its 修改稿 versions. */
function namedReviewers(db: Db): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const r of prepare(db, "SELECT project_id AS project, reviewers FROM project_versions WHERE deleted = 0 AND reviewers <> '[]'").all() as { project: string; reviewers: string }[]) {
    let ids: unknown
    try {
      ids = JSON.parse(r.reviewers)
    } catch {
      continue
    }
    if (!Array.isArray(ids)) continue
    out.set(r.project, [...new Set([...(out.get(r.project) ?? []), ...ids.slice(0, 200).filter((x): x is string => typeof x === 'string')])])
  }
  return out
}

/** Whether a kept envelope holds only the 组长's signing of a 专家组评审意见 (scope 'O:…'), read from the opened log. */
function isSignedOpinionEnvelope(db: Db, rowid: number): boolean {
  const e = prepare(db, 'SELECT origin, from_seq AS fromSeq, to_seq AS toSeq FROM sync_envelopes WHERE rowid = ?').get(rowid) as { origin: string; fromSeq: number; toSeq: number } | undefined
  if (!e || e.toSeq - e.fromSeq > 4_000) return false
  const rows = prepare(db, "SELECT tx, tbl, row_id AS rowId, col, value, status FROM change_log WHERE origin = ? AND seq BETWEEN ? AND ? ORDER BY seq").all(e.origin, e.fromSeq, e.toSeq) as { tx: number; tbl: string; rowId: string; col: string; value: string; status: string }[]
  if (rows.length === 0 || rows.some((r) => r.status === 'withheld')) return false
  const txs = new Map<number, Change[]>()
  for (const r of rows) txs.set(r.tx, [...(txs.get(r.tx) ?? []), { tbl: r.tbl, rowId: r.rowId, col: r.col, value: r.value } as Change])
  return [...txs.values()].every((tx) => /^O:[^|]+$/.test(scopeKey(tx)))
}

/** The sync keys (public) of an expert's laptops, from their accepted units, certified by a registered master key. */
function syncKeysOf(db: Db, expertId: string, registered: readonly string[]): string[] {
  const rows = prepare(
    db,
    "SELECT DISTINCT json_extract(seal, '$.cert.key') AS k, json_extract(seal, '$.cert.master') AS m FROM change_log WHERE author = ? AND seal IS NOT NULL AND status = 'applied'"
  ).all(expertId) as { k: unknown; m: unknown }[]
  return rows
    .filter((r) => typeof r.k === 'string' && typeof r.m === 'string' && /^04[0-9a-f]{128}$/.test(r.k))
    .filter((r) => registered.some((f) => normalizeFingerprint(f) !== '' && fingerprintMatches(normalizeFingerprint(f), publicKeyFingerprint(r.m as string))))
    .map((r) => r.k as string)
}

/**
 * The wrapped content keys of a kept envelope (checked whole when it was stored): its JSON parsed as the check
 * parsed it, and only `keys` checked again, not the ciphertext's hex (most of the body). Null when unreadable.
 */
function envelopeWrappings(db: Db, rowid: number): KeyEntry[] | null {
  const row = prepare(db, 'SELECT body FROM sync_envelopes WHERE rowid = ?').get(rowid) as { body: string } | undefined
  try {
    const parsed = envelopeKeysSchema.safeParse((JSON.parse(row?.body ?? '') as { keys?: unknown } | null)?.keys)
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/**
 * Writes the grants due now, signed by this laptop's secretariat sync key (none when the secretariat's key is not
 * unlocked here, or its sync key was not certified by an unlocked key). Returns how many were made.
 */
export function releaseGrants(db: Db, deviceKey: Uint8Array): number {
  const keys = unlockedKeys(db)
  if (keys.length === 0) return 0
  const signer = loadSigners(db, deviceKey).get(SECRETARIAT_AUTHOR)
  if (!signer || !keys.some((k) => k.publicKey === signer.cert.master)) return 0
  const pairs = releasedPairs(db)
  const named = namedReviewers(db)
  if (pairs.length === 0 && named.size === 0) return 0
  const byProject = new Map<string, string[]>()
  for (const p of pairs) byProject.set(p.project, [...(byProject.get(p.project) ?? []), p.expert])
  // Each content key's scope, from the first change of one of its envelopes (this laptop opened it). The envelope's
  // body is read only when a grant is due, and then only its wrappings are taken from it (not its ciphertext).
  const kids = prepare(
    db,
    "SELECT e.kid AS kid, MIN(e.rowid) AS envelope, c.tbl AS tbl, c.row_id AS rowId FROM sync_envelopes e JOIN change_log c ON c.origin = e.origin AND c.seq = e.from_seq WHERE c.status <> 'withheld' GROUP BY e.kid"
  ).all() as { kid: string; envelope: number; tbl: string; rowId: string }[]
  const fps = fingerprintsOf(db)
  const recipients = new Map<string, string[]>()
  const has = prepare(db, 'SELECT 1 FROM sync_grants WHERE kid = ? AND fp = ?')
  // The content keys due per recipient sync key and project, unwrapped once each.
  const due = new Map<string, { pub: string; keys: { kid: string; key: Uint8Array }[] }>()
  for (const k of kids) {
    const owner = rowOwner(k.tbl, k.rowId)
    if (owner?.kind !== 'expert' || !owner.projectId) continue
    const rereviewers = k.tbl === 'panel_opinions' && named.has(owner.projectId) && isSignedOpinionEnvelope(db, k.envelope) ? (named.get(owner.projectId) as string[]) : []
    const experts = [...new Set([...(byProject.get(owner.projectId) ?? []), ...rereviewers])].filter((x) => x !== owner.expertId)
    let key: Uint8Array | null | undefined
    for (const x of experts) {
      if (!recipients.has(x)) recipients.set(x, syncKeysOf(db, x, fps(x)))
      for (const pub of recipients.get(x) as string[]) {
        const fp = publicKeyFingerprint(pub)
        if (has.get(k.kid, fp)) continue
        if (key === undefined) {
          const wrappings = rememberedWrappings(db, k.envelope, k.kid) ?? envelopeWrappings(db, k.envelope)
          const entry = wrappings && keys.map((u) => ({ u, w: wrappings.find((w) => w.fp === u.fingerprint) })).find((x) => x.w)
          key = entry?.w ? unwrapKeyEntry(db, entry.w, entry.u) : null
        }
        if (!key) break
        const slot = `${fp}\u001f${owner.projectId}`
        const list = due.get(slot) ?? { pub, keys: [] }
        list.keys.push({ kid: k.kid, key })
        due.set(slot, list)
      }
    }
  }
  const ins = prepare(db, 'INSERT INTO sync_grants (kid, fp, body) VALUES (?, ?, ?) ON CONFLICT (kid, fp) DO NOTHING')
  let made = 0
  db.sqlite.transaction(() => {
    for (const { pub, keys: list } of due.values()) {
      for (let i = 0; i < list.length; i += GRANT_MAX_KEYS) {
        const bundle = makeGrantBundle(list.slice(i, i + GRANT_MAX_KEYS), releaseKeyFor(db, pub), signer)
        const body = JSON.stringify(bundle)
        for (const k of bundle.keys) made += ins.run(k.kid, bundle.fp, body).changes
      }
    }
  })()
  return made
}
