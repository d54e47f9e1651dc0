/** Blobs (package files) beside the logs in a sync folder: `blobs/<sha256>`, verified when read. */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { SyncReport } from '../../../shared/sync/report'
import { sha256Of, type BlobStore } from '../blobs/store'

const DIGEST_RE = /^[0-9a-f]{64}$/

function folderBlobs(folder: string): string[] {
  const dir = path.join(folder, 'blobs')
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => DIGEST_RE.test(n)) : []
}

export function copyBlobsToFolder(store: BlobStore, folder: string): number {
  const there = new Set(folderBlobs(folder))
  const dir = path.join(folder, 'blobs')
  let n = 0
  for (const sha of store.list()) {
    if (there.has(sha)) continue
    fs.mkdirSync(dir, { recursive: true })
    const tmp = path.join(dir, `.${sha}.${crypto.randomBytes(4).toString('hex')}.tmp`)
    fs.copyFileSync(store.path(sha), tmp)
    const fd = fs.openSync(tmp, 'r+')
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    fs.renameSync(tmp, path.join(dir, sha))
    n++
  }
  return n
}

export function copyBlobsFromFolder(store: BlobStore, folder: string, report: SyncReport): number {
  let n = 0
  for (const sha of folderBlobs(folder)) {
    if (store.has(sha)) continue
    const bytes = fs.readFileSync(path.join(folder, 'blobs', sha))
    if (sha256Of(bytes) !== sha) {
      report.issues.push({ level: 'warning', code: 'damaged-blob', message: `同步文件夹中的附件 ${sha.slice(0, 12)}… 内容与校验值不符，已跳过` })
      continue
    }
    store.put(bytes)
    n++
  }
  return n
}
