import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0022_rule_sets', () => {
  it('adds the replicated meeting rule sets and the rule-set stamps of findings and derivations, keeping existing rows', async () => {
    const db = openDb(path.join(tempDir('m22'), 'db.sqlite'))
    await migrate(db, { target: '0017_followup_checklist' })
    const s = db.sqlite
    s.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r', 'r', 1, '{}')").run()
    s.prepare("INSERT INTO meetings (id, name, date, rubric_id, created_at, merge_method) VALUES ('m', '会', '2026-12-01', 'r', 'x', 'median')").run()
    s.prepare("INSERT INTO package_derivations (project_id, package_id, sha256, status, error, updated_at) VALUES ('p', 'k', 'h', 'derived', '', 't')").run()
    expect((await migrate(db, { target: '0022_rule_sets' })).at(-1)).toBe('0022_rule_sets')
    expect(s.prepare('SELECT rules_digest FROM package_derivations').get()).toEqual({ rules_digest: '' })
    s.prepare("INSERT INTO meeting_rule_sets (id, meeting_id, definition, updated_at) VALUES ('x', 'm', '{}', 't')").run()
    expect(() => s.prepare("INSERT INTO meeting_rule_sets (id, meeting_id) VALUES ('y', 'nope')").run()).toThrow(/FOREIGN KEY/)
    const cols = (s.prepare('PRAGMA table_info(meeting_rule_sets)').all() as { name: string }[]).map((c) => c.name)
    expect(cols).toEqual(expect.arrayContaining(['id', ...Object.keys(REPLICATED_TABLES.meeting_rule_sets)]))
    const findingCols = (s.prepare('PRAGMA table_info(findings)').all() as { name: string }[]).map((c) => c.name)
    expect(findingCols).toEqual(expect.arrayContaining(['rule_set_version', 'rule_set_digest']))
    expect(await migrate(db, { target: '0022_rule_sets' })).toEqual([])
    closeDb(db)
  })
})
