import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0017_followup_checklist', () => {
  it('adds the followup_items table to a database with data, leaving that data alone', async () => {
    const db = openDb(path.join(tempDir('m17'), 'db.sqlite'))
    await migrate(db, { target: '0016_project_versions' })
    const s = db.sqlite
    s.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r', 'r', 1, '{}')").run()
    s.prepare("INSERT INTO meetings (id, name, date, rubric_id, created_at, merge_method) VALUES ('m', '会', '2026-12-01', 'r', 'x', 'median')").run()
    s.prepare("INSERT INTO projects (id, meeting_id, name, declared_investment) VALUES ('p', 'm', '项目', 12.5)").run()
    s.prepare("INSERT INTO project_versions (id, meeting_id, project_id, package_id) VALUES ('v', 'm', 'p', 'k')").run()
    expect((await migrate(db, { target: '0017_followup_checklist' })).at(-1)).toBe('0017_followup_checklist')
    expect(s.prepare("SELECT version, stage FROM project_versions WHERE id = 'v'").get()).toEqual({ version: 2, stage: 'received' })
    s.prepare("INSERT INTO followup_items (id, meeting_id, project_id, version_id) VALUES ('f', 'm', 'p', 'v')").run()
    expect(s.prepare('SELECT kind, number, verdict, authors, deleted FROM followup_items').get()).toEqual({ kind: 'problem', number: 1, verdict: '', authors: '[]', deleted: 0 })
    expect(() => s.prepare("INSERT INTO followup_items (id, meeting_id, project_id, version_id) VALUES ('f2', 'm', 'nope', 'v')").run()).toThrow(/FOREIGN KEY/)
    const cols = (s.prepare('PRAGMA table_info(followup_items)').all() as { name: string }[]).map((c) => c.name)
    for (const col of Object.keys(REPLICATED_TABLES.followup_items)) expect(cols, col).toContain(col)
    const plan = s.prepare("EXPLAIN QUERY PLAN SELECT id FROM followup_items WHERE version_id = 'v'").all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/followup_items_version/)
    expect(await migrate(db, { target: '0017_followup_checklist' })).toEqual([])
    closeDb(db)
  })
})
