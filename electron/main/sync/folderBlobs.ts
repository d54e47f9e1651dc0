/**
 * Blobs (package files) beside the logs in a sync folder: `blobs/<sha256>`, verified when read. A copy there whose
 * content does not match its name (a bad sector, a half-synced cloud file) is rewritten by a device that holds the
 * good one; each folder copy is hashed once per size and modification time (`checked` remembers it).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { SyncReport } from '../../../shared/sync/report'
import { sha256Of, type BlobStore } from '../blobs/store'
import { fileStamp, type FolderNotices } from './folderHygiene'

const DIGEST_RE = /^[0-9a-f]{64}$/
const CHUNK = 1024 * 1024

/** Remembered stamps (size:mtime) of folder copies already found sound, by digest. */
export interface CheckedBlobs {
  get(sha: string): string | undefined
  set(sha: string, stamp: string): void
}

function folderBlobs(folder: string): string[] {
  const dir = path.join(folder, 'blobs')
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => DIGEST_RE.test(n)) : []
}

/** SHA-256 of a file, read in chunks (blobs go up to 200 MB). */
function fileSha256(file: string): string {
  const h = crypto.createHash('sha256')
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.allocUnsafe(CHUNK)
    for (let n = fs.readSync(fd, buf, 0, CHUNK, null); n > 0; n = fs.readSync(fd, buf, 0, CHUNK, null)) h.update(buf.subarray(0, n))
  } finally {
    fs.closeSync(fd)
  }
  return h.digest('hex')
}

function writeBlob(store: BlobStore, dir: string, sha: string): void {
  fs.mkdirSync(dir, { recursive: true })
  const tmp = path.join(dir, `.${sha}.${crypto.randomBytes(4).toString('hex')}.tmp`)
  try {
    fs.copyFileSync(store.path(sha), tmp)
    const fd = fs.openSync(tmp, 'r+')
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    fs.renameSync(tmp, path.join(dir, sha))
  } finally {
    fs.rmSync(tmp, { force: true })
  }
}

/** Writes the blobs the folder lacks, and rewrites those whose copy there is damaged. Returns how many it wrote. */
export function copyBlobsToFolder(store: BlobStore, folder: string, report: SyncReport, checked: CheckedBlobs): number {
  const there = new Set(folderBlobs(folder))
  const dir = path.join(folder, 'blobs')
  let n = 0
  for (const sha of store.list()) {
    const file = path.join(dir, sha)
    if (there.has(sha)) {
      const stamp = fileStamp(file)
      if (stamp === null || checked.get(sha) === stamp) continue
      if (fileSha256(file) === sha) {
        checked.set(sha, stamp)
        continue
      }
      report.issues.push({ level: 'info', code: 'blob-repaired', message: `同步文件夹中的附件 ${sha.slice(0, 12)}… 已损坏，本机已用完好的副本重新写出` })
    }
    writeBlob(store, dir, sha)
    const stamp = fileStamp(file)
    if (stamp) checked.set(sha, stamp)
    n++
  }
  return n
}

/** Takes in the folder's blobs this device lacks, each checked against its name; a damaged one is reported once. */
export function copyBlobsFromFolder(store: BlobStore, folder: string, report: SyncReport, notices: FolderNotices): number {
  let n = 0
  for (const sha of folderBlobs(folder)) {
    if (store.has(sha)) continue
    const file = path.join(folder, 'blobs', sha)
    const stamp = fileStamp(file)
    if (stamp === null) continue
    if (notices.reported(`blobs/${sha}`, stamp)) {
      notices.keep(`blobs/${sha}`, stamp)
      continue
    }
    const bytes = fs.readFileSync(file)
    if (sha256Of(bytes) !== sha) {
      notices.report(report, `blobs/${sha}`, stamp, { level: 'warning', code: 'damaged-blob', message: `同步文件夹中的附件 ${sha.slice(0, 12)}… 内容与校验值不符，已跳过（持有完好副本的设备同步时会重新写出）` })
      continue
    }
    store.put(bytes)
    n++
  }
  return n
}
