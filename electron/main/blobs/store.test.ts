import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { BlobIntegrityError, BlobStore, sha256Of } from './store'

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'))

describe('BlobStore', () => {
  it('stores by digest, reads back verified, and refuses bytes that no longer match their name', () => {
    const store = new BlobStore(tempDir('blobs'))
    const sha = store.put(bytes('可研暨初设方案'))
    expect(sha).toBe(sha256Of(bytes('可研暨初设方案')))
    expect(store.has(sha)).toBe(true)
    expect(store.get(sha).toString('utf8')).toBe('可研暨初设方案')
    expect(store.put(bytes('可研暨初设方案'))).toBe(sha)
    expect(store.read(sha, 3, 6).toString('utf8')).toBe('研暨')
    fs.writeFileSync(store.path(sha), 'tampered')
    expect(() => store.get(sha)).toThrow(BlobIntegrityError)
    expect(() => store.path('../etc/passwd')).toThrow(TypeError)
  })

  it('keeps staged blobs out of the store until promoted, and discards them on failure', () => {
    const store = new BlobStore(tempDir('blobs'))
    const a = store.staging()
    const sha = a.stage(bytes('a'))
    expect(store.has(sha)).toBe(false)
    a.promote()
    expect(store.has(sha)).toBe(true)
    expect(fs.existsSync(a.dir)).toBe(false)

    const b = store.staging()
    const other = b.stage(bytes('b'))
    b.discard()
    expect(store.has(other)).toBe(false)
    expect(store.list()).toEqual([sha])
  })

  it('after a crash, promotes staged blobs the database names and drops the others', () => {
    const store = new BlobStore(tempDir('blobs'))
    const s = store.staging()
    const kept = s.stage(bytes('committed'))
    const dropped = s.stage(bytes('never committed'))
    const corrupt = s.stage(bytes('corrupt'))
    fs.writeFileSync(path.join(s.dir, corrupt), 'bits flipped')
    const promoted = store.recoverStaging((d) => d === kept || d === corrupt)
    expect(promoted).toEqual([kept])
    expect(store.list()).toEqual([kept])
    expect(store.has(dropped)).toBe(false)
  })
})
