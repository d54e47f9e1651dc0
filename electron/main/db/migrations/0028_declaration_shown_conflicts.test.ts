import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0028_declaration_shown_conflicts', () => {
  it('adds declarations.shown_conflicts (NULL for existing declarations: not recorded), replicated', async () => {
    const db = openDb(path.join(tempDir('m28'), 'db.sqlite'))
    await migrate(db, { target: '0024_lean_change_log' })
    const s = db.sqlite
    s.pragma('foreign_keys = OFF')
    s.prepare("INSERT INTO declarations (id, meeting_id, project_id, expert_id, kind, reason, declared_at) VALUES ('d', 'm', 'p', 'e', 'none', '', 't')").run()
    expect(await migrate(db, { target: '0028_declaration_shown_conflicts' })).toEqual(['0028_declaration_shown_conflicts'])
    expect(s.prepare('SELECT shown_conflicts FROM declarations').get()).toEqual({ shown_conflicts: null })
    expect(REPLICATED_TABLES.declarations.shown_conflicts).toEqual({ type: 'json', nullable: true })
    closeDb(db)
  })
})
