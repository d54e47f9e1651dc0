/**
 * Signing and verifying payloads (docs/signatures.md), and building the content of an expert's sheet.
 *
 * A SignedPayload carries the exact canonical text that was signed. Verification never re-serialises the
 * content from a database row: it checks the text it was given, so a verifier needs nothing but the
 * envelope and (for identity) the fingerprint registered at the meeting.
 */
import type { SignedPayload, SheetPayload, ReviewedBudgetLine } from './types'
import type { RubricDefinition } from '../domain/rubric'
import type { BudgetLineReview, CitedText, ItemScore, SheetContent } from '../domain/sheet'
import { increaseProblem } from '../domain/budgetReview'
import { computeTotals, overridesVeto, validateItemScore, type ConclusionSuggestion } from '../domain/scoring'
import { CONCLUSIONS } from '../domain/conclusion'
import { canonicalize } from './canonical'
import { offerParsed } from './parsedHandoff'
import {
  fingerprintMatches,
  isPrivateKeyHex,
  isPublicKeyHex,
  normalizeFingerprint,
  publicKeyFingerprint,
  publicKeyFromPrivateKey,
  SM2_Z_BYTES,
  sm2Sign,
  sm2VerifyAfterRoom,
  sm3Hex,
  sm3HexOfBytes,
  utf8AfterRoom
} from './sm'

export const SIGNED_PAYLOAD_FORMAT = 'paneldesk.signed/1' as const
export const SHEET_PAYLOAD_FORMAT = 'paneldesk.sheet/1' as const

export type PayloadKind = SignedPayload['kind']

export type VerifyResult = { status: 'valid' } | { status: 'tampered' | 'unverifiable'; reason: string }

export class SigningError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SigningError'
  }
}

function toIso(now: Date | string): string {
  const d = typeof now === 'string' ? new Date(now) : now
  if (Number.isNaN(d.getTime())) throw new SigningError('签名时间无效')
  return d.toISOString()
}

/**
 * Signs `content`: canonicalises it, hashes the canonical UTF-8 bytes with SM3 (the `digest`), and signs the
 * same bytes with SM2-with-SM3. Throws SigningError when the key pair does not match or is malformed, and
 * CanonicalJsonError when the content cannot be canonicalised.
 */
export function signPayload(
  kind: PayloadKind,
  content: unknown,
  privateKey: string,
  publicKey: string,
  signer: { id: string; name: string },
  now: Date | string
): SignedPayload {
  if (!isPrivateKeyHex(privateKey)) throw new SigningError('私钥格式无效')
  if (!isPublicKeyHex(publicKey)) throw new SigningError('公钥格式无效')
  if (publicKeyFromPrivateKey(privateKey) !== publicKey) throw new SigningError('私钥与公钥不匹配')
  const canonical = canonicalize(content)
  return {
    format: SIGNED_PAYLOAD_FORMAT,
    kind,
    canonical,
    digest: sm3Hex(canonical),
    signature: sm2Sign(canonical, privateKey, publicKey),
    publicKey,
    fingerprint: publicKeyFingerprint(publicKey),
    signer: { id: signer.id, name: signer.name },
    signedAt: toIso(now)
  }
}

const tampered = (reason: string): VerifyResult => ({ status: 'tampered', reason })
const unverifiable = (reason: string): VerifyResult => ({ status: 'unverifiable', reason })

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Verifies a signed payload. Steps, in order (docs/signatures.md, "Verifying"):
 *  1. the envelope is well formed and of a known format            → else unverifiable
 *  2. the public key is a valid SM2 point                          → else unverifiable
 *  3. `canonical` is JSON that re-canonicalises to itself           → else tampered
 *  4. `digest` = SM3(UTF-8 of canonical)                            → else tampered
 *  5. `fingerprint` = SM3(public key bytes)                         → else tampered
 *  6. `signature` verifies over canonical with `publicKey`          → else tampered
 *  7. when `registeredFingerprint` is given: it matches the key     → else tampered ('' → unverifiable)
 *  8. for an expert sheet: the content is a sheet and names the signer as its expert → else tampered
 *
 * Without `registeredFingerprint` a 'valid' result proves integrity only, not who signed.
 */
