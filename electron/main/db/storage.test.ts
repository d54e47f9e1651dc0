import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { createBackup, listBackups, pruneBackups } from './backup'
import { closeDb } from './connection'
import { readDevice } from './device'
import { openStorage } from './storage'

function corrupt(file: string): void {
  // Overwrite the middle of the file (past the header) with garbage, as a failing disk would.
  const fd = fs.openSync(file, 'r+')
  const size = fs.fstatSync(fd).size
  fs.writeSync(fd, Buffer.alloc(Math.max(4096, size - 4096), 0x5a), 0, undefined, 4096)
  fs.closeSync(fd)
}

describe('opening the device database', () => {
  it('recovers from the newest sound backup, keeps the damaged file, and becomes a new origin', async () => {
    const dir = tempDir('recover')
    const s1 = await openStorage(dir)
    s1.db.sqlite.prepare("INSERT INTO local_settings (key, value) VALUES ('marker', 'before-backup')").run()
    await createBackup(s1.db, s1.paths.backupDir, 'manual')
    const originBefore = readDevice(s1.db).origin
    s1.db.sqlite.prepare("UPDATE local_settings SET value = 'after-backup' WHERE key = 'marker'").run()
    for (let i = 0; i < 200; i++) s1.db.sqlite.prepare('INSERT INTO local_settings (key, value) VALUES (?, ?)').run(`k${i}`, 'x'.repeat(500))
    s1.db.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    closeDb(s1.db)
    corrupt(s1.paths.dbFile)

    const s2 = await openStorage(dir)
    expect(s2.notice).toMatch(/数据库文件损坏.*已自动从.*备份恢复/)
    expect(s2.db.sqlite.prepare("SELECT value FROM local_settings WHERE key = 'marker'").get()).toEqual({ value: 'before-backup' })
    expect(fs.readdirSync(s2.paths.damagedDir).some((f) => f.endsWith('paneldesk.sqlite'))).toBe(true)
    expect(readDevice(s2.db).origin).not.toBe(originBefore)
    closeDb(s2.db)
  })

  it('starts a fresh database when no backup is sound, still keeping the damaged file', async () => {
    const dir = tempDir('nobackup')
    fs.writeFileSync(path.join(dir, 'paneldesk.sqlite'), 'this is not a database at all'.repeat(200))
    const s = await openStorage(dir)
    expect(s.notice).toMatch(/没有可用的备份，已新建空数据库/)
    expect(fs.readdirSync(s.paths.damagedDir)).toHaveLength(1)
    expect(s.db.sqlite.prepare('SELECT count(*) AS n FROM meetings').get()).toEqual({ n: 0 })
    closeDb(s.db)
  })

  it('makes a daily backup at open and keeps only the last seven backups', async () => {
    const dir = tempDir('daily')
    const s = await openStorage(dir)
    expect(listBackups(s.paths.backupDir).map((b) => b.reason)).toEqual(['daily'])
    for (let i = 0; i < 9; i++) await createBackup(s.db, s.paths.backupDir, 'manual', new Date(Date.UTC(2026, 0, 1, 0, 0, i)))
    pruneBackups(s.paths.backupDir)
    const kept = listBackups(s.paths.backupDir)
    expect(kept).toHaveLength(7)
    // Newest first; the oldest manual ones were pruned.
    expect(kept[0]!.reason).toBe('daily')
    expect(kept.at(-1)!.createdAt).toBe('2026-01-01T00:00:03.000Z')
    closeDb(s.db)
  })
})
