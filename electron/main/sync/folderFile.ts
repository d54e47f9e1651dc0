/**
 * One device's file in a sync folder: `<origin>.sqlite`, a small SQLite database (rollback journal, never WAL:
 * it lives on USB sticks and network shares) holding a header and the device's whole log. Written as a local
 * temporary file, copied next to its final name, fsynced, then renamed; read as a local copy that must pass
 * quick_check and match its header's digest before anything in it is used.
 *
 * Format 3 (issue 15, item 6): experts' sealed units are not in `changes` but in `envelopes`, encrypted
 * (shared/sync/unitEnvelope.ts); the digest covers both. Format 4: each envelope row also holds the SHA-256 of its
 * body, and the file digest covers those hashes instead of the bodies, so a reader checks the whole file without
 * reading the bodies of envelopes it already holds (most of a relayed file), and checks each body it does read
 * against its hash. Format 5 (2026-12-07): the same tables, and its grants are signed by the secretariat
 * (shared/sync/grant.ts); a reader refuses the unsigned grants of a format 4 file (reported) and reads the rest of
 * it. Format 6 (2026-12-07): an envelope row also has `ct`, the ciphertext of a version 2 envelope as bytes (its
 * `body` is then the header alone; NULL for a relayed version 1 envelope), and the row's hash covers both
 * (`bodyHash`). Files of formats 5, 4, 3 and 2 (no envelopes) are still read.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { Change } from '../../../shared/sync/change'
import type { VersionVector } from '../../../shared/sync/vv'

export const FOLDER_FORMAT = 'paneldesk.sync/6'
const FORMAT_5 = 'paneldesk.sync/5'
const FORMAT_4 = 'paneldesk.sync/4'
const FORMAT_3 = 'paneldesk.sync/3'
const FORMAT_2 = 'paneldesk.sync/2'
const READABLE_FORMATS = new Set([FOLDER_FORMAT, FORMAT_5, FORMAT_4, FORMAT_3, FORMAT_2])

/**
 * An envelope as a folder file carries it: the origin and seq range it covers, its JSON text and (version 2, format 6)
 * its ciphertext as bytes.
 */
export interface FileEnvelope {
  origin: string
  from: number
  to: number
  body: string
  ct: Uint8Array | null
}

/**
 * An envelope as this device writes it: its body as text (made here) or as the UTF-8 bytes it was kept as
 * (`sync_envelopes.body` read as a BLOB: a relayed envelope is copied, never decoded into a string and back).
 */
export interface OutEnvelope {
  origin: string
  from: number
  to: number
  body: string | Uint8Array
  /** A version 2 envelope's ciphertext (null or absent: a version 1 envelope, all in `body`). */
  ct?: Uint8Array | null
}

/** What this device writes besides the plaintext changes. */
export interface OutSealed {
  envelopes: readonly OutEnvelope[]
  grants: readonly FileGrant[]
}

/** A release grant as a folder file carries it (unitEnvelope.ts `Grant`). */
export interface FileGrant {
  kid: string
  fp: string
  body: string
}

/** What a folder file carries besides the plaintext changes. */
export interface FileSealed {
  envelopes: FileEnvelope[]
  grants: FileGrant[]
}
export const FILE_RE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.sqlite$/

export interface FolderHeader {
  format: string
  origin: string
  meetingId: string
  maxSeq: number
  count: number
  vv: VersionVector
  digest: string
  schemaVersion: number
  writtenAt: string
  /** Per origin, how many of its changes the writer holds as stamped too far ahead (that device's clock is wrong). */
  heldFuture?: Record<string, number>
  /** How many envelopes and grants (format 3). */
  envelopes?: number
  grants?: number
}

function lineOf(c: Change): string {
  return [c.origin, c.seq, c.tx, c.txEnd, c.hlc, c.author, c.tbl, c.rowId, c.col, c.value, c.seal ?? ''].join('\u001f') + '\u001e'
}

/**
 * SHA-256 of an envelope's body — of its UTF-8 bytes, whether given as text or as those bytes — followed, for a
 * version 2 envelope, by a zero byte and its ciphertext (JSON text holds no zero byte, so the split is unambiguous).
 */
export function bodyHash(body: string | Uint8Array, ct: Uint8Array | null = null): string {
  const h = crypto.createHash('sha256').update(body)
  if (ct) h.update(ZERO).update(ct)
  return h.digest('hex')
}
const ZERO = new Uint8Array(1)