/** The reason when a signature is sound but its key is not the registered one (a wrong registration, or a forgery). */
export const FINGERPRINT_MISMATCH_REASON = '签名公钥与会议登记的公钥指纹不符'

export function verifySignedPayload(p: SignedPayload, opts?: { registeredFingerprint?: string }): VerifyResult {
  const e = p as unknown
  if (!isRecord(e)) return unverifiable('签名数据不是对象')
  if (e.format !== SIGNED_PAYLOAD_FORMAT) return unverifiable(`不支持的签名格式：${String(e.format)}`)
  if (e.kind !== 'expert-sheet' && e.kind !== 'panel-opinion' && e.kind !== 'followup-opinion') return unverifiable(`不支持的签名类型：${String(e.kind)}`)
  for (const f of ['canonical', 'digest', 'signature', 'publicKey', 'fingerprint', 'signedAt'] as const) {
    if (typeof e[f] !== 'string') return unverifiable(`签名数据缺少字段 ${f}`)
  }
  const signer = e.signer
  if (!isRecord(signer) || typeof signer.id !== 'string' || typeof signer.name !== 'string') {
    return unverifiable('签名数据缺少签名人信息')
  }
  if (!/^[0-9a-f]{64}$/.test(p.digest)) return unverifiable('摘要格式无效（应为 64 位小写十六进制）')
  if (!/^[0-9a-f]{64}$/.test(p.fingerprint)) return unverifiable('公钥指纹格式无效（应为 64 位小写十六进制）')
  if (!/^30[0-9a-f]*$/.test(p.signature) || p.signature.length % 2 !== 0) return unverifiable('签名值格式无效（应为 DER 编码的十六进制）')
  if (!isPublicKeyHex(p.publicKey)) return unverifiable('公钥无效（不是 SM2 曲线上的非压缩点）')

  let content: unknown
  try {
    content = JSON.parse(p.canonical) as unknown
  } catch {
    return tampered('签名内容不是有效的 JSON')
  }
  let again: string
  try {
    again = canonicalize(content)
  } catch {
    return tampered('签名内容无法规范化')
  }
  if (again !== p.canonical) return tampered('签名内容不是规范形式，可能被改动')
  // The text encoded once for its digest and its signature (SM3(Z_A ‖ M)).
  const bytes = utf8AfterRoom(p.canonical)
  if (sm3HexOfBytes(bytes.subarray(SM2_Z_BYTES)) !== p.digest) return tampered('内容摘要（SM3）与内容不符，内容或摘要被改动')
  if (publicKeyFingerprint(p.publicKey) !== p.fingerprint) return tampered('公钥指纹与公钥不符')
  if (!sm2VerifyAfterRoom(bytes, p.signature, p.publicKey)) return tampered('SM2 签名验证失败，内容或签名被改动，或不是该公钥所签')

  const registered = opts?.registeredFingerprint
  if (registered !== undefined) {
    const r = normalizeFingerprint(registered)
    if (r === '') return unverifiable('该专家尚未在会议登记公钥指纹，无法确认签名人')
    if (!/^[0-9a-f]{32}([0-9a-f]{32})?$/.test(r)) return unverifiable('会议登记的公钥指纹格式无效')
    if (!fingerprintMatches(r, p.fingerprint)) return tampered(FINGERPRINT_MISMATCH_REASON)
  }

  if (p.kind === 'expert-sheet') {
    if (!isRecord(content) || content.format !== SHEET_PAYLOAD_FORMAT) return tampered('签名内容不是专家评审意见表')
    const expert = content.expert
    if (!isRecord(expert) || expert.id !== signer.id || expert.name !== signer.name) {
      return tampered('签名人与评审意见表中的专家不一致')
    }
    // Nothing has changed it (canonicalize only reads): the sheet's content check may take it instead of parsing again.
    offerParsed(p, p.canonical, content)
  }
  return { status: 'valid' }
}

/** Parses the signed content of a payload (call after verifySignedPayload returned 'valid'). */
export function payloadContent<T = unknown>(p: SignedPayload): T {
  return JSON.parse(p.canonical) as T
}

// ---------------------------------------------------------------------------------------------------------
// Building the content of an expert's sheet
// ---------------------------------------------------------------------------------------------------------

