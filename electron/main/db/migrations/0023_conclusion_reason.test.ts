import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0023_conclusion_reason', () => {
  it('adds score_sheets.conclusion_reason (empty for existing sheets), replicated', async () => {
    const db = openDb(path.join(tempDir('m23'), 'db.sqlite'))
    await migrate(db, { target: '0022_rule_sets' })
    const s = db.sqlite
    s.pragma('foreign_keys = OFF')
    s.prepare("INSERT INTO meetings (id, name, date, place, organiser, rubric_id, merge_method, status, created_at, deleted) VALUES ('m', '会', '2026-12-01', '', '', 'r', 'mean', 'open', 't', 0)").run()
    s.prepare("INSERT INTO projects (id, meeting_id, name, owner_unit, author_unit, declared_investment, deleted) VALUES ('p', 'm', '项目', '', '', 1, 0)").run()
    s.prepare("INSERT INTO experts (id, meeting_id, name, deleted) VALUES ('e', 'm', '专家', 0)").run()
    s.prepare("INSERT INTO score_sheets (id, meeting_id, project_id, expert_id, revision, status, conclusion, main_problems, suggestions, updated_at, deleted) VALUES ('s', 'm', 'p', 'e', 1, 'draft', 'pass', '[]', '[]', 't', 0)").run()
    expect(await migrate(db, { target: '0023_conclusion_reason' })).toEqual(['0023_conclusion_reason'])
    expect(s.prepare('SELECT conclusion_reason FROM score_sheets').get()).toEqual({ conclusion_reason: '' })
    expect(Object.keys(REPLICATED_TABLES.score_sheets)).toContain('conclusion_reason')
    closeDb(db)
  })
})
