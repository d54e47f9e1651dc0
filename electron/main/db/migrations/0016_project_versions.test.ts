import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0016_project_versions', () => {
  it('adds the project_versions table to a database with data, leaving that data alone', async () => {
    const db = openDb(path.join(tempDir('m16'), 'db.sqlite'))
    await migrate(db, { target: '0008_trust' })
    const s = db.sqlite
    s.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r', 'r', 1, '{}')").run()
    s.prepare("INSERT INTO meetings (id, name, date, rubric_id, created_at, merge_method) VALUES ('m', '会', '2026-12-01', 'r', 'x', 'median')").run()
    s.prepare("INSERT INTO projects (id, meeting_id, name, declared_investment) VALUES ('p', 'm', '项目', 12.5)").run()
    // Migrations numbered between 0008 and 0016 (parallel work) may apply on the way.
    expect((await migrate(db, { target: '0016_project_versions' })).at(-1)).toBe('0016_project_versions')
    expect(s.prepare("SELECT name, declared_investment FROM projects WHERE id = 'p'").get()).toEqual({ name: '项目', declared_investment: 12.5 })
    s.prepare("INSERT INTO project_versions (id, meeting_id, project_id, package_id) VALUES ('v', 'm', 'p', 'k')").run()
    expect(s.prepare('SELECT version, stage, reviewers, revises, deleted FROM project_versions').get()).toEqual({ version: 2, stage: 'received', reviewers: '[]', revises: '', deleted: 0 })
    expect(() => s.prepare("INSERT INTO project_versions (id, meeting_id, project_id, package_id) VALUES ('v2', 'm', 'nope', 'k')").run()).toThrow(/FOREIGN KEY/)
    expect(() => s.prepare("INSERT INTO project_versions (id, meeting_id, project_id, package_id, deleted) VALUES ('v3', 'm', 'p', 'k', 2)").run()).toThrow(/CHECK/)
    const cols = (s.prepare('PRAGMA table_info(project_versions)').all() as { name: string }[]).map((c) => c.name)
    for (const col of Object.keys(REPLICATED_TABLES.project_versions)) expect(cols, col).toContain(col)
    const plan = s.prepare("EXPLAIN QUERY PLAN SELECT id FROM project_versions WHERE package_id = 'k'").all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/project_versions_package/)
    expect(await migrate(db, { target: '0016_project_versions' })).toEqual([])
    closeDb(db)
  })
})
