import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/tmp'
import { generateKeyPair } from '../../../shared/signing/sm'
import { isDerivedOrigin, originDerivesFrom } from '../../../shared/sync/originId'
import { deviceKey } from '../services/deviceSecret'
import { originClaims } from '../sync/originClaims'
import { installSigner, loadSigners } from '../sync/signers'
import { closeDb, openDb } from './connection'
import { ensureDevice, readDevice, renewOrigin } from './device'
import { migrate } from './migrator'
import { openOriginKey, originKeyPublic } from './originKey'
import { openStorage } from './storage'

describe('origin keys', () => {
  it('a new database gets an origin key and an origin derived from it; its sync keys are that key, and so are its claims', async () => {
    const dir = tempDir('origin-key')
    const s = await openStorage(dir)
    const secret = deviceKey(dir)
    const key = openOriginKey(s.db, secret)
    expect(key?.publicKey).toBe(originKeyPublic(s.db))
    const { origin } = readDevice(s.db)
    expect(isDerivedOrigin(origin) && originDerivesFrom(origin, key!.publicKey)).toBe(true)
    // The private half is sealed under the device secret, not stored in the clear.
    expect(JSON.stringify(s.db.sqlite.prepare('SELECT value FROM device_meta').all())).not.toContain(key!.privateKey)

    const master = generateKeyPair()
    expect(installSigner(s.db, secret, 'e1', master).key).toBe(key!.publicKey)
    expect(installSigner(s.db, secret, 'secretariat', generateKeyPair()).key).toBe(key!.publicKey)
    // A restored database takes a new origin from the same key (another nonce); both are claimed with it.
    const renewed = renewOrigin(s.db)
    expect(renewed).not.toBe(origin)
    expect(originDerivesFrom(renewed, key!.publicKey)).toBe(true)
    const claims = originClaims(s.db, secret)
    expect(new Set(claims.map((c) => c.origin))).toEqual(new Set([origin, renewed]))
    expect(claims.every((c) => c.cert.key === key!.publicKey)).toBe(true)
    closeDb(s.db)
  })

  it('a copy opened on another laptop takes an origin key of its own; a legacy database keeps its random origin', async () => {
    const a = tempDir('origin-key-a')
    const s = await openStorage(a)
    const first = originKeyPublic(s.db)
    s.db.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    closeDb(s.db)
    const b = tempDir('origin-key-b')
    fs.copyFileSync(s.paths.dbFile, path.join(b, path.basename(s.paths.dbFile)))
    const copy = await openStorage(b)
    const key = openOriginKey(copy.db, deviceKey(b))
    expect(key).not.toBeNull()
    expect(key!.publicKey).not.toBe(first)
    expect(originDerivesFrom(readDevice(copy.db).origin, key!.publicKey)).toBe(true)
    expect(loadSigners(copy.db, deviceKey(b)).size).toBe(0)
    closeDb(copy.db)

    // A database made before origin keys (no device secret given): random origin, renewed as random.
    const legacy = openDb(path.join(tempDir('origin-key-legacy'), 'x.sqlite'))
    await migrate(legacy)
    expect(isDerivedOrigin(ensureDevice(legacy).origin)).toBe(false)
    expect(isDerivedOrigin(renewOrigin(legacy))).toBe(false)
    closeDb(legacy)
  })
})
