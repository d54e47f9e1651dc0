/**
 * Offline verification of a PanelDesk Word document: every embedded signature (SM2 over the SM3 digest of
 * the canonical JSON, checked against the fingerprint registered at the meeting when given), then that the
 * figures document.xml shows (scores, totals, amounts, opinions, conclusion, signer names) are exactly those
 * derived from the signed payloads, that the signature images are the ones placed, and that the body text
 * is unchanged. Result: 有效 / 已篡改 / 无法验证, with what changed.
 */
import { createHash } from 'node:crypto'
import type { SignedPayload } from '../../../shared/signing/types'
import { canonicalize } from '../../../shared/signing/canonical'
import { parsePanelOpinionCanonical, parseSheetContent } from '../../../shared/signing/contentSchema'
import type { VerifyResult } from '../../../shared/signing/envelope'
import { verifySignedPayloadCached as verifySignedPayload } from './verifyCache'
import { sm3Hex } from '../../../shared/signing/sm'
import { figuresFor, sheetOf } from './derive'
import { bodyText, readDocxView, unzipDocx } from './docxRead'
import type { EmbeddedData } from './embed'
import { readEmbedded } from './embed'
import type { FigureMap } from './figures'
import { DOCUMENT_KIND_LABELS, mergedScoreDifferences } from './figures'
import type { PanelOpinion } from './model'
import { panelOpinionFromSheets } from './model'

export type DocumentStatus = '有效' | '已篡改' | '无法验证'

export interface SignatureCheck {
  signerId: string
  signerName: string
  kind: SignedPayload['kind']
  role: 'source' | 'leader'
  digest: string
  fingerprint: string
  status: 'valid' | 'tampered' | 'unverifiable'
  reason: string
}

export interface Mismatch {
  /** What differs, in Chinese (e.g. 「需求分析与业务流程」得分). */
  what: string
  expected: string
  found: string
}

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
}

