/**
 * Verifying stored signed sheets once (issue 7, merge speed). Checking a 2,000-line sheet's SM2 signature costs
 * ≈ 20 ms (re-canonicalising, SM3, SM2), so a restarted app merging 180 such sheets spent ~4 s re-verifying what
 * it had verified before. The verdict of each check is kept in the local table `signature_verdicts`
 * (migration 0006, never replicated) under a key made of everything it depends on:
 *
 *   (sheet id, SHA-256 of the exact stored signed_payload text, registered fingerprint or '', VERIFIER_VERSION)
 *
 * Any change to the stored text (one byte of content, digest, signature, key, signer, time), to the registered
 * fingerprint or to the verification rules is a different key, so it is verified afresh; a remembered verdict is
 * only ever reused for the very text it was computed on. The in-memory memo (documents/verifyCache.ts) stays in
 * front of the table for the polling board.
 *
 * The table lives in the same database as the registered fingerprints and the sheets themselves: whoever can write
 * a verdict row could equally register another key, so the table adds no new way in. Sync never touches it.
 * When the table is missing (a database not yet migrated) or read-only, every sheet is simply verified.
 */
import { createHash } from 'node:crypto'
import type { SignedPayload } from '../../../shared/signing/types'
import type { VerifyResult } from '../../../shared/signing/envelope'
import type { Db } from '../db/connection'
import { rememberVerdict, verifySignedPayloadCached } from '../documents/verifyCache'

/** Bump whenever verifySignedPayload's rules change: every remembered verdict is then recomputed. */
export const VERIFIER_VERSION = 1

export interface StoredPayload {
  sheetId: string
  /** The score_sheets.signed_payload text exactly as stored. */
  text: string | null
  /** The fingerprint registered for the signer; '' when none (verified for integrity only). */
  registeredFingerprint: string
}

export type StoredPayloadResult = { payload: null; parseError: true } | { payload: SignedPayload; parseError: false; result: VerifyResult; fromStore: boolean }

interface VerdictRow {
  sheet_id: string
  payload_sha256: string
  registered_fingerprint: string
  status: VerifyResult['status']
  reason: string
}

const available = new WeakMap<Db, boolean>()

function hasTable(db: Db): boolean {
  let ok = available.get(db)
  if (ok === undefined) {
    try {
      ok = db.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'signature_verdicts'").get() !== undefined
    } catch {
      ok = false
    }
    available.set(db, ok)
  }
  return ok
}

function parse(text: string | null): SignedPayload | null {
  if (!text) return null
  try {
    const v: unknown = JSON.parse(text)
    return typeof v === 'object' && v !== null ? (v as SignedPayload) : null
  } catch {
    return null
  }
}

const keyOf = (sheetId: string, sha: string, fp: string): string => `${sheetId}\u0000${sha}\u0000${fp}`

function loadVerdicts(db: Db, sheetIds: string[]): Map<string, VerifyResult> {
  const out = new Map<string, VerifyResult>()
  const unique = [...new Set(sheetIds)]
  for (let i = 0; i < unique.length; i += 400) {
    const chunk = unique.slice(i, i + 400)
    const rows = db.sqlite
      .prepare(
        `SELECT sheet_id, payload_sha256, registered_fingerprint, status, reason FROM signature_verdicts WHERE verifier = ? AND sheet_id IN (${chunk.map(() => '?').join(',')})`
      )
      .all(VERIFIER_VERSION, ...chunk) as VerdictRow[]
    for (const r of rows) {
      const result: VerifyResult = r.status === 'valid' ? { status: 'valid' } : { status: r.status, reason: r.reason }
      out.set(keyOf(r.sheet_id, r.payload_sha256, r.registered_fingerprint), result)
    }
  }
  return out
}

type NewVerdict = { sheetId: string; sha: string; fp: string; result: VerifyResult }

/**
 * Verdicts found through a snapshot reader (db/connection.ts openSnapshotReader: a read-only connection holding
 * one read transaction) are kept until the reader's work is done, then saved through the connection it was opened
 * from in one transaction (flushVerdicts): one synchronous commit for the export, not one per project.
 */
const pending = new WeakMap<Db, { writer: Db; rows: NewVerdict[] }>()

export function saveVerdictsThrough(reader: Db, writer: Db): void {
  pending.set(reader, { writer, rows: [] })
}

/** Saves the verdicts kept for a snapshot reader (see saveVerdictsThrough). */
export function flushVerdicts(reader: Db): void {
  const p = pending.get(reader)
  if (!p) return
  saveVerdicts(p.writer, p.rows.splice(0))
}

