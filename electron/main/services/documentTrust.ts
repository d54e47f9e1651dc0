/**
 * The meeting's root of trust as documents use it (issue 10): the secretariat master keys this laptop trusts
 * (pinned for sync, its own secretariat key, and keys saved on the 验证文档 page for documents only), and the
 * charter statement the secretariat's laptop signs into each exported document (documents/charter.ts).
 */
import { ApiError } from '../../../shared/api/errors'
import { normalizeFingerprint } from '../../../shared/signing/sm'
import { SECRETARIAT_AUTHOR } from '../../../shared/sync/ownership'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'
import type { SignedCharter } from '../documents/charter'
import { makeCharter } from '../documents/charter'
import type { DocumentKind } from '../documents/figures'
import type { Signer } from '../sync/signers'
import { loadSigners, pinnedSecretariat } from '../sync/signers'
import { getSetting, setSetting } from './settings'

/** Secretariat keys trusted for verifying documents only (not for sync): a JSON array of fingerprints. */
export const SETTING_TRUSTED_SECRETARIATS = 'documents.trusted_secretariats'
const MAX_SAVED = 50

function savedSecretariats(db: Db): string[] {
  try {
    const v = JSON.parse(getSetting(db, SETTING_TRUSTED_SECRETARIATS) ?? '[]') as unknown
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && /^[0-9a-f]{32}([0-9a-f]{32})?$/.test(x)) : []
  } catch {
    return []
  }
}

/** Every secretariat master key fingerprint this laptop trusts for documents. */
export function trustedSecretariats(db: Db): string[] {
  const own = prepare(db, 'SELECT fingerprint FROM secretariat_key WHERE id = 1').get() as { fingerprint: string } | undefined
  return [...new Set([...pinnedSecretariat(db), ...(own ? [own.fingerprint] : []), ...savedSecretariats(db)])]
}

/** Checks a typed secretariat fingerprint (32 or 64 hex, any grouping); throws a Chinese ApiError otherwise. */
export function parseSecretariatFingerprint(text: string): string {
  const fp = normalizeFingerprint(text)
  if (!/^[0-9a-f]{32}$|^[0-9a-f]{64}$/.test(fp)) {
    throw new ApiError('invalid_input', '秘书处公钥指纹格式不正确：应为秘书处公布的 32 位或 64 位十六进制字符（可分组）')
  }
  return fp
}

/** Saves a secretariat key's fingerprint as trusted for verifying documents on this laptop (once). */
export function saveTrustedSecretariat(db: Db, text: string): string {
  const fp = parseSecretariatFingerprint(text)
  const saved = savedSecretariats(db).filter((x) => x !== fp)
  if (saved.length >= MAX_SAVED) throw new ApiError('invalid_input', `已保存 ${MAX_SAVED} 个秘书处公钥指纹，不能再添加`)
  setSetting(db, SETTING_TRUSTED_SECRETARIATS, JSON.stringify([...saved, fp]))
  return fp
}

/** The secretariat's sync key on this laptop, when it holds one (the secretariat's laptop). */
export function secretariatSigner(db: Db, deviceKey: Uint8Array): Signer | null {
  return loadSigners(db, deviceKey).get(SECRETARIAT_AUTHOR) ?? null
}

export interface CharterFacts {
  meeting: { id: string; name: string; organiser: string }
  project: { id: string; name: string }
  kind: DocumentKind
  leader: { expertId: string; name: string; fingerprint: string } | null
  signers: { expertId: string; name: string; fingerprint: string }[]
}

/** The charter statement of one document, signed by the secretariat's sync key. */
export function signCharter(facts: CharterFacts, signer: Signer, now = new Date()): SignedCharter {
  return makeCharter(
    { meeting: facts.meeting, project: facts.project, document: facts.kind, leader: facts.leader, signers: facts.signers, issuedAt: now.toISOString() },
    signer
  )
}
