/**
 * The shared-folder transport (USB stick, network share, synced cloud folder). Each device writes only its own
 * `<origin>.sqlite` there and reads the others' files as checked local copies: a torn or truncated file, a cloud
 * client's "conflicted copy", a file of another meeting are reported and skipped; nothing in them is used.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { SyncReport } from '../../../shared/sync/report'
import { CLOCK_WARN_MS } from '../../../shared/sync/verdict'
import { formatMinutes } from '../../../shared/sync/report'
import { vvGet, vvEqual } from '../../../shared/sync/vv'
import type { Change } from '../../../shared/sync/change'
import { SECRETARIAT_AUTHOR } from '../../../shared/sync/ownership'
import { BlobStore } from '../blobs/store'
import type { Db } from '../db/connection'
import { readDevice } from '../db/device'
import { prepare } from '../db/query'
import { applyChanges, reconsiderPending, type ApplyOptions } from './apply'
import { FILE_RE, readFolderFile, writeFolderFile } from './folderFile'
import { userPathProblem } from '../paths/userPath'
import { readVv } from './log'
import { exportForFolder, isStored, openStoredEnvelopes, Opener, ownSyncKeys, storeGrants, takeEnvelopes } from './folderSealed'
import { releaseGrants } from './folderRelease'
import { addResult, authorName } from './reportIssues'
import { sealForSync } from './signers'
import { aheadIssue, heldAsFuture, futureClockNotice } from './clock'
import { deviceKey } from '../services/deviceSecret'
import { copyBlobsToFolder, copyBlobsFromFolder } from './folderBlobs'
import { cleanTempFiles, fileStamp, FolderNotices } from './folderHygiene'

export interface FolderSyncOptions extends ApplyOptions {
  folder: string
  meetingId: string
  dataDir: string
  schemaVersion: number
  onProgress?: (done: number, total: number) => void
}

export const APPLY_CHUNK = 20_000

/**
 * The origins that carry secretariat changes first, each origin's changes kept in their order. The charter (the
 * roster with each expert's registered fingerprint) is then known when the experts' units are judged; otherwise an
 * expert's unit judged before it is held, logged, read back and judged again once the roster is accepted (the
 * verdicts are the same in any order of origins: heldOrder.test.ts). Nothing else changes.
 */
export function charterFirst(changes: readonly Change[]): readonly Change[] {
  const first = new Set<string>()
  const all = new Set<string>()
  for (const c of changes) {
    all.add(c.origin)
    if (c.author === SECRETARIAT_AUTHOR) first.add(c.origin)
  }
  if (first.size === 0 || first.size === all.size) return changes
  return [...changes.filter((c) => first.has(c.origin)), ...changes.filter((c) => !first.has(c.origin))]
}

/**
 * Applies changes in chunks cut at sealed-unit boundaries (each chunk one SQLite transaction; a unit is taken whole),
 * the origins carrying the secretariat's changes first (`charterFirst`).
 */
export function applyInChunks(db: Db, input: readonly Change[], options: ApplyOptions, onChunk?: (done: number) => void) {
  const changes = charterFirst(input)
  const results = []
  let i = 0
  while (i < changes.length) {
    let j = Math.min(i + APPLY_CHUNK, changes.length)
    while (j < changes.length && !(changes[j - 1] as Change).seal && (changes[j] as Change).origin === (changes[j - 1] as Change).origin) j++
    results.push(applyChanges(db, changes.slice(i, j), options))
    i = j
    onChunk?.(i)
  }
  return results
}

function isConflictedCopy(name: string): boolean {
  return /\.sqlite$/i.test(name) && !FILE_RE.test(name) && !name.startsWith('.')
}

function stampOf(file: string): string {
  const st = fs.statSync(file)
  return `${st.size}:${st.mtimeMs}`
}

function sourceStamp(db: Db, source: string): string | undefined {
  return (prepare(db, 'SELECT stamp FROM sync_sources WHERE source = ?').get(source) as { stamp: string } | undefined)?.stamp
}

function setSourceStamp(db: Db, source: string, stamp: string): void {
  prepare(db, 'INSERT INTO sync_sources (source, stamp) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET stamp = excluded.stamp').run(source, stamp)
}

