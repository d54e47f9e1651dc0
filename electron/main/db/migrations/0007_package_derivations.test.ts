import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0007_package_derivations', () => {
  it('adds the local record of what each project’s derived rows were built from, recording current packages as derived', async () => {
    const db = openDb(path.join(tempDir('m7'), 'db.sqlite'))
    await migrate(db, { target: '0006_signature_verdicts' })
    const s = db.sqlite
    s.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r', 'r', 1, '{}')").run()
    s.prepare("INSERT INTO meetings (id, name, date, place, organiser, rubric_id, created_at) VALUES ('m', 'm', 'd', 'p', 'o', 'r', 't')").run()
    for (const p of ['p1', 'p2', 'p3']) s.prepare("INSERT INTO projects (id, meeting_id, name) VALUES (?, 'm', ?)").run(p, p)
    const pkg = s.prepare('INSERT INTO packages (id, project_id, sha256, imported_at, deleted) VALUES (?, ?, ?, ?, ?)')
    // p1: revised (the newer package is current); p2: only a tombstoned package; p3: none.
    pkg.run('k1', 'p1', 'aa', '2026-11-01T00:00:00Z', 0)
    pkg.run('k2', 'p1', 'bb', '2026-11-02T00:00:00Z', 0)
    pkg.run('k3', 'p2', 'cc', '2026-11-01T00:00:00Z', 1)
    expect(await migrate(db, { target: '0007_package_derivations' })).toEqual(['0007_package_derivations'])
    expect(s.prepare('SELECT project_id, package_id, sha256, status, error FROM package_derivations ORDER BY project_id').all()).toEqual([
      { project_id: 'p1', package_id: 'k2', sha256: 'bb', status: 'derived', error: '' }
    ])
    const ins = s.prepare("INSERT INTO package_derivations (project_id, package_id, sha256, status, error, updated_at) VALUES (?, ?, ?, ?, ?, 't')")
    ins.run('p3', 'k9', 'dd', 'missing-files', '材料文件尚未同步')
    ins.run('p2', null, '', 'derived', '')
    expect(() => ins.run('p1', 'k2', 'bb', 'derived', '')).toThrow(/UNIQUE|PRIMARY/)
    expect(() => ins.run('p4', 'k2', 'bb', 'done', '')).toThrow(/CHECK/)
    expect(Object.keys(REPLICATED_TABLES)).not.toContain('package_derivations')
    expect(await migrate(db, { target: '0007_package_derivations' })).toEqual([])
    closeDb(db)
  })
})
