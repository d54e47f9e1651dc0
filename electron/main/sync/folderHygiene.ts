/**
 * Keeping a shared sync folder tidy (issue 15, item 8), around folder.ts:
 *  - what is wrong with a file there (a cloud client's conflicted copy, a file of another meeting, a torn file,
 *    a damaged blob, a temp file left behind) is reported once per version of that file, not on every run: this
 *    device remembers, per folder, which name at which size and modification time it reported (local_settings,
 *    never replicated), and forgets a name once the file is gone. A file that changes is looked at again;
 *  - temp files left by an interrupted write (`.<origin>.sqlite.<rand>.tmp`, `blobs/.<sha256>.<rand>.tmp`) older
 *    than an hour are removed, whichever device left them, and so are this device's own leftovers in its
 *    `sync-tmp` folder (local copies of folder files, from a run that was killed).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { SyncIssue, SyncReport } from '../../../shared/sync/report'
import type { Db } from '../db/connection'
import { getSetting, setSetting } from '../services/settings'

/** A temp file older than this was left by a write that will never finish. */
export const STALE_TEMP_MS = 60 * 60 * 1000
/** At most this many remembered names per folder (the folder is outside data). */
const MAX_REMEMBERED = 5_000

const LOG_TEMP_RE = /^\.[0-9a-f-]{36}\.sqlite\.[0-9a-f]{1,32}\.tmp$/
const BLOB_TEMP_RE = /^\.[0-9a-f]{64}\.[0-9a-f]{1,32}\.tmp$/

export function fileStamp(file: string): string | null {
  try {
    const st = fs.statSync(file)
    return `${st.size}:${st.mtimeMs}`
  } catch {
    return null
  }
}

/** What this device already reported about the files of one folder: name → the stamp it had then. */
export class FolderNotices {
  private readonly key: string
  private readonly before: Record<string, string>
  private readonly now: Record<string, string> = {}

  constructor(
    private readonly db: Db,
    folder: string
  ) {
    this.key = `sync.folderNotices\u0000${path.resolve(folder)}`
    let stored: unknown
    try {
      stored = JSON.parse(getSetting(db, this.key) ?? 'null')
    } catch {
      stored = null
    }
    this.before = typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, string>) : {}
  }

  /** Whether `name` at `stamp` was reported already (a file that has not changed since need not be read again). */
  reported(name: string, stamp: string): boolean {
    return this.before[name] === stamp || this.now[name] === stamp
  }

  /** Reports `issue` about `name` unless it was reported at this same stamp; remembers it either way. */
  report(report: SyncReport, name: string, stamp: string, issue: SyncIssue): void {
    if (!this.reported(name, stamp)) report.issues.push(issue)
    this.keep(name, stamp)
  }

  /** Carries a report made in an earlier run over to the next (the file is still there, unchanged). */
  keep(name: string, stamp: string): void {
    if (Object.keys(this.now).length < MAX_REMEMBERED) this.now[name] = stamp
  }

  /** Keeps what was reported in this run (a name not reported again was fixed or removed: forgotten). */
  save(): void {
    setSetting(this.db, this.key, Object.keys(this.now).length > 0 ? JSON.stringify(this.now) : null)
  }
}

function removeStale(dir: string, match: (name: string) => boolean, nowMs: number): string[] {
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    if (!match(name)) continue
    const file = path.join(dir, name)
    try {
      const st = fs.statSync(file)
      if (!st.isFile() || nowMs - st.mtimeMs < STALE_TEMP_MS) continue
      fs.rmSync(file, { force: true })
      removed.push(name)
    } catch {
      // Gone already, or not ours to remove (read-only share): left alone.
    }
  }
  return removed
}

/**
 * Removes the stale temp files of the folder (logs and blobs) and this device's own leftovers in `tmpDir`;
 * says in the report what was removed from the shared folder. Returns the number of files removed.
 */
export function cleanTempFiles(folder: string, tmpDir: string, report: SyncReport, nowMs = Date.now()): number {
  const inFolder = [...removeStale(folder, (n) => LOG_TEMP_RE.test(n), nowMs), ...removeStale(path.join(folder, 'blobs'), (n) => BLOB_TEMP_RE.test(n), nowMs)]
  const own = removeStale(tmpDir, (n) => /^(export|import)-[0-9a-f]+\.sqlite(-journal)?$/.test(n), nowMs)
  if (inFolder.length > 0) {
    report.issues.push({
      level: 'info',
      code: 'temp-removed',
      message: `已清理同步文件夹中 ${inFolder.length} 个中断写入留下的临时文件（超过 1 小时）`
    })
  }
  return inFolder.length + own.length
}
