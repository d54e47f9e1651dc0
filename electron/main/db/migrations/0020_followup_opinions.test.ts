import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0020_followup_opinions', () => {
  it('adds the followup_opinions table to a database with data, leaving that data alone', async () => {
    const db = openDb(path.join(tempDir('m20'), 'db.sqlite'))
    await migrate(db, { target: '0017_followup_checklist' })
    const s = db.sqlite
    s.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r', 'r', 1, '{}')").run()
    s.prepare("INSERT INTO meetings (id, name, date, rubric_id, created_at, merge_method) VALUES ('m', '会', '2026-12-01', 'r', 'x', 'median')").run()
    s.prepare("INSERT INTO projects (id, meeting_id, name, declared_investment) VALUES ('p', 'm', '项目', 12.5)").run()
    s.prepare("INSERT INTO followup_items (id, meeting_id, project_id, version_id, verdict) VALUES ('f', 'm', 'p', 'v', 'done')").run()
    expect((await migrate(db, { target: '0020_followup_opinions' })).at(-1)).toBe('0020_followup_opinions')
    expect(s.prepare("SELECT verdict FROM followup_items WHERE id = 'f'").get()).toEqual({ verdict: 'done' })
    s.prepare("INSERT INTO followup_opinions (id, meeting_id, project_id, version_id, expert_id) VALUES ('o', 'm', 'p', 'v', 'e')").run()
    expect(s.prepare('SELECT signed_payload, signed_at, deleted FROM followup_opinions').get()).toEqual({ signed_payload: null, signed_at: '', deleted: 0 })
    expect(() => s.prepare("INSERT INTO followup_opinions (id, meeting_id, project_id, version_id, expert_id) VALUES ('o2', 'm', 'nope', 'v', 'e')").run()).toThrow(/FOREIGN KEY/)
    const cols = (s.prepare('PRAGMA table_info(followup_opinions)').all() as { name: string }[]).map((c) => c.name)
    for (const col of Object.keys(REPLICATED_TABLES.followup_opinions)) expect(cols, col).toContain(col)
    const plan = s.prepare("EXPLAIN QUERY PLAN SELECT id FROM followup_opinions WHERE version_id = 'v'").all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/followup_opinions_version/)
    expect(await migrate(db, { target: '0020_followup_opinions' })).toEqual([])
    closeDb(db)
  })
})
