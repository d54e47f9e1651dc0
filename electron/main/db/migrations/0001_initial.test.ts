import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { openDb, closeDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0001_initial', () => {
  it('creates every table from an empty database, with foreign keys enforced', async () => {
    const db = openDb(path.join(tempDir('m1'), 'a.sqlite'))
    const ran = await migrate(db, { target: '0001_initial' })
    expect(ran).toEqual(['0001_initial'])
    const tables = (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name)
    for (const t of ['meetings', 'rubrics', 'projects', 'experts', 'assignments', 'score_sheets', 'scores', 'opinions', 'change_log', 'field_clock', 'device_meta', 'local_settings']) {
      expect(tables).toContain(t)
    }
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(() =>
      db.sqlite.prepare("INSERT INTO projects (id, meeting_id, name) VALUES ('p', 'no-such-meeting', 'x')").run()
    ).toThrow(/FOREIGN KEY/)
    // STRICT tables refuse a value of the wrong type.
    db.sqlite.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r', 'r', 1, '{}')").run()
    expect(() => db.sqlite.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r2', 'r', 'one', '{}')").run()).toThrow()
    expect(await migrate(db, { target: '0001_initial' })).toEqual([])
    closeDb(db)
  })
})
