/** Verifying a stored signed revision: signature, digest, registered fingerprint, and that it is this sheet's. */
import type { SignatureCheckView } from '../../../shared/api/reviewTypes'
import type { SignedPayload } from '../../../shared/signing/types'
import { INVALID_CONTENT_LABEL, parseSheetContent } from '../../../shared/signing/contentSchema'
import { formatDigestShort, formatFingerprint, signatureId } from '../../../shared/signing/sm'
import type { Db } from '../db/connection'
import { first } from '../db/query'
import type { ScoreSheetsTable } from '../db/schema'
import { verifyStoredPayloads } from './verdictStore'

const LABELS = { valid: '有效', tampered: '已篡改', unverifiable: '无法验证' } as const

export function parseSignedPayload(json: string | null): SignedPayload | null {
  if (!json) return null
  try {
    const v: unknown = JSON.parse(json)
    return typeof v === 'object' && v !== null ? (v as SignedPayload) : null
  } catch {
    return null
  }
}

export function checkSheetSignature(db: Db, sheet: ScoreSheetsTable): SignatureCheckView | null {
  if (sheet.status === 'draft') return null
  const p = parseSignedPayload(sheet.signed_payload)
  const base = { digestShort: '', signatureId: '', fingerprint: '', signedAt: '' }
  if (!p) return { status: 'tampered', label: LABELS.tampered, reason: '已提交的评分表缺少签名数据', ...base }
  const info = {
    digestShort: typeof p.digest === 'string' ? formatDigestShort(p.digest) : '',
    signatureId: typeof p.signature === 'string' && p.signature ? signatureId(p.signature) : '',
    fingerprint: typeof p.fingerprint === 'string' && p.fingerprint.length === 64 ? formatFingerprint(p.fingerprint) : '',
    signedAt: typeof p.signedAt === 'string' ? p.signedAt : ''
  }
  const registered = first(db, db.kysely.selectFrom('experts').select('key_fingerprint').where('id', '=', sheet.expert_id))?.key_fingerprint ?? ''
  // The same check as verifySignedPayload, remembered for exactly this stored text (verdictStore.ts).
  const v = verifyStoredPayloads(db, [{ sheetId: sheet.id, text: sheet.signed_payload, registeredFingerprint: registered }])[0]
  const r = v && !v.parseError ? v.result : { status: 'tampered' as const, reason: '已提交的评分表缺少签名数据' }
  if (r.status !== 'valid') return { status: r.status, label: LABELS[r.status], reason: r.reason, ...info }
  // A valid signature over some other sheet (copied in) is tampering too.
  const parsed = parseSheetContent(p)
  if (!parsed.ok) return { status: 'unverifiable', label: INVALID_CONTENT_LABEL, reason: parsed.reason, ...info }
  const c = parsed.content
  if (p.kind !== 'expert-sheet' || c.sheetId !== sheet.id || c.expert?.id !== sheet.expert_id || c.project?.id !== sheet.project_id || c.revision !== sheet.revision) {
    return { status: 'tampered', label: LABELS.tampered, reason: '签名数据不属于这份评分表', ...info }
  }
  return {
    status: 'valid',
    label: LABELS.valid,
    reason: registered ? '签名有效，公钥与会上登记的指纹一致' : '签名完整有效；该专家的公钥指纹尚未由秘书处登记',
    ...info
  }
}
