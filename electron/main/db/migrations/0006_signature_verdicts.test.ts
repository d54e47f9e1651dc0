import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0006_signature_verdicts', () => {
  it('adds the local table of remembered signature verdicts, keyed on everything a verdict depends on, never replicated', async () => {
    const db = openDb(path.join(tempDir('m6'), 'db.sqlite'))
    await migrate(db, { target: '0005_secretariat' })
    const s = db.sqlite
    s.prepare("INSERT INTO rubrics (id, name, version, definition) VALUES ('r', 'r', 1, '{}')").run()
    expect(await migrate(db, { target: '0006_signature_verdicts' })).toEqual(['0006_signature_verdicts'])
    expect(s.prepare("SELECT id FROM rubrics").pluck().all()).toEqual(['r'])
    const ins = s.prepare('INSERT INTO signature_verdicts (sheet_id, payload_sha256, registered_fingerprint, verifier, status, reason, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    ins.run('s1', 'a', 'fp', 1, 'valid', '', 't')
    ins.run('s1', 'b', 'fp', 1, 'tampered', '改动', 't')
    ins.run('s1', 'a', '', 1, 'valid', '', 't')
    ins.run('s1', 'a', 'fp', 2, 'valid', '', 't')
    expect(() => ins.run('s1', 'a', 'fp', 1, 'valid', '', 't')).toThrow(/UNIQUE|PRIMARY/)
    expect(() => ins.run('s2', 'a', 'fp', 1, 'ok', '', 't')).toThrow(/CHECK/)
    expect(() => ins.run('s2', 'a', 'fp', 'one', 'valid', '', 't')).toThrow()
    expect(s.prepare('SELECT COUNT(*) FROM signature_verdicts').pluck().get()).toBe(4)
    expect(Object.keys(REPLICATED_TABLES)).not.toContain('signature_verdicts')
    expect(await migrate(db, { target: '0006_signature_verdicts' })).toEqual([])
    closeDb(db)
  })
})
