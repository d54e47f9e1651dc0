import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0032_budget_basis', () => {
  it('adds packages.budget_sheets (replicated JSON, [] = the reader’s choice) and package_derivations.budget_sheets ([] for rows derived before)', async () => {
    const db = openDb(path.join(tempDir('m32'), 'db.sqlite'))
    await migrate(db, { target: '0029_scoring_marker' })
    const s = db.sqlite
    s.pragma('foreign_keys = OFF')
    s.prepare("INSERT INTO package_derivations (project_id, package_id, sha256, status, error, updated_at) VALUES ('p', 'k', 'ab', 'derived', '', 't')").run()
    expect(await migrate(db, { target: '0032_budget_basis' })).toEqual(['0032_budget_basis'])
    expect(s.prepare('SELECT budget_sheets FROM package_derivations').get()).toEqual({ budget_sheets: '[]' })
    const cols = s.prepare("SELECT name, dflt_value FROM pragma_table_info('packages') WHERE name = 'budget_sheets'").all()
    expect(cols).toEqual([{ name: 'budget_sheets', dflt_value: "'[]'" }])
    expect(REPLICATED_TABLES.packages.budget_sheets).toEqual({ type: 'json', nullable: false })
    closeDb(db)
  })
})
