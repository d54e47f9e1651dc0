/**
 * Who signed a received unit (every replica: laptops and the sync server), and whether this replica trusts them (issue 15): the secretariat's master key must be
 * pinned here; an expert's master key must be registered for that expert by an accepted (so secretariat-signed)
 * change of experts.key_fingerprint. A unit whose seal does not verify is rejected whole; a unit signed by a key
 * not (yet) trusted is held whole and judged again when a fingerprint is registered or a secretariat key pinned.
 */
import type { Change } from './change'
import { SECRETARIAT_AUTHOR } from './ownership'
import { checkUnit } from './seal'
import type { Verdict } from './verdict'
import { fingerprintMatches, formatFingerprint, normalizeFingerprint } from '../signing/sm'

/** Whether a secretariat master key (by its full fingerprint) is pinned (full or 32-hex read-aloud form). */
export function trustsSecretariat(pins: readonly string[], fullFingerprint: string): boolean {
  return pins.some((p) => fingerprintMatches(p, fullFingerprint))
}

export interface TrustContext {
  pins: readonly string[]
  fingerprintsOf(expertId: string): readonly string[]
}

/** Whether a master key (full fingerprint) may sign as `author` here: the pinned secretariat key, or a key the secretariat registered for the expert. */
export function signerTrusted(author: string, masterFingerprint: string, ctx: TrustContext): boolean {
  if (author === SECRETARIAT_AUTHOR) return trustsSecretariat(ctx.pins, masterFingerprint)
  return ctx.fingerprintsOf(author).some((f) => normalizeFingerprint(f) !== '' && fingerprintMatches(normalizeFingerprint(f), masterFingerprint))
}

/** null: the unit is proven to come from its author; else the verdict for every transaction in it. */
export function judgeUnit(changes: readonly Change[], seal: string, ctx: TrustContext): Exclude<Verdict, { status: 'accepted' }> | null {
  const first = changes[0] as Change
  const at = { tbl: first.tbl, rowId: first.rowId, col: first.col }
  const check = checkUnit(changes, seal)
  if (!check.ok) return { status: 'rejected', code: 'bad-seal', reason: `作者签名未通过核验：${check.reason}`, change: at }
  const fp = check.masterFingerprint
  if (first.author === SECRETARIAT_AUTHOR) {
    if (trustsSecretariat(ctx.pins, fp)) return null
    return {
      status: 'held',
      code: 'untrusted-secretariat',
      reason: `以“秘书处”名义签名的公钥（指纹 ${formatFingerprint(fp)}）不是本机确认的秘书处公钥，暂不采用`,
      change: at
    }
  }
  if (signerTrusted(first.author, fp, ctx)) return null
  return {
    status: 'held',
    code: 'unregistered-key',
    reason: `专家「${first.author.slice(0, 40)}」的签名公钥（指纹 ${formatFingerprint(fp)}）尚未由秘书处登记，暂不采用，登记后自动采用`,
    change: at
  }
}
