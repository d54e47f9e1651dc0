/**
 * This device's origins and its signed claims to them (shared/sync/originClaim.ts): sent at enrolment and in every
 * hello, so the sync server binds them to this device and its sync key before anyone else can push under them
 * (server/origins.ts). One claim per origin (the current one and the one before a restore) and per author this
 * device holds a sync key for; the server uses those of the author the device is enrolled as.
 */
import { MAX_ORIGIN_CLAIMS, makeOriginClaim, type OriginClaim } from '../../../shared/sync/originClaim'
import { keyMaySignFor } from '../../../shared/sync/originId'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import { loadSigners } from './signers'

/** This device's own origins: the current one and the previous one (a restored or copied database). */
export function myOrigins(db: Db): Set<string> {
  const rows = prepare(db, "SELECT value FROM device_meta WHERE key IN ('origin', 'previous_origin')").all() as { value: string }[]
  return new Set(rows.map((r) => r.value))
}

export function originClaims(db: Db, deviceKey: Uint8Array): OriginClaim[] {
  const origins = [...myOrigins(db)]
  const out: OriginClaim[] = []
  for (const signer of loadSigners(db, deviceKey).values()) {
    // A derived origin is claimed only with the key it derives from (any other claim of it is refused).
    for (const origin of origins) if (out.length < MAX_ORIGIN_CLAIMS && keyMaySignFor(origin, signer.cert.key)) out.push(makeOriginClaim(origin, signer))
  }
  return out
}

/** The sync report's message for origins of this device that another device owns on the server. */
export function originTakenMessage(count: number | null): string {
  const what = count === null ? '本机的修改' : `本机的 ${count} 项修改`
  return `同步服务器未接收${what}：本机的设备标识在服务器上已属于另一台设备（可能是复制的数据库，或有人冒用了本机的标识），请联系秘书处`
}
