/**
 * Origin claims (issue 15): a device's statement, signed with its sync key, that an origin (a database's identity
 * in the replication) is its own. The sync server binds an origin to the device that claims it first — at
 * enrolment, or at the first hello after the origin was made — and to the sync key that signed the claim; from then
 * on it takes changes under that origin only from that device, or relayed by another device when the sealed unit
 * is signed by that same sync key (server/origins.ts). A claim is checked like a seal: the certificate must be
 * signed by the master key it names, the claim by the certified sync key.
 *
 * Message (plain UTF-8, so any SM2 library can check it): `paneldesk.origin/1\n{origin}\n{author}\n{sync key}\n{cert.sig}`.
 */
import { z } from 'zod'
import { sm2Sign, sm2Verify } from '../signing/sm'
import { certValid, syncKeyCertSchema, type SyncKeyCert } from './seal'

/** At most this many claims in one enrolment or hello (a device has its origin and a previous one, per author key). */
export const MAX_ORIGIN_CLAIMS = 16

export const originClaimSchema = z
  .object({
    v: z.literal(1),
    origin: z.string().min(1).max(80),
    cert: syncKeyCertSchema,
    sig: z.string().regex(/^30[0-9a-f]{12,300}$/)
  })
  .strict()
export type OriginClaim = z.infer<typeof originClaimSchema>

export function originClaimMessage(origin: string, cert: SyncKeyCert): string {
  return `paneldesk.origin/1\n${origin}\n${cert.author}\n${cert.key}\n${cert.sig}`
}

export function makeOriginClaim(origin: string, signer: { cert: SyncKeyCert; privateKey: string }): OriginClaim {
  return { v: 1, origin, cert: signer.cert, sig: sm2Sign(originClaimMessage(origin, signer.cert), signer.privateKey, signer.cert.key) }
}

/** Whether the claim is signed by the sync key its certificate names, and the certificate by its master key. */
export function originClaimValid(c: OriginClaim): boolean {
  return certValid(c.cert) && sm2Verify(originClaimMessage(c.origin, c.cert), c.sig, c.cert.key)
}
