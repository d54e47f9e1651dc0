/**
 * Offline verification of a PanelDesk Word document (issue 10). Every embedded signature is checked (SM2 over the
 * canonical JSON, against the fingerprint registered at the meeting when given; the signing time inside the
 * content agrees with the envelope's label; one signer id, one key). Then the document is regenerated from its
 * signed payloads alone (regenerate.ts) and what a reader sees in it (visible.ts: every story, tracked changes,
 * fields, pictures by hash, hidden or unreadable text) is compared with the document handed in; every difference
 * is listed as 应为…，文档中为…. Nothing unsigned in the .docx is trusted. Result: 有效 / 已篡改 / 无法验证.
 */
import type { SignedPayload } from '../../../shared/signing/types'
import { parsePanelOpinionCanonical, parseSheetContent } from '../../../shared/signing/contentSchema'
import type { VerifyResult } from '../../../shared/signing/envelope'
import { parseFollowupCanonical } from '../../../shared/signing/followupContent'
import type { PanelOpinion } from './model'
import { verifySignedPayloadCached as verifySignedPayload } from './verifyCache'
import { signedTimeOf } from './derive'
import { readDocxView, unzipDocx } from './docxRead'
import type { EmbeddedData } from './embed'
import type { ShownFigure } from './embed'
import { readEmbedded } from './embed'
import { DOCUMENT_KIND_LABELS } from './figures'
import { GENERATOR, type BuildReport } from './pack'
import type { Difference } from './regenerate'
import { planRegeneration } from './regenerate'
import { visibleView } from './visible'
import { visibleDifferences } from './visibleDiff'
import { checkCharter } from './charter'
import { formatFingerprint } from '../../../shared/signing/sm'
import type { CharterView } from './identity'
import { judgeCharter, unconfirmedReason } from './identity'

/** 身份未确认: every signature and the content are intact, but no signer's key is anchored (identity.ts). */
export type DocumentStatus = '有效' | '已篡改' | '无法验证' | '身份未确认'

export interface SignatureCheck {
  signerId: string
  signerName: string
  kind: SignedPayload['kind']
  role: 'source' | 'leader'
  digest: string
  fingerprint: string
  status: 'valid' | 'tampered' | 'unverifiable'
  reason: string
  /** How the signer's key is tied to the person: the trusted secretariat's charter, a given fingerprint, or not. */
  identity: 'charter' | 'registered' | 'unconfirmed'
}

export type Mismatch = Difference

export interface VerifyDocxResult {
  status: DocumentStatus
  /** The kind of document, in Chinese ('' when unknown). */
  documentKind: string
  signatures: SignatureCheck[]
  mismatches: Mismatch[]
  /** One-sentence explanation of the status, in Chinese. */
  reason: string
  /** Remarks that do not change the status (e.g. no registered fingerprints were given). */
  notes: string[]
  /** The secretariat's charter statement (null: the document has none). */
  charter: CharterView | null
}

