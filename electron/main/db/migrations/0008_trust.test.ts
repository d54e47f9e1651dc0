import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { REPLICATED_TABLES } from '../../../../shared/sync/tables'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0008_trust', () => {
  it('adds the seal column to the log and the local tables of sync keys, pinned secretariat keys and the secretariat key', async () => {
    const db = openDb(path.join(tempDir('m8'), 'db.sqlite'))
    await migrate(db, { target: '0007_package_derivations' })
    const s = db.sqlite
    s.prepare("INSERT INTO change_log (origin, seq, tx, hlc, author, tbl, row_id, col, value, status) VALUES ('o', 1, 1, 'h', 'a', 't', 'r', 'c', '1', 'applied')").run()
    expect(await migrate(db, { target: '0008_trust' })).toEqual(['0008_trust'])
    expect(s.prepare('SELECT seq, seal FROM change_log').all()).toEqual([{ seq: 1, seal: null }])
    s.prepare("UPDATE change_log SET seal = '{}' WHERE seq = 1").run()
    expect(s.prepare('SELECT seal FROM change_log').get()).toEqual({ seal: '{}' })
    s.prepare("INSERT INTO sync_signers VALUES ('secretariat', '04ab', 'sealed', '{}', 't')").run()
    expect(() => s.prepare("INSERT INTO sync_signers VALUES ('secretariat', '04cd', 'sealed', '{}', 't')").run()).toThrow(/UNIQUE|PRIMARY/)
    const pin = s.prepare("INSERT INTO trust_anchors (fingerprint, pinned_at) VALUES (?, 't')")
    pin.run('a'.repeat(64))
    pin.run('b'.repeat(32))
    expect(() => pin.run('abc')).toThrow(/CHECK/)
    const key = s.prepare("INSERT INTO secretariat_key (id, key_blob, public_key, fingerprint, created_at) VALUES (?, 'b', 'p', 'f', 't')")
    key.run(1)
    expect(() => key.run(2)).toThrow(/CHECK/)
    for (const t of ['sync_signers', 'trust_anchors', 'secretariat_key']) expect(Object.keys(REPLICATED_TABLES)).not.toContain(t)
    expect(await migrate(db, { target: '0008_trust' })).toEqual([])
    closeDb(db)
  })
})
