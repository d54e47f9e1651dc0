import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { LOGGED_CELLS_INDEXED, NOT_APPLIED } from '../../sync/log'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

const plan = (s: ReturnType<typeof openDb>['sqlite'], q: string, ...args: unknown[]): string =>
  (s.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ')

describe('migration 0024_lean_change_log', () => {
  it('keeps every logged row as it was, in a WITHOUT ROWID log keyed by (origin, seq), with narrower indexes', async () => {
    const db = openDb(path.join(tempDir('m24'), 'db.sqlite'))
    await migrate(db, { target: '0023_conclusion_reason' })
    const s = db.sqlite
    const ins = s.prepare('INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value, status, reason, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    ins.run('o1', 1, 1, 'h1', 'secretariat', 'experts', 'e1', 'key_fingerprint', '"ab"', 'applied', '', null)
    ins.run('o1', 2, 1, 'h2', 'secretariat', 'scores', 's1', 'value', '3', 'held', '未登记', '{"v":1}')
    ins.run('o2', 1, 1, '', '', '', '', '', 'null', 'withheld', '', null)
    const before = s.prepare('SELECT * FROM change_log ORDER BY origin, seq').all() as Record<string, unknown>[]
    expect(before.every((r) => typeof r.received_at === 'string')).toBe(true)

    expect(await migrate(db, { target: '0024_lean_change_log' })).toEqual(['0024_lean_change_log'])
    expect(s.prepare('SELECT * FROM change_log ORDER BY origin, seq').all()).toEqual(before)
    const ddl = (s.prepare("SELECT sql FROM sqlite_master WHERE name = 'change_log'").get() as { sql: string }).sql
    expect(ddl).toMatch(/WITHOUT ROWID/)
    const indexes = (s.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'change_log' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[])
    expect(indexes).toEqual(['change_log_fingerprints', 'change_log_not_applied', 'change_log_sealed', 'change_log_tbl_col'])
    // (origin, seq) stays unique; a new row gets no received_at (nothing reads it).
    expect(() => ins.run('o1', 1, 1, 'h', 'a', 't', 'r', 'c', '1', 'applied', '', null)).toThrow(/UNIQUE|PRIMARY/)
    s.prepare("INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value) VALUES ('o3', 1, 1, 'h', 'a', 'scores', 'r', 'c', '1')").run()
    expect(s.prepare("SELECT status, reason, received_at, seal FROM change_log WHERE origin = 'o3'").get()).toEqual({ status: 'applied', reason: '', received_at: null, seal: null })

    // The queries the app makes still find their rows through an index, not a scan of the whole log.
    expect(plan(s, `SELECT value FROM change_log WHERE tbl = ? AND col = ? AND status = 'applied' AND ${LOGGED_CELLS_INDEXED}`, 'experts', 'status')).toMatch(/USING (COVERING )?INDEX change_log_tbl_col/)
    expect(plan(s, `SELECT 1 FROM change_log WHERE tbl = 'rubrics' AND row_id = ? AND ${LOGGED_CELLS_INDEXED}`, 'r')).toMatch(/USING (COVERING )?INDEX change_log_tbl_col/)
    expect(plan(s, `SELECT origin, seq FROM change_log WHERE status = 'withheld' AND ${NOT_APPLIED}`)).toMatch(/change_log_not_applied/)
    expect(plan(s, 'SELECT status FROM change_log WHERE origin = ? AND seq = ?', 'o1', 1)).toMatch(/USING PRIMARY KEY/)
    expect(plan(s, "SELECT value FROM change_log WHERE tbl = 'experts' AND col = 'key_fingerprint' AND row_id = ?", 'e1')).toMatch(/change_log_fingerprints/)
    expect(await migrate(db, { target: '0024_lean_change_log' })).toEqual([])
    closeDb(db)
  })
})