export class SheetPayloadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SheetPayloadError'
  }
}

/** A budget line of the project's package as submitted (amounts in 万元). */
export interface BudgetLineFact {
  lineId: string
  name: string
  category: string
  submittedAmount: number
  /** The labels of the submitted groups enclosing the line, outermost first (issue 14 item 2); absent before. */
  group?: string[]
}

export interface BuildSheetPayloadInput {
  sheetId: string
  revision: number
  meeting: SheetPayload['meeting']
  project: SheetPayload['project']
  expert: SheetPayload['expert']
  rubric: RubricDefinition
  content: SheetContent
  /** Every budget line of the package, in package order; lines without a review are kept as submitted. */
  budgetLines: BudgetLineFact[]
  /** ISO 8601 time of submission. */
  submittedAt: Date | string
  /** SHA-256 (hex) of the expert's handwritten signature PNG, '' when the expert has drawn none. */
  signatureImageSha256?: string
  /** The suggested conclusion at submission: signed with the sheet, with the expert's reason for departing from it. */
  suggestion?: ConclusionSuggestion
  /** The rule set the project's findings were derived with (version and SHA-256 digest), signed with the sheet. */
  ruleSet?: { version: string; digest: string }
}

/** The signed suggestion and reason, checked: a conclusion overriding a veto without a reason cannot be signed. */
function suggestionFields(input: BuildSheetPayloadInput): Pick<SheetPayload, 'suggestion' | 'conclusionReason'> {
  const s = input.suggestion
  if (!s) return {}
  const reason = (input.content.conclusionReason ?? '').trim()
  if (overridesVeto(s.vetoes, input.content.conclusion) && !reason) throw new SheetPayloadError('评审结论与否决项的建议（不予通过）不同，须说明理由')
  return { suggestion: { conclusion: s.conclusion, reasons: [...s.reasons], vetoes: [...s.vetoes] }, conclusionReason: reason }
}

/** SM3 of the canonical JSON of a rubric definition: what a signed sheet names its rubric by. */
export function rubricDigest(rubric: RubricDefinition): string {
  return sm3Hex(canonicalize(rubric))
}

function citedText(c: CitedText): CitedText {
  const out: CitedText = { id: c.id, text: c.text }
  if (c.cite?.kind === 'document') out.cite = { kind: 'document', documentPath: c.cite.documentPath, page: c.cite.page }
  else if (c.cite?.kind === 'budgetLine') out.cite = { kind: 'budgetLine', lineId: c.cite.lineId }
  return out
}

/**
 * The SheetPayload an expert signs on submission. Scores and opinions are taken for the rubric's items and
 * dimensions only (an opinion missing from the content is ''); totals come from computeTotals. Throws
 * SheetPayloadError (Chinese message) when the sheet cannot be signed: no declaration, a recusal, no
 * conclusion, an invalid score, an unscored required item, or a review of a line that is not in the package.
 * Other submission rules (an opinion for a low score, …) are the caller's validation.
 */
