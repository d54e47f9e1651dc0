import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { OWNERSHIP } from '../../../../shared/sync/ownership'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0037_budget_basis_requests', () => {
  it('adds budget_basis_requests (replicated, the requesting expert’s own row) with a column for every registered one', async () => {
    const db = openDb(path.join(tempDir('m37'), 'db.sqlite'))
    await migrate(db, { target: '0036_price_library' })
    expect(db.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'budget_basis_requests'").all()).toEqual([])
    expect(await migrate(db, { target: '0037_budget_basis_requests' })).toEqual(['0037_budget_basis_requests'])
    const cols = db.sqlite.prepare("SELECT name, \"notnull\" AS nn, dflt_value FROM pragma_table_info('budget_basis_requests')").all() as { name: string }[]
    expect(cols.map((c) => c.name).sort()).toEqual(['id', ...Object.keys(REPLICATED_TABLES.budget_basis_requests)].sort())
    expect(cols.find((c) => c.name === 'sheets')).toEqual({ name: 'sheets', nn: 1, dflt_value: "'[]'" })
    expect(OWNERSHIP.budget_basis_requests).toMatchObject({ kind: 'expert-tagged', tag: 'basis-request', expertPart: 1, projectPart: 0 })
    // Rows name their meeting, project and expert.
    db.sqlite.pragma('foreign_keys = ON')
    expect(() => db.sqlite.prepare("INSERT INTO budget_basis_requests (id, meeting_id, project_id, expert_id) VALUES ('r', 'no-meeting', 'p', 'e')").run()).toThrow(/FOREIGN KEY/)
    closeDb(db)
  })
})
