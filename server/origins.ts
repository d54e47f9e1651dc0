/**
 * Who owns an origin on the sync server (issue 15), and who may relay its changes.
 *
 * An origin is a laptop database's identity; origins are no secret (a folder file is named after its laptop's). A
 * device *owns* an origin once it has claimed it — at enrolment or at a hello, with a claim signed by its sync key
 * (shared/sync/originClaim.ts) — or, for a device that sends no claims (an older build), once its first push stored
 * something of it. The binding keeps the device (its token) and the sync key that signed the claim (or the first
 * unit stored). After that:
 *  - the owner pushes the origin as before (only as its own author);
 *  - another device may *relay* the owner's changes (a laptop that took them from a shared folder): a sealed unit
 *    under the origin is taken from it only when the unit verifies and its seal is signed by the bound sync key, so
 *    only what the owner itself signed gets into the origin's log;
 *  - anything else under the origin — a change another device wrote and sealed itself, a stub, a unit signed by
 *    another key — is not stored (counted as `ignored`).
 * An origin nobody has claimed or pushed is bound by nobody's relay: it waits for its owner.
 *
 * A claim re-binds an origin to the device making it when that device already owns it (its sync key changed) or
 * when the claim is signed by the bound sync key (the same laptop enrolled again with a new join code, e.g. after the
 * server was restored from an older backup). A claim for an origin bound to another device and key is refused:
 * the device is told (`originsTaken`) and reports it. A device owns at most MAX_OWNED_ORIGINS origins by claim.
 *
 * That first-claim rule holds for *legacy* (random) origins only. A derived origin (shared/sync/originId.ts) is
 * bound only by a claim, or a push, under the key it derives from: a claim by any other key is refused, a unit
 * sealed by any other key is refused or ignored, before or after its laptop enrols.
 */
import type { Kysely } from 'kysely'
import type { Change } from '../shared/sync/change'
import { originClaimValid, type OriginClaim } from '../shared/sync/originClaim'
import { checkUnit, parseSeal } from '../shared/sync/seal'
import { isDerivedOrigin, originDerivesFrom } from '../shared/sync/originId'
import type { ServerSchema } from './schema'

export interface ClaimingDevice {
  tokenHash: string
  author: string
}

/**
 * Binds the origins a device claims (claims for other authors, which a laptop holding several sync keys also sends,
 * are skipped; a claim that does not verify binds nothing). Returns the claimed origins another device owns.
 */
/**
 * Origins one device may own by claim (its current and previous origin per restore need a few): claims beyond it bind
 * nothing, so a modified client cannot fill the store with empty bindings (an origin bound by a push costs stored
 * changes, counted by the bytes quota).
 */
export const MAX_OWNED_ORIGINS = 32

export async function claimOrigins(db: Kysely<ServerSchema>, kind: 'sqlite' | 'pg', device: ClaimingDevice, claims: readonly OriginClaim[], reads = db): Promise<string[]> {
  const taken: string[] = []
  for (const claim of claims) {
    if (claim.cert.author !== device.author) continue
    const key = claim.cert.key
    // A derived origin (shared/sync/originId.ts) belongs to the key it derives from, claimed or not: any other
    // key's claim is refused, whoever claimed first.
    if (isDerivedOrigin(claim.origin) && !originDerivesFrom(claim.origin, key)) {
      taken.push(claim.origin)
      continue
    }
    const derived = isDerivedOrigin(claim.origin)
    const now = await reads.selectFrom('origins').select(['token_hash', 'sync_key']).where('origin', '=', claim.origin).executeTakeFirst()
    if (now?.token_hash === device.tokenHash && now.sync_key === key) continue // bound already: no signature to check
    if (!originClaimValid(claim)) continue
    if (!now) {
      const owned = await reads.selectFrom('origins').select((eb) => eb.fn.countAll<number | string>().as('n')).where('token_hash', '=', device.tokenHash).executeTakeFirst()
      if (Number(owned?.n ?? 0) >= MAX_OWNED_ORIGINS) continue
    }
    const outcome = await db.transaction().execute(async (trx) => {
      await trx.insertInto('origins').values({ origin: claim.origin, token_hash: device.tokenHash, max_seq: 0, sync_key: key }).onConflict((oc) => oc.column('origin').doNothing()).execute()
      let q = trx.selectFrom('origins').select(['token_hash', 'sync_key']).where('origin', '=', claim.origin)
      if (kind === 'pg') q = q.forUpdate()
      const row = await q.executeTakeFirstOrThrow()
      if (row.token_hash === device.tokenHash) {
        if (row.sync_key !== key) await trx.updateTable('origins').set({ sync_key: key }).where('origin', '=', claim.origin).execute()
        return 'bound'
      }
      if ((row.sync_key !== '' && row.sync_key === key) || derived) {
        // The bound key claims it again from a new token (the laptop enrolled again), or the claim proves a derived
        // origin (which no other key could have been bound to by a claim or a push of this version).
        if (derived && row.sync_key !== key) await trx.updateTable('origins').set({ sync_key: key }).where('origin', '=', claim.origin).execute()
        await trx.updateTable('origins').set({ token_hash: device.tokenHash }).where('origin', '=', claim.origin).execute()
        return 'bound'
      }
      return 'taken'
    })
    if (outcome === 'taken') taken.push(claim.origin)
  }
  return taken
}

/** Whether a sealed unit under an origin bound to `syncKey` was signed by that key (and verifies): a relay to take. */
export function relayable(unit: { changes: readonly Change[]; seal: string; stub: boolean }, syncKey: string): boolean {
  if (unit.stub || syncKey === '') return false
  if (parseSeal(unit.seal)?.cert.key !== syncKey) return false
  return checkUnit(unit.changes, unit.seal).ok
}

/** The sync key a stored unit was sealed with, when its seal verifies (to bind an origin at its first push). */
export function unitKey(unit: { changes: readonly Change[]; seal: string }): string | null {
  const check = checkUnit(unit.changes, unit.seal)
  return check.ok ? check.seal.cert.key : null
}
