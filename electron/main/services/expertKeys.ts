/**
 * The public keys this laptop has seen for an expert, to catch a mistyped fingerprint at check-in: the keys of
 * the expert's signed sheets, the master keys certifying the expert's sealed sync units (each certificate checked
 * against the master key it names), and this laptop's own identity when it is that expert. None of these proves
 * who the expert is (anyone can sign with a key of their own under the expert's id); they only tell whether a
 * typed fingerprint is one of the keys actually seen, so check-in refuses a typo and asks again. All reads are
 * bounded.
 */
import { ApiError } from '../../../shared/api/errors'
import { fingerprintMatches, normalizeFingerprint, publicKeyFingerprint, sm2Verify } from '../../../shared/signing/sm'
import { certMessage, parseSeal } from '../../../shared/sync/seal'
import type { Db } from '../db/connection'
import { prepare } from '../db/query'

const MAX_ROWS = 200

function fingerprintOf(publicKey: unknown): string | null {
  if (typeof publicKey !== 'string') return null
  try {
    return publicKeyFingerprint(publicKey)
  } catch {
    return null
  }
}

/** Full (64-hex) fingerprints of the keys seen for the expert on this laptop, without duplicates. */
export function knownFingerprints(db: Db, expertId: string): string[] {
  const out = new Set<string>()
  const add = (fp: string | null) => fp && out.add(fp)
  const own = prepare(db, 'SELECT public_key FROM local_identity WHERE id = ?').get(expertId) as { public_key: string } | undefined
  add(fingerprintOf(own?.public_key))
  const sheets = prepare(db, 'SELECT signed_payload FROM score_sheets WHERE expert_id = ? AND signed_payload IS NOT NULL LIMIT ?').all(expertId, MAX_ROWS) as { signed_payload: string }[]
  for (const s of sheets) {
    try {
      const p = JSON.parse(s.signed_payload) as { publicKey?: unknown; signer?: { id?: unknown } }
      if (p.signer?.id === expertId) add(fingerprintOf(p.publicKey))
    } catch {
      // An unreadable payload tells nothing about the key.
    }
  }
  const seals = prepare(db, 'SELECT DISTINCT seal FROM change_log WHERE author = ? AND seal IS NOT NULL LIMIT ?').all(expertId, MAX_ROWS) as { seal: string }[]
  const masters = new Set<string>()
  for (const { seal } of seals) {
    const s = parseSeal(seal)
    if (!s || s.cert.author !== expertId || masters.has(s.cert.master)) continue
    masters.add(s.cert.master)
    if (sm2Verify(certMessage(s.cert), s.cert.sig, s.cert.master)) add(fingerprintOf(s.cert.master))
  }
  return [...out]
}

/** Whether a registered fingerprint (32 or 64 hex) is one of the keys seen; true when none has been seen. */
export function matchesKnownKey(known: readonly string[], fingerprint: string): boolean {
  return known.length === 0 || known.some((k) => fingerprintMatches(fingerprint, k))
}

export const FINGERPRINT_UNKNOWN_MESSAGE =
  '输入的指纹与本机收到的该专家签名密钥不符：请专家再读一遍，逐组核对（常见为一个字符读错或输错）。如专家确认屏幕上就是这个指纹（例如重新生成过密钥），请勾选“已与专家本人当面核对”后再登记。'

export function parseFingerprintText(text: string): string {
  const t = text.trim()
  if (!t) return ''
  const compact = t.replace(/[\s-]/g, '')
  const full = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/i.exec(compact)
  if (full) return full[0].toLowerCase()
  const fp = normalizeFingerprint(t.replace(/^paneldesk:fp:/i, ''))
  if (/^[0-9a-f]{32}$|^[0-9a-f]{64}$/.test(fp)) return fp
  const message = '公钥指纹格式不正确：应为专家屏幕上显示的 8 组 4 位十六进制字符（或完整的 64 位指纹）'
  throw new ApiError('invalid_input', message, [{ path: 'text', message }])
}
