import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { mergeRule } from '../../../../shared/sync/merge'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0029_scoring_marker', () => {
  it('adds meetings.scoring_marker (NULL for existing meetings: scoring not started by marker), replicated write-once', async () => {
    const db = openDb(path.join(tempDir('m29'), 'db.sqlite'))
    await migrate(db, { target: '0028_declaration_shown_conflicts' })
    const s = db.sqlite
    s.pragma('foreign_keys = OFF')
    s.prepare("INSERT INTO meetings (id, name, date, place, organiser, rubric_id, merge_method, status, is_demo, created_at, deleted) VALUES ('m', 'n', 'd', 'p', 'o', 'r', 'mean', 'open', 0, 't', 0)").run()
    expect(await migrate(db, { target: '0029_scoring_marker' })).toEqual(['0029_scoring_marker'])
    expect(s.prepare('SELECT scoring_marker FROM meetings').get()).toEqual({ scoring_marker: null })
    expect(REPLICATED_TABLES.meetings.scoring_marker).toEqual({ type: 'json', nullable: true })
    expect(mergeRule('meetings', 'scoring_marker')).toBe('first-write')
    closeDb(db)
  })
})