const bodyText = (body: string | Uint8Array): string => (typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'))

/** The file digest; an envelope is covered by its body (format 3) or by the body's SHA-256 (format 4, `sha`). */
export function digestOf(changes: readonly Change[], sealed: OutSealed = { envelopes: [], grants: [] }, shas?: readonly string[]): string {
  const h = crypto.createHash('sha256')
  for (const c of changes) h.update(lineOf(c))
  sealed.envelopes.forEach((e, i) => h.update(`${e.origin}\u001f${e.from}\u001f${e.to}\u001f${shas ? shas[i] : bodyText(e.body)}\u001d`))
  for (const g of sealed.grants) h.update(`${g.kid}\u001f${g.fp}\u001f${g.body}\u001c`)
  return h.digest('hex')
}

function fsyncPath(p: string, flags: string): void {
  if (process.platform === 'win32' && flags === 'r' && fs.statSync(p).isDirectory()) return
  const fd = fs.openSync(p, flags)
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** Writes `changes` (sorted by origin, seq), envelopes and grants as this device's file in `folder`. */
export function writeFolderFile(
  folder: string,
  tmpDir: string,
  header: Omit<FolderHeader, 'digest' | 'count' | 'format' | 'writtenAt' | 'envelopes' | 'grants'>,
  changes: readonly Change[],
  sealed: OutSealed = { envelopes: [], grants: [] }
): string {
  fs.mkdirSync(tmpDir, { recursive: true })
  // Grants in the order a reader gets them back (by kid, then recipient: lowercase hex, the same in SQLite and here).
  const byKey = (g: FileGrant) => `${g.kid}\u001f${g.fp}`
  sealed = { envelopes: sealed.envelopes, grants: [...sealed.grants].sort((a, b) => (byKey(a) < byKey(b) ? -1 : byKey(a) > byKey(b) ? 1 : 0)) }
  const local = path.join(tmpDir, `export-${crypto.randomBytes(6).toString('hex')}.sqlite`)
  const db = new BetterSqlite3(local)
  try {
    db.pragma('journal_mode = DELETE')
    db.pragma('synchronous = OFF') // a local scratch copy; the copy in the folder is fsynced below
    db.exec(`CREATE TABLE header (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE changes (origin TEXT NOT NULL, seq INTEGER NOT NULL, tx INTEGER NOT NULL, tx_end INTEGER NOT NULL, hlc TEXT NOT NULL,
        author TEXT NOT NULL, tbl TEXT NOT NULL, row_id TEXT NOT NULL, col TEXT NOT NULL, value TEXT NOT NULL, seal TEXT, PRIMARY KEY (origin, seq)) STRICT;
      CREATE TABLE envelopes (origin TEXT NOT NULL, from_seq INTEGER NOT NULL, to_seq INTEGER NOT NULL, sha TEXT NOT NULL, body TEXT NOT NULL, ct BLOB, PRIMARY KEY (origin, from_seq)) STRICT;
      CREATE TABLE grants (kid TEXT NOT NULL, fp TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kid, fp)) STRICT;`)
    const shas = sealed.envelopes.map((e) => bodyHash(e.body, e.ct ?? null))
    const full: FolderHeader = {
      ...header,
      format: FOLDER_FORMAT,
      count: changes.length,
      envelopes: sealed.envelopes.length,
      grants: sealed.grants.length,
      digest: digestOf(changes, sealed, shas),
      writtenAt: new Date().toISOString()
    }
    db.transaction(() => {
      const h = db.prepare('INSERT INTO header (key, value) VALUES (?, ?)')
      for (const [k, v] of Object.entries(full)) h.run(k, JSON.stringify(v))
      const ins = db.prepare('INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      for (const c of changes) ins.run(c.origin, c.seq, c.tx, c.txEnd, c.hlc, c.author, c.tbl, c.rowId, c.col, c.value, c.seal ?? null)
      // A body given as bytes is stored as the text they encode (UTF-8, the file's encoding), byte for byte.
      const env = db.prepare('INSERT INTO envelopes VALUES (?, ?, ?, ?, CAST(? AS TEXT), ?)')
      sealed.envelopes.forEach((e, i) => env.run(e.origin, e.from, e.to, shas[i], e.body, e.ct ?? null))
      const grant = db.prepare('INSERT INTO grants VALUES (?, ?, ?)')
      for (const g of sealed.grants) grant.run(g.kid, g.fp, g.body)
    })()
  } finally {
    db.close()
  }
  const target = path.join(folder, `${header.origin}.sqlite`)
  const tmp = path.join(folder, `.${header.origin}.sqlite.${crypto.randomBytes(4).toString('hex')}.tmp`)
  try {
    fs.copyFileSync(local, tmp)
    fsyncPath(tmp, 'r+')
    fs.renameSync(tmp, target)
    fsyncPath(folder, 'r')
  } finally {
    fs.rmSync(tmp, { force: true })
    fs.rmSync(local, { force: true })
  }
  return target
}

/** The bodies of the wanted envelope rows, each checked against its hash; null when one does not match. */
function wantedBodies(db: BetterSqlite3.Database, rows: readonly (FileEnvelope & { sha: string })[], withCt: boolean, want?: WantEnvelope): FileEnvelope[] | null {
  const get = db.prepare(`SELECT body, ${withCt ? 'ct' : 'NULL AS ct'} FROM envelopes WHERE origin = ? AND from_seq = ?`)
  const out: FileEnvelope[] = []
  for (const r of rows) {
    if (want && !want(r)) continue
    const row = get.get(r.origin, r.from) as { body: unknown; ct: unknown } | undefined
    const ct = row?.ct === null ? null : row?.ct instanceof Uint8Array ? row.ct : undefined
    if (typeof row?.body !== 'string' || ct === undefined || bodyHash(row.body, ct) !== r.sha) return null
    out.push({ origin: r.origin, from: r.from, to: r.to, body: row.body, ct })
  }
  return out
}

export type ReadProblem = { kind: 'damaged' | 'foreign' | 'other-meeting' | 'name-mismatch'; detail: string }

export interface ReadFolderFile extends FileSealed {
  header: FolderHeader
  changes: Change[]
}

/** Which envelopes a reader wants the bodies of (format 4); the others are left out of the result unread. */
export type WantEnvelope = (e: { origin: string; from: number; to: number }) => boolean

/**
 * Copies a folder file locally and checks it; returns its header, its changes, its grants and the envelopes `want`
 * accepts (all when not given), or the problem.
 */
export function readFolderFile(file: string, tmpDir: string, expect: { origin: string; meetingId: string }, want?: WantEnvelope): ReadFolderFile | ReadProblem {
  fs.mkdirSync(tmpDir, { recursive: true })
  const local = path.join(tmpDir, `import-${crypto.randomBytes(6).toString('hex')}.sqlite`)
  try {
    fs.copyFileSync(file, local)
    let db: BetterSqlite3.Database
    try {
      db = new BetterSqlite3(local, { readonly: true, fileMustExist: true })
    } catch (err) {
      return { kind: 'damaged', detail: err instanceof Error ? err.message : String(err) }
    }
    try {
      const qc = (db.pragma('quick_check(3)') as { quick_check: string }[]).map((r) => r.quick_check).filter((m) => m !== 'ok')
      if (qc.length) return { kind: 'damaged', detail: qc.join('; ') }
      const rows = db.prepare('SELECT key, value FROM header').all() as { key: string; value: string }[]
      const h: Record<string, unknown> = {}
      for (const r of rows) h[r.key] = JSON.parse(r.value) as unknown
      const header = h as unknown as FolderHeader
      if (!READABLE_FORMATS.has(header.format)) return { kind: 'foreign', detail: `不是评审台同步文件（格式 ${String(header.format)}）` }
      if (header.origin !== expect.origin) return { kind: 'name-mismatch', detail: '文件名与文件内的设备标识不符' }
      if (expect.meetingId && header.meetingId && header.meetingId !== expect.meetingId) {
        return { kind: 'other-meeting', detail: `文件属于另一个会议（${header.meetingId}）` }
      }
      const logRows = db.prepare('SELECT origin, seq, tx, tx_end AS txEnd, hlc, author, tbl, row_id AS rowId, col, value, seal FROM changes ORDER BY origin, seq').all() as (Change & { seal: string | null })[]
      const changes: Change[] = logRows.map(({ seal, ...c }) => (seal ? { ...c, seal } : c))
      const v4 = header.format === FOLDER_FORMAT || header.format === FORMAT_5 || header.format === FORMAT_4
      const sealed: FileSealed = {
        envelopes: v4 ? [] : header.format === FORMAT_3 ? (db.prepare('SELECT origin, from_seq AS "from", to_seq AS "to", body, NULL AS ct FROM envelopes ORDER BY origin, from_seq').all() as FileEnvelope[]) : [],
        grants: header.format === FORMAT_2 ? [] : (db.prepare('SELECT kid, fp, body FROM grants ORDER BY kid, fp').all() as FileGrant[])
      }
      const envRows = v4 ? (db.prepare('SELECT origin, from_seq AS "from", to_seq AS "to", sha, \'\' AS body, NULL AS ct FROM envelopes ORDER BY origin, from_seq').all() as (FileEnvelope & { sha: string })[]) : []
      if (v4) sealed.envelopes = envRows
      const counts = sealed.envelopes.length === (header.envelopes ?? 0) && sealed.grants.length === (header.grants ?? 0)
      if (changes.length !== header.count || !counts || digestOf(changes, sealed, v4 ? envRows.map((r) => r.sha) : undefined) !== header.digest) {
        return { kind: 'damaged', detail: '内容与文件头的校验值不符' }
      }
      const wanted = v4 ? wantedBodies(db, envRows, header.format === FOLDER_FORMAT, want) : want ? sealed.envelopes.filter(want) : sealed.envelopes
      if (!wanted) return { kind: 'damaged', detail: '加密信封与其校验值不符' }
      sealed.envelopes = wanted
      return { header, changes, ...sealed }
    } catch (err) {
      return { kind: 'damaged', detail: err instanceof Error ? err.message : String(err) }
    } finally {
      db.close()
    }
  } catch (err) {
    return { kind: 'damaged', detail: err instanceof Error ? err.message : String(err) }
  } finally {
    fs.rmSync(local, { force: true })
  }
}