export interface VerifyDocxOptions {
  /** Fingerprints registered at the meeting, by signer id (full 64 hex or the 32-hex read-aloud form). */
  registeredFingerprints?: Record<string, string>
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim()

function result(status: DocumentStatus, reason: string, partial: Partial<VerifyDocxResult> = {}): VerifyDocxResult {
  return { status, documentKind: '', signatures: [], mismatches: [], notes: [], ...partial, reason }
}

/** A valid signature over content that is not what its kind must be (contentSchema.ts) cannot be verified further. */
function contentChecked(p: SignedPayload, r: VerifyResult): VerifyResult {
  if (r.status !== 'valid') return r
  const c = p.kind === 'expert-sheet' ? parseSheetContent(p) : parsePanelOpinionCanonical<PanelOpinion>(p.canonical)
  return c.ok ? r : { status: 'unverifiable', reason: c.reason }
}

function checkSignatures(data: EmbeddedData, opts: VerifyDocxOptions | undefined): SignatureCheck[] {
  return data.payloads.map(({ role, payload: p }) => {
    const registered = opts?.registeredFingerprints ? (opts.registeredFingerprints[p.signer.id] ?? '') : undefined
    const r = contentChecked(p, verifySignedPayload(p, registered !== undefined ? { registeredFingerprint: registered } : undefined))
    return {
      signerId: p.signer.id,
      signerName: p.signer.name,
      kind: p.kind,
      role,
      digest: p.digest,
      fingerprint: p.fingerprint,
      status: r.status,
      reason: r.status === 'valid' ? '' : r.reason
    }
  })
}

/** The panel opinion the document may show: the 组长's signed one, or the one recomputed from the sheets. */
function trustedOpinion(data: EmbeddedData, sources: SignedPayload[], leader: SignedPayload | undefined, mismatches: Mismatch[]): { opinion?: PanelOpinion; problem?: string } {
  const stored = data.opinion
  const named = leader ? (JSON.parse(leader.canonical) as PanelOpinion) : stored
  if (!named) return { problem: '文档缺少专家组意见数据' }
  // Every sheet the opinion was made from must still be embedded ("a removed signer").
  const have = new Set(sources.map((p) => p.digest))
  for (const s of named.sources) {
    if (!have.has(s.digest)) {
      const m = named.members.find((x) => x.expertId === s.signerId)
      mismatches.push({ what: `${m?.name ?? s.signerId}签名的评审意见表`, expected: `内容摘要 ${s.digest.slice(0, 16)}…`, found: '文档中缺少该签名' })
    }
  }
  const named2 = new Set(named.sources.map((s) => s.digest))
  for (const p of sources) {
    if (!named2.has(p.digest)) mismatches.push({ what: `${p.signer.name}签名的评审意见表`, expected: '（专家组意见未列入）', found: `内容摘要 ${p.digest.slice(0, 16)}…` })
  }
  if (leader) {
    const sheets = sources.filter((p) => named2.has(p.digest)).map(sheetOf)
    for (const [what, expected, found] of mergedScoreDifferences(named, sheets)) mismatches.push({ what, expected, found })
    return { opinion: named }
  }
  if (!data.derivation) return { problem: '专家组意见未经组长签名，也没有汇总方法，无法核对' }
  let derived: PanelOpinion
  try {
    derived = panelOpinionFromSheets(sources, data.rubric, data.derivation)
  } catch (e) {
    return { problem: `无法由各专家评审意见表重新汇总专家组意见：${(e as Error).message}` }
  }
  if (stored && canonicalize(stored) !== canonicalize(derived) && mismatches.length === 0) {
    return { problem: '专家组意见未经组长签名，且与各专家评审意见表的自动汇总不一致' }
  }
  return { opinion: derived }
}

function compareFigures(expected: FigureMap, data: EmbeddedData, bookmarks: Map<string, string>, mismatches: Mismatch[]): void {
  const shown = new Map(data.figures.map((f) => [f.key, f]))
  for (const exp of expected.values()) {
    const f = shown.get(exp.key)
    if (!f || f.anchors.length === 0) {
      mismatches.push({ what: exp.what, expected: exp.value, found: '文档未记录该项的位置' })
      continue
    }
    for (const anchor of f.anchors) {
      const text = bookmarks.get(anchor)
      if (text === undefined) mismatches.push({ what: exp.what, expected: exp.value, found: '（文档中已找不到该项）' })
      else if (norm(text) !== norm(exp.value)) mismatches.push({ what: exp.what, expected: exp.value, found: norm(text) })
    }
  }
  for (const f of data.figures) {
    if (!expected.has(f.key)) mismatches.push({ what: f.what || f.key, expected: '（签名内容中没有此项）', found: f.value })
  }
}

function compareImages(data: EmbeddedData, drawings: Map<string, Uint8Array | null>, mismatches: Mismatch[]): void {
  for (const img of data.images) {
    const bytes = drawings.get(img.anchor)
    if (!bytes) {
      mismatches.push({ what: img.what, expected: `图片 SHA-256 ${img.value.slice(0, 16)}…`, found: '（文档中已找不到该图片）' })
      continue
    }
    const h = createHash('sha256').update(bytes).digest('hex')
    if (h !== img.value) mismatches.push({ what: img.what, expected: `图片 SHA-256 ${img.value.slice(0, 16)}…`, found: `图片已被替换（SHA-256 ${h.slice(0, 16)}…）` })
  }
}

/** Verifies a .docx made by PanelDesk. Never throws: unreadable input is 无法验证. */
export function verifyDocx(bytes: Uint8Array, opts?: VerifyDocxOptions): VerifyDocxResult {
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
  if (!opts?.registeredFingerprints) notes.push('未提供评审会登记的公钥指纹：只验证了签名与内容一致，未确认签名人身份')

  const signatures = checkSignatures(data, opts)
  const mismatches: Mismatch[] = []
  const partial = { documentKind, signatures, mismatches, notes }
  const bad = signatures.filter((s) => s.status === 'tampered')
  if (bad.length > 0) return result('已篡改', `${bad.map((s) => `${s.signerName}：${s.reason}`).join('；')}`, partial)
  const unv = signatures.filter((s) => s.status === 'unverifiable')
  if (unv.length > 0) return result('无法验证', unv.map((s) => `${s.signerName}：${s.reason}`).join('；'), partial)

  const sources = data.payloads.filter((p) => p.role === 'source').map((p) => p.payload)
  const leaders = data.payloads.filter((p) => p.role === 'leader').map((p) => p.payload)
  if (sources.length === 0) return result('无法验证', '文档中没有专家签名的评审意见表', partial)
  if (leaders.length > 1) return result('无法验证', '文档中有多份专家组意见签名', partial)
  const leader = leaders[0]

  let expected: FigureMap
  try {
    if (data.kind === 'expert-opinion') {
      if (sources.length !== 1) return result('无法验证', '专家个人评审意见表应只含一份签名', partial)
      expected = figuresFor('expert-opinion', sources, undefined, data.rubric, undefined)
    } else {
      const t = trustedOpinion(data, sources, leader, mismatches)
      if (!t.opinion) return result('无法验证', t.problem ?? '无法确定专家组意见', partial)
      if (leader) {
        const leaderId = leader.signer.id
        if (!t.opinion.members.some((m) => m.leader && m.expertId === leaderId)) {
          mismatches.push({ what: '专家组意见签名人', expected: '专家组组长', found: leader.signer.name })
        }
      }
      expected = figuresFor(data.kind, sources.filter((p) => t.opinion!.sources.some((s) => s.digest === p.digest)), leader, data.rubric, t.opinion)
    }
  } catch (e) {
    return result('无法验证', `无法由签名内容推导文档数字：${(e as Error).message}`, partial)
  }

  const view = readDocxView(files)
  compareFigures(expected, data, view.bookmarks, mismatches)
  compareImages(data, view.drawings, mismatches)
  if (mismatches.length === 0 && sm3Hex(bodyText(view)) !== data.bodyTextDigest) {
    mismatches.push({ what: '正文文字', expected: '与生成时一致', found: '正文中有文字被增删或修改（各项分数、金额和意见未变）' })
  }
  if (mismatches.length > 0) {
    const first = mismatches[0]!
    return result('已篡改', `文档内容与签名内容不一致（共${mismatches.length}处），如：${first.what}应为“${first.expected}”，文档中为“${first.found}”`, partial)
  }
  const who = signatures.map((s) => s.signerName).join('、')
  return result('有效', `${signatures.length}个签名均有效（${who}），文档所示分数、金额、意见和结论与签名内容一致`, partial)
}
