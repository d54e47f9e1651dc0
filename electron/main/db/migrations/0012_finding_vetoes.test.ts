import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0012_finding_vetoes', () => {
  it('adds the veto column to findings and has every project derived again', async () => {
    const db = openDb(path.join(tempDir('m12'), 'db.sqlite'))
    await migrate(db, { target: '0008_trust' })
    const s = db.sqlite
    s.prepare("INSERT INTO package_derivations (project_id, package_id, sha256, status, error, updated_at) VALUES ('p', 'k', 'h', 'derived', '', 't')").run()
    expect(await migrate(db)).toContain('0012_finding_vetoes')
    const cols = (s.prepare('PRAGMA table_info(findings)').all() as { name: string }[]).map((c) => c.name)
    expect(cols).toContain('veto')
    expect(s.prepare('SELECT count(*) AS n FROM package_derivations').get()).toEqual({ n: 0 })
    expect(Object.keys(REPLICATED_TABLES)).not.toContain('findings')
    expect(await migrate(db)).toEqual([])
    closeDb(db)
  })
})
