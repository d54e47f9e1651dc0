/**
 * A copied database file must not go on writing under the origin of the file it was copied from (its seqs would
 * collide with the original's). The file's identity (device and inode) is recorded in the database; a file whose
 * identity changed was copied (or restored, or moved to another disk) and takes a new origin before any write.
 */
import fs from 'node:fs'
import type { Db } from '../db/connection'
import { renewOrigin } from '../db/device'
import { makeOriginKey, openOriginKey, originKeyPublic } from '../db/originKey'
import { first, run } from '../db/query'
import { loadSigners } from './signers'

const KEY = 'file_identity'

export function fileIdentity(file: string): string {
  const st = fs.statSync(file, { bigint: true })
  return `${st.dev}:${st.ino}`
}

/**
 * Returns the new origin when the file was copied, else null. Call at open, before any write. Given this device's
 * secret, a copy whose origin key was sealed under another laptop's secret takes an origin key of its own (so its new
 * origin is derived from a key this laptop holds); so does a legacy copy whose sync keys this device cannot open
 * either (they must be made again anyway).
 */
export function renewOriginIfCopied(db: Db, file: string, deviceKey?: Uint8Array): string | null {
  const identity = fileIdentity(file)
  const stored = first(db, db.kysely.selectFrom('device_meta').select('value').where('key', '=', KEY))?.value
  let renewed: string | null = null
  if (stored !== undefined && stored !== identity) {
    if (deviceKey && !openOriginKey(db, deviceKey) && (originKeyPublic(db) !== null || loadSigners(db, deviceKey).size === 0)) makeOriginKey(db, deviceKey)
    renewed = renewOrigin(db)
  }
  if (stored !== identity) {
    run(db, db.kysely.insertInto('device_meta').values({ key: KEY, value: identity }).onConflict((oc) => oc.column('key').doUpdateSet({ value: identity })))
  }
  return renewed
}
