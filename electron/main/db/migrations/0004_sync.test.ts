import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0004_sync', () => {
  it('adds the reason column to an existing log without touching its rows, and the sync tables', async () => {
    const db = openDb(path.join(tempDir('m4'), 'db.sqlite'))
    await migrate(db, { target: '0003_packages' })
    const s = db.sqlite
    s.prepare("INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value) VALUES ('o', 1, 1, 'h', 'secretariat', 'projects', 'p', 'name', '\"x\"')").run()
    expect(await migrate(db, { target: '0004_sync' })).toEqual(['0004_sync'])
    expect(s.prepare('SELECT status, reason, value FROM change_log').get()).toEqual({ status: 'applied', reason: '', value: '"x"' })
    s.prepare("INSERT INTO sync_pending_cells (tbl, row_id, col, value, hlc) VALUES ('scores', 'r', 'value', '1', 'h')").run()
    expect(() => s.prepare("INSERT INTO sync_pending_cells (tbl, row_id, col, value, hlc) VALUES ('scores', 'r', 'value', '2', 'h')").run()).toThrow(/UNIQUE/)
    expect(() => s.prepare("INSERT INTO sync_runs (started_at, transport, target, status) VALUES ('x', 'folder', '/f', 'maybe')").run()).toThrow(/CHECK/)
    const plan = s.prepare("EXPLAIN QUERY PLAN SELECT value FROM change_log WHERE tbl = 'experts' AND col = 'key_fingerprint' AND row_id = ?").all('e') as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/change_log_fingerprints/)
    closeDb(db)
  })
})
