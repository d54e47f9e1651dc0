import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0009_sealed_envelopes', () => {
  it('adds the local tables of sealed envelopes (one per origin and first seq), scope keys and release grants', async () => {
    const db = openDb(path.join(tempDir('m9'), 'db.sqlite'))
    await migrate(db, { target: '0008_trust' })
    expect(await migrate(db, { target: '0009_sealed_envelopes' })).toEqual(['0009_sealed_envelopes'])
    const ins = db.sqlite.prepare("INSERT INTO sync_envelopes (origin, from_seq, to_seq, author, kid, body, received_at) VALUES ('o', ?, ?, 'e1', 'k', '{}', 't')")
    ins.run(1, 5)
    expect(() => ins.run(1, 7)).toThrow(/UNIQUE|PRIMARY/)
    expect(() => ins.run(9, 8)).toThrow(/CHECK/)
    expect(() => ins.run(0, 3)).toThrow(/CHECK/)
    expect(db.sqlite.prepare('SELECT origin, from_seq, to_seq FROM sync_envelopes').all()).toEqual([{ origin: 'o', from_seq: 1, to_seq: 5 }])
    const grant = db.sqlite.prepare("INSERT INTO sync_grants (kid, fp, body) VALUES ('k', 'f', '{}')")
    grant.run()
    expect(() => grant.run()).toThrow(/UNIQUE|PRIMARY/)
    const key = db.sqlite.prepare("INSERT INTO sync_scope_keys VALUES ('e1', 'E:e1:p1', ?, 'sealed', 'r1', '[]', 't')")
    key.run('k1')
    expect(() => key.run('k2')).toThrow(/UNIQUE|PRIMARY/)
    for (const t of ['sync_envelopes', 'sync_grants', 'sync_scope_keys']) expect(Object.keys(REPLICATED_TABLES)).not.toContain(t)
    expect(await migrate(db, { target: '0009_sealed_envelopes' })).toEqual([])
    closeDb(db)
  })
})
