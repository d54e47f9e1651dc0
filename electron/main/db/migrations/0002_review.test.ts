import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0002_review', () => {
  it('adds submission columns to existing sheets without touching their data, and the review tables', async () => {
    const file = path.join(tempDir('m2'), 'db.sqlite')
    const db = openDb(file)
    await migrate(db, { target: '0001_initial' })
    const s = db.sqlite
    s.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r', 'r', 1, '{}')").run()
    s.prepare("INSERT INTO meetings (id, name, date, rubric_id, created_at) VALUES ('m', 'm', '2026-12-01', 'r', 'x')").run()
    s.prepare("INSERT INTO projects (id, meeting_id, name) VALUES ('p', 'm', '项目')").run()
    s.prepare("INSERT INTO experts (id, meeting_id, name) VALUES ('e', 'm', '专家')").run()
    s.prepare("INSERT INTO score_sheets (id, meeting_id, project_id, expert_id, updated_at, conclusion) VALUES ('sh', 'm', 'p', 'e', 'x', 'pass')").run()
    expect(await migrate(db, { target: '0002_review' })).toEqual(['0002_review'])
    expect(s.prepare("SELECT conclusion, status, signed_payload, reopen_reason FROM score_sheets WHERE id = 'sh'").get()).toEqual({
      conclusion: 'pass',
      status: 'draft',
      signed_payload: null,
      reopen_reason: ''
    })
    s.prepare("INSERT INTO declarations (id, meeting_id, project_id, expert_id, kind, declared_at) VALUES ('d', 'm', 'p', 'e', 'recuse', 'x')").run()
    expect(() => s.prepare("INSERT INTO declarations (id, meeting_id, project_id, expert_id, kind, declared_at) VALUES ('d2', 'm', 'p', 'e', 'maybe', 'x')").run()).toThrow(/CHECK/)
    s.prepare("INSERT INTO budget_reviews (id, sheet_id, line_id, approved_amount, reason) VALUES ('b', 'sh', 'l1', 12.5, '单价偏高')").run()
    expect(() => s.prepare("INSERT INTO budget_reviews (id, sheet_id, line_id) VALUES ('b2', 'nope', 'l1')").run()).toThrow(/FOREIGN KEY/)
    closeDb(db)
  })
})