export interface VerifyDocxOptions {
  /** Fingerprints registered at the meeting, by signer id (full 64 hex or the 32-hex read-aloud form; '' = none). */
  registeredFingerprints?: Record<string, string>
  /** Fingerprints of the secretariat master keys the verifier trusts (full or 32-hex form). */
  trustedSecretariats?: readonly string[]
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim()

function result(status: DocumentStatus, reason: string, partial: Partial<VerifyDocxResult> = {}): VerifyDocxResult {
  return { status, documentKind: '', signatures: [], mismatches: [], notes: [], charter: null, ...partial, reason }
}

/** A valid signature over content that is not what its kind must be (contentSchema.ts) cannot be verified further. */
function contentChecked(p: SignedPayload, r: VerifyResult): VerifyResult {
  if (r.status !== 'valid') return r
  const c = p.kind === 'expert-sheet' ? parseSheetContent(p) : p.kind === 'followup-opinion' ? parseFollowupCanonical(p.canonical) : parsePanelOpinionCanonical<PanelOpinion>(p.canonical)
  return c.ok ? r : { status: 'unverifiable', reason: c.reason }
}

function checkSignatures(data: EmbeddedData, opts: VerifyDocxOptions | undefined): SignatureCheck[] {
  return data.payloads.map(({ role, payload: p }) => {
    // Only a fingerprint given for this very signer id anchors it; an unknown id is simply not anchored.
    const given = opts?.registeredFingerprints?.[p.signer.id]?.trim() ?? ''
    const r = contentChecked(p, verifySignedPayload(p, given ? { registeredFingerprint: given } : undefined))
    return {
      signerId: p.signer.id,
      signerName: p.signer.name,
      kind: p.kind,
      role,
      digest: p.digest,
      fingerprint: p.fingerprint,
      status: r.status,
      reason: r.status === 'valid' ? '' : r.reason,
      identity: given && r.status === 'valid' ? ('registered' as const) : ('unconfirmed' as const)
    }
  })
}

/** Signing times and keys: the label outside each signature must agree with the time inside it; one id, one key. */
function envelopeDifferences(data: EmbeddedData): Mismatch[] {
  const out: Mismatch[] = []
  const keys = new Map<string, string>()
  for (const { payload: p } of data.payloads) {
    const inner = signedTimeOf(p)
    if (inner !== null && inner !== p.signedAt) out.push({ what: `${p.signer.name}的签名时间`, expected: inner, found: p.signedAt })
    const k = keys.get(p.signer.id)
    if (k !== undefined && k !== p.fingerprint) out.push({ what: `签名人 ${p.signer.name}（${p.signer.id}）的公钥`, expected: `同一签名人只用一把密钥（指纹 ${k.slice(0, 16)}…）`, found: `另一把密钥（指纹 ${p.fingerprint.slice(0, 16)}…）` })
    keys.set(p.signer.id, p.fingerprint)
  }
  return out
}

/** Figures of the regenerated document (trusted: made here) that read differently inside the document's bookmarks. */
function figureDifferences(regenerated: readonly ShownFigure[], bookmarks: Map<string, string>): Mismatch[] {
  const out: Mismatch[] = []
  for (const f of regenerated) {
    for (const anchor of f.anchors) {
      const text = bookmarks.get(anchor)
      if (text !== undefined && norm(text) !== norm(f.value)) out.push({ what: f.what, expected: f.value, found: norm(text) })
    }
  }
  return out
}

/**
 * The document regenerated from its signed data (with the figures it shows and their bookmarks), with what was
 * found on the way; or why that is impossible.
 */
export async function regenerateFromSigned(
  files: Record<string, Uint8Array>,
  data: EmbeddedData,
  pictures: Map<string, Uint8Array> = visibleView(files).pictures
): Promise<{ bytes: Uint8Array; report: BuildReport; figures: ShownFigure[]; differences: Mismatch[]; notes: string[] } | { problem: string; differences: Mismatch[] }> {
  const plan = planRegeneration(data, pictures)
  if ('problem' in plan) return { problem: plan.problem, differences: plan.differences ?? [] }
  try {
    const report: BuildReport = {}
    const bytes = await plan.build(report)
    return { bytes, report, figures: report.figures ?? [], differences: plan.differences, notes: plan.notes }
  } catch (e) {
    return { problem: `无法由签名内容重新生成文档：${(e as Error).message}`, differences: plan.differences }
  }
}

/** Marks a difference that is only the score chart's PNG (another picture where the regenerated PNG stands). */
function markChart(d: Mismatch, pngSha: string): Mismatch {
  const token = `〔图片 ${pngSha.slice(0, 16)}〕`
  if (!d.expected.includes(token)) return d
  const plain = (t: string): string => t.replace(/〔图片 [0-9a-f]{16}〕/g, '〔图片〕')
  if (plain(d.expected) !== plain(d.found)) return d
  return { what: '「评分图」PNG 图片', expected: `由签名数据生成的图片（SHA-256 ${pngSha.slice(0, 16)}…）`, found: '另一幅图片', chartOnly: true }
}

function tamperedReason(mismatches: Mismatch[]): string {
  const first = mismatches[0]!
  return `文档内容与签名内容不一致（共${mismatches.length}处），如：${first.what}应为“${first.expected}”，文档中为“${first.found}”`
}

/** Verifies a .docx made by PanelDesk. Never throws: unreadable input is 无法验证. */
export async function verifyDocx(bytes: Uint8Array, opts?: VerifyDocxOptions): Promise<VerifyDocxResult> {
  let files: Record<string, Uint8Array>
  try {
    files = unzipDocx(bytes)
  } catch (e) {
    return result('无法验证', (e as Error).message)
  }
  let data: EmbeddedData | null
  try {
    data = readEmbedded(files)
  } catch (e) {
    return result('无法验证', `内嵌签名数据无法读取：${(e as Error).message}`)
  }
  if (!data) return result('无法验证', '文档中没有评审台的内嵌签名数据（可能不是由评审台生成，或已被另存为其他格式）')
  const documentKind = DOCUMENT_KIND_LABELS[data.kind] ?? ''
  if (!documentKind) return result('无法验证', `未知的文档类型：${String(data.kind)}`)
  const notes: string[] = []
  const signatures = checkSignatures(data, opts)
  const mismatches: Mismatch[] = []
  const charter = judgeCharter(data, opts?.trustedSecretariats ?? [])
  const partial = { documentKind, signatures, mismatches, notes, charter: charter.view }
  const bad = signatures.filter((s) => s.status === 'tampered')
  if (bad.length > 0) return result('已篡改', `${bad.map((s) => `${s.signerName}：${s.reason}`).join('；')}`, partial)
  const unv = signatures.filter((s) => s.status === 'unverifiable')
  if (unv.length > 0) return result('无法验证', unv.map((s) => `${s.signerName}：${s.reason}`).join('；'), partial)
  if (charter.view?.status === 'tampered') return result('已篡改', `秘书处签署的评审会名单未通过验证：${charter.view.reason}`, partial)
  mismatches.push(...envelopeDifferences(data), ...charter.differences)
  if (data.generator !== GENERATOR) {
    if (mismatches.length > 0) return result('已篡改', tamperedReason(mismatches), partial)
    return result('无法验证', `文档由另一版本的评审台生成（${data.generator || '未注明版本'}），本版本（${GENERATOR}）不能逐项重现其内容；可用“恢复签名原文”由签名数据重新生成文档`, partial)
  }

  // The handed-in document is read once (its pictures feed the regeneration, its view the comparison).
  const handedIn = visibleView(files)
  const regenerated = await regenerateFromSigned(files, data, handedIn.pictures)
  mismatches.push(...regenerated.differences)
  if ('problem' in regenerated) {
    if (mismatches.length > 0) return result('已篡改', tamperedReason(mismatches), partial)
    return result('无法验证', regenerated.problem, partial)
  }
  notes.push(...regenerated.notes)
  // The regenerated document's parts as built (the same bytes its zip holds) and the image hashes it recorded.
  const authentic = regenerated.report.files ?? unzipDocx(regenerated.bytes)
  const figures = figureDifferences(regenerated.figures, readDocxView(files).bookmarks)
  mismatches.push(...figures)
  const seen = (t: string): boolean => figures.some((f) => t.includes(f.found) || t.includes(f.expected))
  const chart = (regenerated.report.images ?? readEmbedded(authentic)!.images).find((i) => i.key === 'chart.png')
  for (const d of visibleDifferences(visibleView(authentic), handedIn)) {
    if (figures.length > 0 && seen(d.found) && seen(d.expected)) continue
    mismatches.push(chart ? markChart(d, chart.value) : d)
  }
  if (mismatches.length > 0) {
    // The chart's PNG is rasterised with this computer's fonts: when it alone differs, it may be the fonts.
    if (mismatches.every((m) => m.chartOnly)) {
      return result('无法验证', '「评分图」PNG 图片与本机由签名数据重新生成的不一致：可能被替换，也可能是生成文档的电脑字体不同；请在生成文档的电脑上核验，或以表格中的分数为准', partial)
    }
    return result('已篡改', tamperedReason(mismatches), partial)
  }
  if (charter.anchors) for (const s of signatures) if (s.identity === 'unconfirmed') s.identity = 'charter'
  const unanchored = signatures.filter((s) => s.identity === 'unconfirmed')
  if (unanchored.length > 0) return result('身份未确认', unconfirmedReason(charter.view, [...new Set(unanchored.map((s) => s.signerName))]), partial)
  if (charter.anchors) notes.push(`签名人身份已由秘书处签署的评审会名单确认（秘书处公钥指纹 ${formatFingerprint(charter.view!.secretariatFingerprint)}）`)
  const who = signatures.map((s) => s.signerName).join('、')
  return result('有效', `${signatures.length}个签名均有效（${who}），文档中读者可见的全部内容与由签名数据重新生成的文档一致`, partial)
}

/**
 * 恢复签名原文: the authentic document regenerated from the signed data a .docx carries (even a tampered one).
 * Throws an Error with a Chinese message when the signatures are broken or the signed data is incomplete.
 */
export async function restoreDocx(bytes: Uint8Array): Promise<Uint8Array> {
  const files = unzipDocx(bytes)
  const data = readEmbedded(files)
  if (!data) throw new Error('文档中没有评审台的内嵌签名数据，无法恢复')
  const bad = checkSignatures(data, undefined).filter((s) => s.status !== 'valid')
  if (bad.length > 0) throw new Error(`签名数据本身未通过验证，无法恢复：${bad.map((s) => `${s.signerName}：${s.reason}`).join('；')}`)
  // A charter statement whose own signature fails is not signed data: the restored document goes without it.
  if (data.charter && !checkCharter(data.charter).ok) delete data.charter
  const r = await regenerateFromSigned(files, data)
  if ('problem' in r) throw new Error(`无法恢复签名原文：${r.problem}`)
  return r.bytes
}
