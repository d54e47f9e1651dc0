import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/tmp'
import { closeDb, openDb } from '../connection'
import { migrate } from '../migrator'

describe('migration 0035_envelope_ciphertext', () => {
  it('adds sync_envelopes.ct (bytes, NULL for the envelopes kept before, which stay as they were)', async () => {
    const db = openDb(path.join(tempDir('m35'), 'db.sqlite'))
    await migrate(db, { target: '0034_row_clock' })
    const s = db.sqlite
    s.prepare("INSERT INTO sync_envelopes (origin, from_seq, to_seq, author, kid, body, received_at) VALUES ('o', 1, 5, 'e1', 'k', '{\"v\":1}', 't')").run()
    expect(await migrate(db, { target: '0035_envelope_ciphertext' })).toEqual(['0035_envelope_ciphertext'])
    expect(s.prepare('SELECT origin, from_seq, to_seq, author, kid, body, ct FROM sync_envelopes').all()).toEqual([{ origin: 'o', from_seq: 1, to_seq: 5, author: 'e1', kid: 'k', body: '{"v":1}', ct: null }])
    s.prepare("INSERT INTO sync_envelopes (origin, from_seq, to_seq, author, kid, body, received_at, ct) VALUES ('o', 6, 6, 'e1', 'k', '{\"v\":2}', 't', ?)").run(Buffer.from([0, 1, 255]))
    expect(s.prepare('SELECT ct FROM sync_envelopes WHERE from_seq = 6').get()).toEqual({ ct: Buffer.from([0, 1, 255]) })
    closeDb(db)
  })
})
