/**
 * Backups through SQLite's online backup API: before every migration, once a day, and on request.
 * The last BACKUPS_KEPT are kept. Each backup is a complete database file that passes quick_check.
 */
import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { BackupInfo } from '../../../shared/api/types'
import type { Db } from './connection'
import { quickCheck } from './connection'

export const BACKUPS_KEPT = 7
export type BackupReason = 'daily' | 'migration' | 'manual' | 'before-restore'
const REASONS: BackupReason[] = ['daily', 'migration', 'manual', 'before-restore']

const NAME_RE = /^paneldesk-(\d{8}T\d{6}\d{3}Z)-([a-z-]+)\.sqlite$/

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '')
}

function parseStamp(s: string): string {
  // 20261126T182000123Z → 2026-11-26T18:20:00.123Z
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`
}

export function listBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .flatMap((name): BackupInfo[] => {
      const m = NAME_RE.exec(name)
      if (!m || !(REASONS as string[]).includes(m[2] as string)) return []
      return [{ name, createdAt: parseStamp(m[1] as string), sizeBytes: fs.statSync(path.join(dir, name)).size, reason: m[2] as string }]
    })
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
}

export async function createBackup(db: Db, dir: string, reason: BackupReason, now = new Date()): Promise<BackupInfo> {
  fs.mkdirSync(dir, { recursive: true })
  let name = `paneldesk-${stamp(now)}-${reason}.sqlite`
  let n = 1
  while (fs.existsSync(path.join(dir, name))) name = `paneldesk-${stamp(new Date(now.getTime() + n++))}-${reason}.sqlite`
  const tmp = path.join(dir, `.${name}.tmp`)
  await db.sqlite.backup(tmp)
  fs.renameSync(tmp, path.join(dir, name))
  pruneBackups(dir)
  const info = listBackups(dir).find((b) => b.name === name)
  if (!info) throw new Error(`backup ${name} vanished`)
  return info
}

export function pruneBackups(dir: string, keep = BACKUPS_KEPT): void {
  for (const b of listBackups(dir).slice(keep)) fs.rmSync(path.join(dir, b.name), { force: true })
}

/** True when the newest backup is older than a day (or there is none). */
export function dailyBackupDue(dir: string, now = new Date()): boolean {
  const newest = listBackups(dir)[0]
  return !newest || now.getTime() - Date.parse(newest.createdAt) > 24 * 3600 * 1000
}

/** Checks that a backup file is a sound database before it is restored. Returns a problem or null. */
export function checkBackupFile(file: string): string | null {
  try {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
    try {
      return quickCheck(db)
    } finally {
      db.close()
    }
  } catch (err) {
    return err instanceof Error ? err.message : String(err)
  }
}
