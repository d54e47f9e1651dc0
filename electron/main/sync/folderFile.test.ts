import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { bodyHash, digestOf, FOLDER_FORMAT, readFolderFile, writeFolderFile, type FileSealed } from './folderFile'

const ORIGIN = '01900000-0000-7000-8000-0000000000cc'
const sealed: FileSealed = {
  envelopes: [1, 4, 9].map((from) => ({ origin: 'a', from, to: from + 2, body: `{"envelope":${from}}`, ct: from === 1 ? null : Buffer.from([from, 0, 255]) })),
  grants: [{ kid: 'k', fp: 'f', body: '{"grant":1}' }]
}

function write(): string {
  return writeFolderFile(tempDir('ff'), tempDir('ff-tmp'), { origin: ORIGIN, meetingId: 'm1', maxSeq: 0, vv: {}, schemaVersion: 9 }, [], sealed)
}

describe('folder file envelopes', () => {
  it('format 6 reads only the bodies wanted, with their ciphertext bytes, each checked against its hash', () => {
    const file = write()
    const all = readFolderFile(file, tempDir('r'), { origin: ORIGIN, meetingId: 'm1' })
    expect('kind' in all ? all : { format: all.header.format, envelopes: all.envelopes, grants: all.grants }).toEqual({ format: FOLDER_FORMAT, ...sealed })
    const some = readFolderFile(file, tempDir('r'), { origin: ORIGIN, meetingId: 'm1' }, (e) => e.from > 1)
    expect('kind' in some ? some : some.envelopes.map((e) => e.from)).toEqual([4, 9])
  })

  it('writes a body given as its UTF-8 bytes (a relayed envelope, read from the database as a BLOB) as the same text, under the same hash', () => {
    const text = '{"author":"专家（甲）","ct":"00ff"}'
    const bytes = new TextEncoder().encode(text)
    const out = { envelopes: [{ origin: 'a', from: 1, to: 2, body: bytes }], grants: [] }
    const file = writeFolderFile(tempDir('ff'), tempDir('ff-tmp'), { origin: ORIGIN, meetingId: 'm1', maxSeq: 0, vv: {}, schemaVersion: 9 }, [], out)
    const read = readFolderFile(file, tempDir('r'), { origin: ORIGIN, meetingId: 'm1' })
    expect('kind' in read ? read : read.envelopes).toEqual([{ origin: 'a', from: 1, to: 2, body: text, ct: null }])
    const db = new BetterSqlite3(file, { readonly: true })
    expect(db.prepare('SELECT typeof(body) AS t, sha FROM envelopes').get()).toEqual({ t: 'text', sha: bodyHash(text) })
    db.close()
  })

  it('writes grants in the order a reader gets them back, so the digest holds whatever order they were given in', () => {
    const grants = ['k3', 'k1', 'k2'].map((kid) => ({ kid, fp: 'f', body: `{"${kid}":1}` }))
    const file = writeFolderFile(tempDir('ff'), tempDir('ff-tmp'), { origin: ORIGIN, meetingId: 'm1', maxSeq: 0, vv: {}, schemaVersion: 9 }, [], { envelopes: [], grants })
    const read = readFolderFile(file, tempDir('r'), { origin: ORIGIN, meetingId: 'm1' })
    expect('kind' in read ? read : read.grants.map((g) => g.kid)).toEqual(['k1', 'k2', 'k3'])
  })

  it('a changed ciphertext or body under the same hash row makes the file damaged', () => {
    for (const change of ["UPDATE envelopes SET ct = x'0400fe' WHERE from_seq = 4", 'UPDATE envelopes SET body = \'{"envelope":5}\' WHERE from_seq = 4', 'UPDATE envelopes SET ct = NULL WHERE from_seq = 4']) {
      const file = write()
      const db = new BetterSqlite3(file)
      db.exec(change)
      db.close()
      expect(readFolderFile(file, tempDir('r'), { origin: ORIGIN, meetingId: 'm1' }), change).toEqual({ kind: 'damaged', detail: '加密信封与其校验值不符' })
    }
  })

  it('still reads files of formats 5 and 4 (no ciphertext column: every envelope of version 1; format 4 grants are judged by the reader, grant.ts)', () => {
    const v1: FileSealed = { ...sealed, envelopes: sealed.envelopes.map((e) => ({ ...e, ct: null })) }
    for (const format of ['paneldesk.sync/5', 'paneldesk.sync/4']) {
      const file = writeFolderFile(tempDir('ff'), tempDir('ff-tmp'), { origin: ORIGIN, meetingId: 'm1', maxSeq: 0, vv: {}, schemaVersion: 9 }, [], v1)
      const db = new BetterSqlite3(file)
      db.exec('ALTER TABLE envelopes DROP COLUMN ct')
      db.prepare("UPDATE header SET value = ? WHERE key = 'format'").run(JSON.stringify(format))
      db.close()
      const read = readFolderFile(file, tempDir('r'), { origin: ORIGIN, meetingId: 'm1' })
      expect('kind' in read ? read : { format: read.header.format, envelopes: read.envelopes, grants: read.grants }).toEqual({ format, ...v1 })
    }
  })

  it('still reads a format 3 file (bodies in the digest, no hash column)', () => {
    const v1: FileSealed = { ...sealed, envelopes: sealed.envelopes.map((e) => ({ ...e, ct: null })) }
    const file = writeFolderFile(tempDir('ff'), tempDir('ff-tmp'), { origin: ORIGIN, meetingId: 'm1', maxSeq: 0, vv: {}, schemaVersion: 9 }, [], v1)
    const db = new BetterSqlite3(file)
    db.exec(`CREATE TABLE e3 (origin TEXT NOT NULL, from_seq INTEGER NOT NULL, to_seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (origin, from_seq)) STRICT;
      INSERT INTO e3 SELECT origin, from_seq, to_seq, body FROM envelopes; DROP TABLE envelopes; ALTER TABLE e3 RENAME TO envelopes;`)
    db.prepare("UPDATE header SET value = ? WHERE key = 'format'").run(JSON.stringify('paneldesk.sync/3'))
    db.prepare("UPDATE header SET value = ? WHERE key = 'digest'").run(JSON.stringify(digestOf([], v1)))
    db.close()
    const read = readFolderFile(file, tempDir('r'), { origin: ORIGIN, meetingId: 'm1' }, (e) => e.from !== 4)
    expect('kind' in read ? read : { envelopes: read.envelopes.map((e) => e.body), grants: read.grants }).toEqual({ envelopes: ['{"envelope":1}', '{"envelope":9}'], grants: v1.grants })
    expect(path.basename(file)).toBe(`${ORIGIN}.sqlite`)
  })
})