export function buildSheetPayload(input: BuildSheetPayloadInput): SheetPayload {
  const { rubric, content } = input
  const declaration = content.declaration
  if (!declaration) throw new SheetPayloadError('尚未作出回避声明')
  if (declaration.kind === 'recuse') throw new SheetPayloadError('已申请回避的项目不能提交评分表')
  if (content.conclusion === null || !(CONCLUSIONS as readonly string[]).includes(content.conclusion)) {
    throw new SheetPayloadError('尚未选择评审结论')
  }
  if (!Number.isInteger(input.revision) || input.revision < 1) throw new SheetPayloadError('修订号无效')

  const scores: Record<string, ItemScore> = {}
  for (const d of rubric.dimensions) {
    for (const item of d.items) {
      const s = content.scores[item.id]
      const score: ItemScore = s ? { value: s.value, na: s.na } : { value: null, na: false }
      const v = validateItemScore(item, score)
      if (!v.ok) throw new SheetPayloadError(v.message)
      if (score.na) score.value = null
      if (item.required && !score.na && score.value === null) {
        throw new SheetPayloadError(`「${d.name}」的「${item.name}」尚未评分`)
      }
      scores[item.id] = score
    }
  }
  const totals = computeTotals(rubric, scores)
  const dimensionTotals: Record<string, number> = {}
  const opinions: Record<string, string> = {}
  for (const dt of totals.dimensions) dimensionTotals[dt.dimensionId] = dt.score
  for (const d of rubric.dimensions) opinions[d.id] = content.opinions[d.id] ?? ''

  const lineIds = new Set<string>()
  const budgetReview: ReviewedBudgetLine[] = input.budgetLines.map((line) => {
    if (lineIds.has(line.lineId)) throw new SheetPayloadError(`概算行 ${line.lineId} 重复`)
    lineIds.add(line.lineId)
    if (!Number.isFinite(line.submittedAmount)) throw new SheetPayloadError(`概算行「${line.name}」的送审金额无效`)
    const r = content.budgetReview[line.lineId]
    if (r && r.approvedAmount !== null && (!Number.isFinite(r.approvedAmount) || r.approvedAmount < 0)) {
      throw new SheetPayloadError(`概算行「${line.name}」的核定金额无效`)
    }
    return reviewedLine(line, r)
  })
  for (const [id, r] of Object.entries(content.budgetReview)) {
    if (lineIds.has(id)) continue
    if (!r.added) throw new SheetPayloadError(`审核意见引用了不存在的概算行 ${id}`)
    lineIds.add(id)
    budgetReview.push(reviewedLine({ lineId: id, name: r.added.name, category: r.added.category, submittedAmount: 0 }, r))
  }
  for (const l of budgetReview) {
    const problem = increaseProblem({ lineId: l.lineId, numbering: '', name: l.name, category: l.category, submitted: l.submittedAmount, ...(l.added ? { added: true } : {}) }, l)
    if (problem) throw new SheetPayloadError(problem)
  }

  const m = input.meeting
  const pr = input.project
  const ex = input.expert
  if (!Number.isFinite(pr.declaredInvestment)) throw new SheetPayloadError('项目的送审投资无效')
  return {
    format: SHEET_PAYLOAD_FORMAT,
    sheetId: input.sheetId,
    revision: input.revision,
    meeting: { id: m.id, name: m.name, date: m.date, place: m.place },
    project: {
      id: pr.id,
      name: pr.name,
      ownerUnit: pr.ownerUnit,
      authorUnit: pr.authorUnit,
      declaredInvestment: pr.declaredInvestment,
      packageDigest: pr.packageDigest
    },
    expert: { id: ex.id, name: ex.name, unit: ex.unit, title: ex.title, specialty: ex.specialty },
    rubric: { id: rubric.id, version: rubric.version, name: rubric.name, digest: rubricDigest(rubric) },
    ...(input.ruleSet ? { ruleSet: { version: input.ruleSet.version, digest: input.ruleSet.digest } } : {}),
    signatureImage: input.signatureImageSha256 ?? '',
    scores,
    dimensionTotals,
    total: totals.total,
    opinions,
    mainProblems: content.mainProblems.map(citedText),
    suggestions: content.suggestions.map(citedText),
    conclusion: content.conclusion,
    ...suggestionFields(input),
    budgetReview,
    declaration: {
      kind: declaration.kind,
      reason: declaration.reason,
      declaredAt: declaration.declaredAt,
      // The warnings the expert saw when declaring; absent for older declarations, so older sheets sign as before.
      ...(declaration.shownConflicts ? { shownConflicts: declaration.shownConflicts } : {})
    },
    submittedAt: toIso(input.submittedAt)
  }
}

/** A line as signed: the fact with the expert's decision; 核增 lines and price citations only when present. */
function reviewedLine(line: BudgetLineFact, r: BudgetLineReview | undefined): ReviewedBudgetLine {
  return {
    lineId: line.lineId,
    name: line.name,
    category: line.category,
    submittedAmount: line.submittedAmount,
    ...(line.group ? { group: [...line.group] } : {}),
    approvedAmount: r ? r.approvedAmount : null,
    reason: r ? r.reason : null,
    note: r ? r.note : '',
    ...(r?.added ? { added: true as const } : {}),
    ...(r?.priceRef && r.reason === '单价偏高' && r.approvedAmount !== null ? { priceRef: { ...r.priceRef } } : {})
  }
}