function saveVerdicts(db: Db, rows: NewVerdict[]): void {
  if (rows.length === 0) return
  const kept = pending.get(db)
  if (kept) {
    kept.rows.push(...rows)
    return
  }
  const now = new Date().toISOString()
  try {
    const del = db.sqlite.prepare('DELETE FROM signature_verdicts WHERE sheet_id = ? AND payload_sha256 <> ?')
    const ins = db.sqlite.prepare(
      'INSERT OR REPLACE INTO signature_verdicts (sheet_id, payload_sha256, registered_fingerprint, verifier, status, reason, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
    )
    db.sqlite.transaction(() => {
      for (const r of rows) {
        // A sheet row's payload only changes when it is replaced: the verdicts of its older texts are of no use.
        del.run(r.sheetId, r.sha)
        ins.run(r.sheetId, r.sha, r.fp, VERIFIER_VERSION, r.result.status, r.result.status === 'valid' ? '' : r.result.reason, now)
      }
    })()
  } catch {
    // A read-only or busy database: the verdicts are simply computed again next time.
  }
}

/**
 * While `sharingStoredPayloads` runs, each stored text is parsed and verified once: gathering a project for the
 * documents and the board's collection the panel opinion is checked against read the same sheets (issue 10,
 * speed). A result is shared only for the same sheet, the very same text and the same registered fingerprint;
 * the results are dropped when the call ends (no texts kept between gatherings).
 */
let sharing: Map<string, { text: string; fp: string; result: StoredPayloadResult }> | null = null
/** The connection the shared texts were read through (a text is handed on only to a reader of the same one). */
let sharingDb: Db | null = null

export function sharingStoredPayloads<T>(db: Db, fn: () => T): T {
  if (sharing) return fn()
  sharing = new Map()
  sharingDb = db
  try {
    return fn()
  } finally {
    sharing = null
    sharingDb = null
  }
}

/**
 * The stored text of a sheet already read through `db` during this `sharingStoredPayloads` call, or undefined.
 * The call is synchronous, so nothing can change the row between the two reads; a reader of the same sheet is
 * spared reading (and decoding) hundreds of KB again.
 */
export function sharedStoredText(db: Db, sheetId: string): string | undefined {
  return sharing && sharingDb === db ? sharing.get(sheetId)?.text : undefined
}

/**
 * Parses and verifies stored signed payloads, reusing a remembered verdict for exactly the same stored text,
 * sheet and registered fingerprint; new verdicts are remembered (one transaction for the batch).
 */
export function verifyStoredPayloads(db: Db, items: StoredPayload[]): StoredPayloadResult[] {
  const useStore = hasTable(db)
  let known = new Map<string, VerifyResult>()
  if (useStore) {
    try {
      known = loadVerdicts(db, items.filter((x) => x.text).map((x) => x.sheetId))
    } catch {
      known = new Map()
    }
  }
  const fresh: NewVerdict[] = []
  const out = items.map((item): StoredPayloadResult => {
    const share = sharingDb === db ? sharing : null
    const seen = share?.get(item.sheetId)
    if (seen && item.text !== null && seen.text === item.text && seen.fp === item.registeredFingerprint) return seen.result
    const result = check(item)
    if (share && item.text !== null) share.set(item.sheetId, { text: item.text, fp: item.registeredFingerprint, result })
    return result
  })
  if (useStore) saveVerdicts(db, fresh)
  return out

  function check(item: StoredPayload): StoredPayloadResult {
    const payload = parse(item.text)
    if (!payload) return { payload: null, parseError: true }
    const fp = item.registeredFingerprint
    const sha = useStore ? createHash('sha256').update(item.text ?? '', 'utf8').digest('hex') : ''
    const remembered = useStore ? known.get(keyOf(item.sheetId, sha, fp)) : undefined
    if (remembered) {
      // The builders verify their input again through the memo: let them find this verdict there.
      rememberVerdict(payload, fp ? { registeredFingerprint: fp } : undefined, remembered)
      return { payload, parseError: false, result: remembered, fromStore: true }
    }
    const result = verifySignedPayloadCached(payload, fp ? { registeredFingerprint: fp } : undefined)
    if (useStore) fresh.push({ sheetId: item.sheetId, sha, fp, result })
    return { payload, parseError: false, result, fromStore: false }
  }
}

/** Forgets every remembered verdict of this database (tests and benchmarks that want a first-ever check). */
export function clearStoredVerdicts(db: Db): void {
  if (hasTable(db)) db.sqlite.prepare('DELETE FROM signature_verdicts').run()
}