/** Reads the other devices' files, then writes this device's own file (so it relays what it just learnt). */
export function syncFolder(db: Db, o: FolderSyncOptions, report: SyncReport): void {
  // A folder stored before paths were checked (or edited in the database) is checked again before any fs call.
  const refused = userPathProblem(o.folder, '同步文件夹')
  if (refused) {
    report.ok = false
    report.issues.push({ level: 'error', code: 'bad-folder', message: refused })
    return
  }
  if (!fs.existsSync(o.folder) || !fs.statSync(o.folder).isDirectory()) {
    report.ok = false
    report.issues.push({ level: 'error', code: 'no-folder', message: `找不到同步文件夹「${o.folder}」（U 盘或网络盘可能未连接）` })
    return
  }
  const tmpDir = path.join(o.dataDir, 'sync-tmp')
  const now = o.now ?? Date.now
  const recovered = futureClockNotice(db, now())
  if (recovered) report.issues.push(recovered)
  addResult(db, report, reconsiderPending(db, o))
  const secret = deviceKey(o.dataDir)
  const opened = openStoredEnvelopes(db, secret, o)
  if (opened) addResult(db, report, opened)
  sealForSync(db, deviceKey(o.dataDir), report, (a) => authorName(db, a))
  const me = readDevice(db).origin
  // Stray files are reported once per version (folderHygiene.ts); temp files of interrupted writes are removed.
  const notices = new FolderNotices(db, o.folder)
  cleanTempFiles(o.folder, tmpDir, report)
  const names = fs.readdirSync(o.folder).sort()
  const candidates = names.filter((n) => FILE_RE.test(n) && n !== `${me}.sqlite`)
  for (const name of names) {
    const stamp = isConflictedCopy(name) ? fileStamp(path.join(o.folder, name)) : null
    if (stamp) {
      notices.report(report, name, stamp, { level: 'warning', code: 'conflicted-copy', message: `同步文件夹中的「${name}」不是评审台写出的文件名（可能是网盘生成的冲突副本），已忽略` })
    }
  }
  let done = 0
  let grantsIn = 0
  const opener = new Opener(db, secret)
  const mySyncKeys = ownSyncKeys(db, secret)
  for (const name of candidates) {
    const file = path.join(o.folder, name)
    const source = `${o.folder}\u0000${name}`
    let stamp: string
    try {
      stamp = stampOf(file)
    } catch {
      continue
    }
    if (sourceStamp(db, source) === stamp) continue
    if (notices.reported(name, stamp)) {
      notices.keep(name, stamp) // the same damaged or foreign file as last time: reported then, not read again
      continue
    }
    const origin = (FILE_RE.exec(name) as RegExpExecArray)[1] as string
    const vv = readVv(db)
    // Envelopes held here already (most of a relayed file) are checked by the file digest, their bodies not read.
    const want = (e: { origin: string; from: number; to: number }) => e.to > vvGet(vv, e.origin) || !isStored(db, e.origin, e.from)
    const read = readFolderFile(file, tmpDir, { origin, meetingId: o.meetingId }, want)
    if ('kind' in read) {
      const message =
        read.kind === 'other-meeting'
          ? `「${name}」来自另一个会议，已忽略`
          : read.kind === 'damaged'
            ? `「${name}」不完整或已损坏（可能是写入时拔出了 U 盘），已跳过；该设备下次同步时会重新写出`
            : `「${name}」不是有效的评审台同步文件，已忽略（${read.detail}）`
      notices.report(report, name, stamp, { level: 'warning', code: read.kind === 'other-meeting' ? 'other-meeting' : 'damaged-file', message })
      continue
    }
    const aheadHere = read.header.heldFuture?.[me] ?? 0
    if (aheadHere > 0) {
      report.ok = false
      report.issues.push(aheadIssue(aheadHere, `「${name}」所属的电脑`))
    }
    const grantsNew = storeGrants(db, mySyncKeys, read.grants, name, report)
    if (grantsNew.added > 0) opener.grantsChanged()
    grantsIn += grantsNew.added
    // One commit (one fsync of the WAL, synchronous = FULL) for the file's envelopes, not one per envelope.
    // `vv` still holds: storing grants wrote no change.
    const sealedIn = db.sqlite.transaction(() => takeEnvelopes(db, opener, read.envelopes, name, report, vv))()
    const fresh = read.changes.filter((c) => c.seq > vvGet(vv, c.origin))
    if (sealedIn.changes.length) {
      fresh.push(...sealedIn.changes)
      fresh.sort((a, b) => (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : a.seq - b.seq))
    }
    let waiting = 0
    for (const r of applyInChunks(db, fresh, o, (n) => o.onProgress?.(done + n, done + fresh.length))) {
      addResult(db, report, r)
      waiting = r.waiting
      if (r.maxRemoteMs > now() + CLOCK_WARN_MS) {
        report.issues.push({ level: 'warning', code: 'clock', message: `「${name}」中的修改时间比本机时间晚约 ${formatMinutes(r.maxRemoteMs - now())}：本机或对方设备的时钟有误` })
      }
    }
    // A folder file holds its device's whole log: what is left over carries no author signature (a forged or
    // pre-upgrade file) and is never applied.
    const after = readVv(db)
    const left = fresh.filter((c) => c.seq > vvGet(after, c.origin)).length
    if (left > 0 && waiting > 0) {
      report.issues.push({ level: 'warning', code: 'unsealed-remote', message: `「${name}」中有 ${left} 项修改没有作者签名（或签名封包不完整），未采用` })
    }
    done += fresh.length
    // Envelopes of a signer not trusted yet, and grants while no secretariat key is pinned, are read again at the
    // next run (the registration or the pin may come later).
    if (sealedIn.untrusted === 0 && grantsNew.untrusted === 0) setSourceStamp(db, source, stamp)
  }
  // Grants that came in open envelopes kept from earlier runs; on the secretariat's laptop, grants are due.
  if (grantsIn > 0) {
    const released = openStoredEnvelopes(db, secret, o)
    if (released) addResult(db, report, released)
  }
  const granted = releaseGrants(db, secret)
  report.blobsIn += copyBlobsFromFolder(new BlobStore(o.dataDir), o.folder, report, notices)

  // Write this device's file when there is anything new (changes, or grants made here), or when the file there is not
  // the one written last.
  const vv = readVv(db)
  const mine = path.join(o.folder, `${readDevice(db).origin}.sqlite`)
  const exportKey = `export\u0000${o.folder}`
  const lastText = sourceStamp(db, exportKey)
  const last = lastText ? (JSON.parse(lastText) as { vv: Record<string, number>; stamp: string }) : null
  const current = fs.existsSync(mine) ? stampOf(mine) : null
  if (!last || current !== last.stamp || !vvEqual(last.vv, vv) || granted > 0) {
    // Experts' units go out only as envelopes (folderSealed.ts): nothing an expert wrote is in the folder in plaintext.
    const page = db.sqlite.transaction(() => exportForFolder(db, secret))() // one commit for the envelopes it makes
    if (page.notEnclosed > 0) {
      report.issues.push({ level: 'warning', code: 'not-enclosed', message: '本机的评审内容尚未写入同步文件夹：本机还没有收到秘书处的密钥（请先确认秘书处公钥指纹，并从秘书处同步一次）' })
    }
    const device = readDevice(db)
    const header = { origin: device.origin, meetingId: o.meetingId, maxSeq: device.seq, vv: page.vv, schemaVersion: o.schemaVersion, heldFuture: heldAsFuture(db, now()) }
    const file = writeFolderFile(o.folder, tmpDir, header, page.changes, page)
    const before = (origin: string) => (last ? vvGet(last.vv, origin) : 0)
    report.sent += page.changes.filter((c) => c.seq > before(c.origin)).length
    for (const e of page.envelopes) report.sent += Math.max(0, e.to - Math.max(e.from - 1, before(e.origin)))
    setSourceStamp(db, exportKey, JSON.stringify({ vv, stamp: stampOf(file) }))
  }
  const checked = {
    get: (sha: string) => sourceStamp(db, `blob\u0000${o.folder}\u0000${sha}`),
    set: (sha: string, stamp: string) => setSourceStamp(db, `blob\u0000${o.folder}\u0000${sha}`, stamp)
  }
  report.blobsOut += copyBlobsToFolder(new BlobStore(o.dataDir), o.folder, report, checked)
  notices.save()
}
