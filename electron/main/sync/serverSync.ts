/**
 * One sync with the sync server: push this device's own changes (its current and previous origins), then pull
 * pages until there is nothing more, asking again for withheld transactions that this expert's own submissions
 * have since unlocked; then the blobs.
 */
import type { Refetch } from '../../../shared/sync/protocol'
import { PAGE_BYTES } from '../../../shared/sync/protocol'
import { rowOwner } from '../../../shared/sync/ownership'
import type { SyncReport } from '../../../shared/sync/report'
import { sha256Of, BlobStore } from '../blobs/store'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import { reconsiderPending, type ApplyOptions } from './apply'
import { applyInChunks } from './folder'
import { readPage, readVv } from './log'
import { addResult, authorName, clockIssue } from './reportIssues'
import { sealForSync } from './signers'
import { aheadIssue, futureClockNotice } from './clock'
import { deviceKey } from '../services/deviceSecret'
import type { SyncServerClient } from './serverClient'
import { vvMissing } from '../../../shared/sync/vv'

export interface ServerSyncOptions extends ApplyOptions {
  client: SyncServerClient
  dataDir: string
  schemaVersion: number
  pageBytes?: number
  onProgress?: (done: number, total: number) => void
}

function myOrigins(db: Db): Set<string> {
  const rows = prepare(db, "SELECT value FROM device_meta WHERE key IN ('origin', 'previous_origin')").all() as { value: string }[]
  return new Set(rows.map((r) => r.value))
}

/** Withheld transactions of projects this expert has since submitted (as ranges of seqs). */
function refetchable(db: Db, author: string): Refetch[] {
  const projects = new Set(
    (prepare(db, "SELECT DISTINCT project_id FROM score_sheets WHERE expert_id = ? AND status IN ('submitted', 'reopened')").all(author) as { project_id: string }[]).map((r) => r.project_id)
  )
  if (projects.size === 0) return []
  const rows = prepare(db, "SELECT origin, seq, tx, tbl, row_id FROM change_log WHERE status = 'withheld' ORDER BY origin, seq").all() as {
    origin: string
    seq: number
    tx: number
    tbl: string
    row_id: string
  }[]
  const txs = new Map<string, Refetch & { unlocked: boolean }>()
  for (const r of rows) {
    const key = `${r.origin}#${r.tx}`
    const t = txs.get(key) ?? { origin: r.origin, from: r.tx, to: r.seq, unlocked: false }
    t.to = r.seq
    const owner = rowOwner(r.tbl, r.row_id)
    if (owner?.kind === 'expert' && owner.projectId && projects.has(owner.projectId)) t.unlocked = true
    txs.set(key, t)
  }
  const out: Refetch[] = []
  for (const t of txs.values()) if (t.unlocked && out.length < 5000) out.push({ origin: t.origin, from: t.from, to: t.to })
  return out
}

export async function syncServer(db: Db, o: ServerSyncOptions, report: SyncReport): Promise<void> {
  const now = o.now ?? Date.now
  const pageBytes = o.pageBytes ?? PAGE_BYTES
  const recovered = futureClockNotice(db, (o.now ?? Date.now)())
  if (recovered) report.issues.push(recovered)
  addResult(db, report, reconsiderPending(db, o))
  sealForSync(db, deviceKey(o.dataDir), report, (a) => authorName(db, a))
  const t0 = now()
  const hello = await o.client.hello(o.schemaVersion, readVv(db))
  const offset = Math.round((t0 + now()) / 2 - hello.serverTime)
  report.clockOffsetMs = offset
  const clock = clockIssue(offset, '同步服务器')
  if (clock) report.issues.push(clock)

  // Push: this device's own origins only (the server takes no relayed changes).
  const mine = myOrigins(db)
  let serverVv = hello.vv
  for (let i = 0; i < 10_000; i++) {
    const page = readPage(db, serverVv, pageBytes, (origin) => mine.has(origin))
    if (page.changes.length === 0) break
    const r = await o.client.push(page.changes)
    report.sent += r.accepted + r.rejected
    if (r.heldFuture) {
      // Not taken: this laptop's clock is wrong. The run is not complete, so its edits stay counted as unsent.
      report.ok = false
      report.issues.push(aheadIssue(r.heldFuture, '同步服务器'))
    }
    if (r.refused) {
      report.ok = false
      report.issues.push({ level: 'error', code: 'refused', message: `同步服务器拒绝了本机的修改：${r.refused}` })
      break
    }
    if (vvMissing(r.vv, page.vvAfter) > 0) break // the server did not take everything: try again next time
    serverVv = r.vv
    if (!page.hasMore) break
  }

  // Pull.
  const total = Math.max(1, vvMissing(readVv(db), hello.vv))
  let done = 0
  let refetch = refetchable(db, hello.author)
  for (let i = 0; i < 10_000; i++) {
    const page = await o.client.pull(readVv(db), pageBytes, refetch)
    refetch = []
    if (page.changes.length === 0) break
    for (const r of applyInChunks(db, page.changes, o)) addResult(db, report, r)
    done += page.changes.length
    o.onProgress?.(Math.min(done, total), total)
    if (!page.hasMore) break
  }

  // Blobs: fetch what is missing (checked against its name); the secretariat uploads what the server lacks.
  const store = new BlobStore(o.dataDir)
  const there = await o.client.blobList()
  for (const sha of there) {
    if (store.has(sha)) continue
    const bytes = await o.client.blobGet(sha)
    if (sha256Of(bytes) !== sha) {
      report.issues.push({ level: 'warning', code: 'damaged-blob', message: `从服务器收到的附件 ${sha.slice(0, 12)}… 与校验值不符，已丢弃` })
      continue
    }
    store.put(bytes)
    report.blobsIn++
  }
  if (hello.author === 'secretariat') {
    const have = new Set(there)
    for (const sha of store.list()) {
      if (have.has(sha)) continue
      await o.client.blobPut(sha, store.get(sha))
      report.blobsOut++
    }
  }
}
