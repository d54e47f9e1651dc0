/**
 * This database's origin key (issue 15, shared/sync/originId.ts): an SM2 key pair made with the database, from which
 * its origins are derived. Its private half is sealed under the device secret (never in the database in the clear,
 * never synced); the same key is what every sync key certificate of this database names (sync/signers.ts), so every
 * unit sealed here, and every origin claim, proves the origin belongs to this laptop. A database made before origin
 * keys has none and keeps its random (legacy) origin.
 */
import { uuidv7 } from '../../../shared/domain/ids'
import { openText, sealText } from '../../../shared/signing/secretBox'
import { generateKeyPair, type SmKeyPair } from '../../../shared/signing/sm'
import { deriveOrigin, originDerivesFrom } from '../../../shared/sync/originId'
import type { Db } from './connection'
import { prepare } from './query'

const PUBLIC = 'origin_key'
const SEALED = 'origin_key_enc'

function meta(db: Db, key: string): string | undefined {
  return (prepare(db, 'SELECT value FROM device_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value
}

/** The origin key's public half, or null for a legacy database. */
export function originKeyPublic(db: Db): string | null {
  return meta(db, PUBLIC) ?? null
}

/** The origin key when the device secret opens it (null: a legacy database, or a copy from another laptop). */
export function openOriginKey(db: Db, deviceKey: Uint8Array): SmKeyPair | null {
  const publicKey = meta(db, PUBLIC)
  const sealed = meta(db, SEALED)
  if (!publicKey || !sealed) return null
  try {
    return { publicKey, privateKey: openText(deviceKey, sealed) }
  } catch {
    return null
  }
}

/** Makes a new origin key, sealed under the device secret (replacing one this device cannot open). */
export function makeOriginKey(db: Db, deviceKey: Uint8Array): SmKeyPair {
  const pair = generateKeyPair()
  const put = prepare(db, 'INSERT INTO device_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  db.sqlite.transaction(() => {
    put.run(PUBLIC, pair.publicKey)
    put.run(SEALED, sealText(deviceKey, pair.privateKey))
  })()
  return pair
}

/** Whether an origin id was ever used in this database's log (a new origin must not be one). */
function used(db: Db, origin: string): boolean {
  return prepare(db, 'SELECT 1 FROM change_log WHERE origin = ? LIMIT 1').get(origin) !== undefined || ['origin', 'previous_origin', 'local_origin'].some((k) => meta(db, k) === origin)
}

/** A new origin id: derived from the origin key when the database has one, else random (legacy). */
export function newOriginId(db: Db): string {
  const key = originKeyPublic(db)
  for (let i = 0; i < 16; i++) {
    const origin = key ? deriveOrigin(key) : uuidv7()
    if (!used(db, origin)) return origin
  }
  throw new Error('could not make a new origin id')
}

/** Whether the origin is derived from this database's origin key. */
export function isOwnDerivedOrigin(db: Db, origin: string): boolean {
  const key = originKeyPublic(db)
  return key !== null && originDerivesFrom(origin, key)
}
