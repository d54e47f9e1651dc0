/**
 * One sync with the sync server: push this device's own changes (its current and previous origins), then pull
 * pages until there is nothing more, asking again for withheld transactions that this expert's own submissions
 * have since unlocked; then the blobs.
 */
import type { PushResponse, Refetch } from '../../../shared/sync/protocol'
import { PAGE_BYTES } from '../../../shared/sync/protocol'
import type { SyncReport } from '../../../shared/sync/report'
import { sha256Of, BlobStore } from '../blobs/store'
import type { Db } from '../db/connection'
import { reconsiderPending, type ApplyOptions } from './apply'
import { applyInChunks } from './folder'
import { readPage, readVv, withheldRanges } from './log'
import { getSetting, setSetting } from '../services/settings'
import { addResult, authorName, clockIssue } from './reportIssues'
import { sealForSync } from './signers'
import { aheadIssue, futureClockNotice } from './clock'
import { deviceKey } from '../services/deviceSecret'
import { SyncServerError, type SyncServerClient } from './serverClient'
import { vvMissing } from '../../../shared/sync/vv'
import { myOrigins, originClaims, originTakenMessage } from './originClaims'

export interface ServerSyncOptions extends ApplyOptions {
  client: SyncServerClient
  dataDir: string
  schemaVersion: number
  pageBytes?: number
  onProgress?: (done: number, total: number) => void
}

const UNLOCKED_KEY = 'sync.unlocked'

/**
 * Withheld transactions to ask for again: all of them (as ranges) when the server unlocked a project for this
 * device since the last completed pull — stubs carry no table or project, so the server decides what shows now.
 */
function refetchable(db: Db, unlocked: readonly string[]): Refetch[] {
  let known: string[] = []
  try {
    const v: unknown = JSON.parse(getSetting(db, UNLOCKED_KEY) ?? '[]')
    if (Array.isArray(v)) known = v.filter((x): x is string => typeof x === 'string')
  } catch {
    known = []
  }
  const had = new Set(known)
  return unlocked.some((p) => !had.has(p)) ? withheldRanges(db) : []
}

export async function syncServer(db: Db, o: ServerSyncOptions, report: SyncReport): Promise<void> {
  const now = o.now ?? Date.now
  const pageBytes = o.pageBytes ?? PAGE_BYTES
  const recovered = futureClockNotice(db, (o.now ?? Date.now)())
  if (recovered) report.issues.push(recovered)
  addResult(db, report, reconsiderPending(db, o))
  sealForSync(db, deviceKey(o.dataDir), report, (a) => authorName(db, a))
  const t0 = now()
  // This device's origins are claimed (signed) in every hello: the server binds them to it before anyone else pushes under them.
  const hello = await o.client.hello(o.schemaVersion, readVv(db), originClaims(db, deviceKey(o.dataDir)))
  const offset = Math.round((t0 + now()) / 2 - hello.serverTime)
  report.clockOffsetMs = offset
  const clock = clockIssue(offset, '同步服务器')
  if (clock) report.issues.push(clock)

  // Push: this device's own origins only, less those another device owns on the server (said, never silent).
  const taken = new Set(hello.originsTaken ?? [])
  const mine = new Set([...myOrigins(db)].filter((origin) => !taken.has(origin)))
  if (taken.size > 0) {
    report.ok = false
    report.issues.push({ level: 'error', code: 'origin-taken', message: originTakenMessage(null) })
  }
  let serverVv = hello.vv
  let unlocked = hello.unlocked ?? []
  for (let i = 0; i < 10_000; i++) {
    const page = readPage(db, serverVv, pageBytes, (origin) => mine.has(origin))
    if (page.changes.length === 0) break
    let r: PushResponse
    try {
      r = await o.client.push(page.changes)
    } catch (err) {
      // Over a quota (413/429): what the server took before stays; say why, and still pull what others wrote.
      if (!(err instanceof SyncServerError) || (err.status !== 413 && err.status !== 429)) throw err
      report.ok = false
      report.issues.push({ level: 'error', code: 'quota', message: `同步服务器未接收本机的全部修改：${err.message}` })
      break
    }
    report.sent += r.accepted + r.rejected
    if (r.heldFuture) {
      // Not taken: this laptop's clock is wrong. The run is not complete, so its edits stay counted as unsent.
      report.ok = false
      report.issues.push(aheadIssue(r.heldFuture, '同步服务器'))
    }
    unlocked = r.unlocked ?? unlocked
    if (r.refused) {
      report.ok = false
      report.issues.push({ level: 'error', code: 'refused', message: `同步服务器拒绝了本机的修改：${r.refused}` })
      break
    }
    if (r.ignored > 0) {
      // This device's own origin belongs to another device there: never dropped silently.
      report.ok = false
      report.issues.push({ level: 'error', code: 'origin-taken', message: originTakenMessage(r.ignored) })
      break
    }
    if (vvMissing(r.vv, page.vvAfter) > 0) break // the server did not take everything: try again next time
    serverVv = r.vv
    if (!page.hasMore) break
  }

  // Pull.
  const total = Math.max(1, vvMissing(readVv(db), hello.vv))
  let done = 0
  let refetch = refetchable(db, unlocked)
  let complete = false
  for (let i = 0; i < 10_000; i++) {
    const before = readVv(db)
    const page = await o.client.pull(before, pageBytes, refetch)
    // A page may bring nothing visible yet still move on through the refetch ranges (the server reads them in parts).
    let progressed = JSON.stringify(page.refetch) !== JSON.stringify(refetch)
    refetch = page.refetch
    if (page.changes.length > 0) {
      for (const r of applyInChunks(db, page.changes, o)) addResult(db, report, r)
      done += page.changes.length
      o.onProgress?.(Math.min(done, total), total)
      progressed ||= vvMissing(before, readVv(db)) > 0 || refetch.length > 0
    }
    if (!page.hasMore) {
      complete = true
      break
    }
    if (!progressed) break
  }
  if (complete) setSetting(db, UNLOCKED_KEY, JSON.stringify(unlocked))

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
