/** This database's identity in the replication: origin id, gap-free seq counter, hybrid logical clock. */
import { uuidv7 } from '../../../shared/domain/ids'
import { decodeHlc, encodeHlc, type Hlc } from '../../../shared/sync/hlc'
import type { Db } from './connection'
import { makeOriginKey, newOriginId, openOriginKey } from './originKey'
import { first, run } from './query'

export interface DeviceState {
  origin: string
  seq: number
  hlc: Hlc
}

function getMeta(db: Db, key: string): string | undefined {
  return first(db, db.kysely.selectFrom('device_meta').select('value').where('key', '=', key))?.value
}

function setMeta(db: Db, key: string, value: string): void {
  run(
    db,
    db.kysely
      .insertInto('device_meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
  )
}

/**
 * Creates the origin on a new database. Idempotent. Given the device secret (as the app does), the database gets an
 * origin key and its origin is derived from it (db/originKey.ts); without it, a random (legacy) origin.
 */
export function ensureDevice(db: Db, deviceKey?: Uint8Array): DeviceState {
  if (!getMeta(db, 'origin')) {
    db.sqlite.transaction(() => {
      if (deviceKey && !openOriginKey(db, deviceKey)) makeOriginKey(db, deviceKey)
      const origin = newOriginId(db)
      setMeta(db, 'origin', origin)
      setMeta(db, 'seq', '0')
      setMeta(db, 'hlc', encodeHlc({ ms: 0, counter: 0, origin }))
      setMeta(db, 'created_at', new Date().toISOString())
    })()
  }
  return readDevice(db)
}

export function readDevice(db: Db): DeviceState {
  const origin = getMeta(db, 'origin')
  const seq = getMeta(db, 'seq')
  const hlc = getMeta(db, 'hlc')
  if (!origin || seq === undefined || !hlc) throw new Error('device identity missing: call ensureDevice first')
  return { origin, seq: Number(seq), hlc: { ...decodeHlc(hlc), origin } }
}

/** Must run inside the transaction that used the state. */
export function saveDevice(db: Db, state: DeviceState): void {
  setMeta(db, 'seq', String(state.seq))
  setMeta(db, 'hlc', encodeHlc(state.hlc))
}

/**
 * A restored or copied database file must not reuse the sequence numbers its old origin already handed out:
 * it becomes a new origin (its old log stays as history under the old origin).
 */
export function renewOrigin(db: Db): string {
  let origin = ''
  db.sqlite.transaction(() => {
    origin = newOriginId(db) // derived from the origin key when the database has one
    const old = getMeta(db, 'origin')
    if (old) setMeta(db, 'previous_origin', old)
    setMeta(db, 'origin', origin)
    setMeta(db, 'seq', '0')
    const hlc = getMeta(db, 'hlc')
    const ms = hlc ? decodeHlc(hlc).ms : 0
    setMeta(db, 'hlc', encodeHlc({ ms, counter: 0, origin }))
  })()
  return origin
}

/**
 * The *local* origin: sample data made on this device (the demo meeting) is logged under an origin of its own that
 * is never sealed, so it never leaves the device and never blocks the device's real log behind it (a sync sends a
 * device's log only as far as it is signed). Created on first use.
 */
export function readLocalDevice(db: Db): DeviceState {
  let origin = getMeta(db, 'local_origin')
  if (!origin) {
    origin = uuidv7()
    const o = origin
    db.sqlite.transaction(() => {
      setMeta(db, 'local_origin', o)
      setMeta(db, 'local_seq', '0')
      setMeta(db, 'local_hlc', encodeHlc({ ms: 0, counter: 0, origin: o }))
    })()
  }
  return { origin, seq: Number(getMeta(db, 'local_seq') ?? '0'), hlc: { ...decodeHlc(getMeta(db, 'local_hlc') as string), origin } }
}

export function saveLocalDevice(db: Db, state: DeviceState): void {
  setMeta(db, 'local_seq', String(state.seq))
  setMeta(db, 'local_hlc', encodeHlc(state.hlc))
}

/** The local origin's id, or null when nothing was ever written under it. */
export function localOriginOf(db: Db): string | null {
  return getMeta(db, 'local_origin') ?? null
}
