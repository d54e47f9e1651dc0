import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0005_secretariat', () => {
  it('adds meeting settings, panel opinions and deviation notes to a database with data, leaving that data alone', async () => {
    const db = openDb(path.join(tempDir('m5'), 'db.sqlite'))
    await migrate(db, { target: '0004_sync' })
    const s = db.sqlite
    s.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r', 'r', 1, '{}')").run()
    s.prepare("INSERT INTO meetings (id, name, date, rubric_id, created_at, merge_method) VALUES ('m', '会', '2026-12-01', 'r', 'x', 'median')").run()
    s.prepare("INSERT INTO projects (id, meeting_id, name, declared_investment) VALUES ('p', 'm', '项目', 12.5)").run()
    s.prepare("INSERT INTO experts (id, meeting_id, name) VALUES ('e', 'm', '专家')").run()
    expect(await migrate(db, { target: '0005_secretariat' })).toEqual(['0005_secretariat'])
    expect(s.prepare("SELECT name, merge_method, settings, closed_at FROM meetings WHERE id = 'm'").get()).toEqual({ name: '会', merge_method: 'median', settings: '{}', closed_at: null })
    s.prepare("INSERT INTO panel_opinions (id, meeting_id, project_id, leader_id) VALUES ('o', 'm', 'p', 'e')").run()
    expect(s.prepare("SELECT status, draft, budget_overrides FROM panel_opinions").get()).toEqual({ status: 'draft', draft: '{}', budget_overrides: '{}' })
    expect(() => s.prepare("INSERT INTO panel_opinions (id, meeting_id, project_id, leader_id, status) VALUES ('o2', 'm', 'p', 'e', 'final')").run()).toThrow(/CHECK/)
    expect(() => s.prepare("INSERT INTO panel_opinions (id, meeting_id, project_id, leader_id) VALUES ('o3', 'm', 'p', 'nobody')").run()).toThrow(/FOREIGN KEY/)
    s.prepare("INSERT INTO deviation_notes (id, meeting_id, project_id, expert_id, dimension_id, text) VALUES ('d', 'm', 'p', 'e', 'tech', '说明')").run()
    expect(() => s.prepare("INSERT INTO deviation_notes (id, meeting_id, project_id, expert_id, dimension_id) VALUES ('d2', 'm', 'nope', 'e', 'tech')").run()).toThrow(/FOREIGN KEY/)
    const plan = s.prepare("EXPLAIN QUERY PLAN SELECT * FROM change_log WHERE tbl = 'experts' AND col = 'is_leader'").all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/change_log_tbl_col/)
    // Every registered column exists once the later migrations have run too (some add columns to these tables).
    await migrate(db)
    for (const table of ['meetings', 'panel_opinions', 'deviation_notes'] as const) {
      const cols = (s.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name)
      for (const col of Object.keys(REPLICATED_TABLES[table])) expect(cols, `${table}.${col}`).toContain(col)
    }
    closeDb(db)
  })
})
