/**
 * Opens this device's database in its data folder: integrity check, backup-first recovery, migrations.
 * A damaged file is never deleted: it is moved to damaged/ before anything else happens.
 */
import fs from 'node:fs'
import path from 'node:path'
import { closeDb, DatabaseCorruptError, openDb, type Db, type OpenOptions } from './connection'
import { checkBackupFile, createBackup, dailyBackupDue, listBackups } from './backup'
import { ensureDevice, renewOrigin } from './device'
import { deviceKey } from '../services/deviceSecret'
import { migrate } from './migrator'
import { renewOriginIfCopied } from '../sync/clone'

export const DB_FILE_NAME = 'paneldesk.sqlite'

export interface DataPaths {
  dataDir: string
  dbFile: string
  backupDir: string
  damagedDir: string
}

export function dataPaths(dataDir: string): DataPaths {
  return {
    dataDir,
    dbFile: path.join(dataDir, DB_FILE_NAME),
    backupDir: path.join(dataDir, 'backups'),
    damagedDir: path.join(dataDir, 'damaged')
  }
}

export interface OpenedStorage {
  db: Db
  paths: DataPaths
  /** A Chinese message for the user when something had to be repaired. */
  notice: string | null
}

function moveAside(paths: DataPaths): string {
  fs.mkdirSync(paths.damagedDir, { recursive: true })
  const target = path.join(paths.damagedDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${DB_FILE_NAME}`)
  fs.renameSync(paths.dbFile, target)
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(paths.dbFile + suffix)) fs.renameSync(paths.dbFile + suffix, target + suffix)
  }
  return target
}

/** Replaces the database file with a backup (the current file is kept in damaged/ or backups/ first). */
export function installBackupFile(paths: DataPaths, backupFile: string): void {
  const tmp = paths.dbFile + '.restoring'
  fs.copyFileSync(backupFile, tmp)
  const fd = fs.openSync(tmp, 'r+')
  fs.fsyncSync(fd)
  fs.closeSync(fd)
  for (const suffix of ['-wal', '-shm']) fs.rmSync(paths.dbFile + suffix, { force: true })
  fs.renameSync(tmp, paths.dbFile)
}

export async function openStorage(dataDir: string, options: OpenOptions = {}): Promise<OpenedStorage> {
  const paths = dataPaths(dataDir)
  fs.mkdirSync(dataDir, { recursive: true })
  let notice: string | null = null
  let db: Db
  let restored = false
  try {
    db = openDb(paths.dbFile, options)
  } catch (err) {
    if (!(err instanceof DatabaseCorruptError)) throw err
    const kept = moveAside(paths)
    const good = listBackups(paths.backupDir).find((b) => checkBackupFile(path.join(paths.backupDir, b.name)) === null)
    if (good) {
      installBackupFile(paths, path.join(paths.backupDir, good.name))
      restored = true
      notice = `数据库文件损坏（${err.detail}），已自动从 ${good.createdAt.slice(0, 16).replace('T', ' ')}（UTC）的备份恢复。损坏的文件保存在：${kept}`
    } else {
      notice = `数据库文件损坏（${err.detail}），且没有可用的备份，已新建空数据库。损坏的文件保存在：${kept}`
    }
    db = openDb(paths.dbFile, options)
  }
  try {
    await migrate(db, { backupDir: paths.backupDir })
    const secret = deviceKey(dataDir)
    ensureDevice(db, secret)
    if (restored) renewOrigin(db)
    // A database file copied from another device becomes a new sync origin before it writes anything.
    renewOriginIfCopied(db, paths.dbFile, secret)
    if (dailyBackupDue(paths.backupDir)) await createBackup(db, paths.backupDir, 'daily')
  } catch (err) {
    closeDb(db)
    throw err
  }
  return { db, paths, notice }
}
