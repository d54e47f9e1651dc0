import fs from 'node:fs'
import path from 'node:path'
import { sql, type Kysely, type Migration } from 'kysely'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { listBackups } from './backup'
import { closeDb, openDb } from './connection'
import { MIGRATIONS } from './migrations'
import { migrate, MigrationError } from './migrator'

const addColumn: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE meetings ADD COLUMN note TEXT NOT NULL DEFAULT ''`.execute(db)
  }
}
const broken: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE meetings ADD COLUMN x TEXT`.execute(db)
    await sql`THIS IS NOT SQL`.execute(db)
  }
}

function seedMeeting(file: string): void {
  const db = openDb(file)
  db.sqlite.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r', '细则', 1, '{}')").run()
  db.sqlite.prepare("INSERT INTO meetings (id, name, date, rubric_id, created_at) VALUES ('m', '评审会', '2026-12-01', 'r', 'now')").run()
  closeDb(db)
}

describe('migrator', () => {
  it('backs up a database with data before migrating it, and keeps the data', async () => {
    const dir = tempDir('mig')
    const file = path.join(dir, 'db.sqlite')
    const db0 = openDb(file)
    await migrate(db0, { backupDir: path.join(dir, 'backups') })
    closeDb(db0)
    expect(listBackups(path.join(dir, 'backups'))).toHaveLength(0) // nothing to protect on a fresh database
    seedMeeting(file)
    const db = openDb(file)
    const ran = await migrate(db, { backupDir: path.join(dir, 'backups'), migrations: { ...MIGRATIONS, '9001_test': addColumn } })
    expect(ran).toEqual(['9001_test'])
    const row = db.sqlite.prepare("SELECT name, note FROM meetings WHERE id = 'm'").get()
    expect(row).toEqual({ name: '评审会', note: '' })
    const backups = listBackups(path.join(dir, 'backups'))
    expect(backups.map((b) => b.reason)).toEqual(['migration'])
    // The backup is the database as it was before the migration.
    const old = openDb(path.join(dir, 'backups', backups[0]!.name), { readonly: true })
    const cols = (old.sqlite.prepare('PRAGMA table_info(meetings)').all() as { name: string }[]).map((c) => c.name)
    expect(cols).not.toContain('note')
    closeDb(old)
    closeDb(db)
  })

  it('reports a failed migration in Chinese and leaves the schema as it was', async () => {
    const dir = tempDir('migfail')
    const file = path.join(dir, 'db.sqlite')
    const db0 = openDb(file)
    await migrate(db0)
    closeDb(db0)
    seedMeeting(file)
    const db = openDb(file)
    const err = await migrate(db, { backupDir: path.join(dir, 'b'), migrations: { ...MIGRATIONS, '9002_broken': broken } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MigrationError)
    expect((err as Error).message).toMatch(/数据库升级失败（9002_broken）/)
    const cols = (db.sqlite.prepare('PRAGMA table_info(meetings)').all() as { name: string }[]).map((c) => c.name)
    expect(cols).not.toContain('x')
    expect(fs.readdirSync(path.join(dir, 'b')).length).toBe(1)
    closeDb(db)
  })
})
