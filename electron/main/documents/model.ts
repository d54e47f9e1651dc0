/**
 * Plain input models of the four Word documents, and the panel opinion made directly from the experts'
 * signed sheets (used until the secretariat's merge exists). Amounts are in 万元.
 */
import type { SignedPayload, SheetPayload } from '../../../shared/signing/types'
import { parseSheetContent } from '../../../shared/signing/contentSchema'
import type { RubricDefinition } from '../../../shared/domain/rubric'
import type { Conclusion } from '../../../shared/domain/conclusion'
import { CONCLUSION_LABELS } from '../../../shared/domain/conclusion'
import { CUT_REASONS, INCREASE_REASON, type PriceCitation } from '../../../shared/domain/sheet'
import { panelBudgetTotals } from '../../../shared/domain/budgetReview'
import { wanToFen } from '../../../shared/domain/money'
import { unionReviewedLines } from '../../../shared/signing/reviewedLines'
import { roundScore } from '../../../shared/domain/scoring'
import { formatDate } from './style'
import type { SignedCharter } from './charter'
import type { ChartRenderer } from './chartImage'

/** 专家个人评审意见表: one signed revision of one expert's sheet. */
export interface ExpertOpinionDocInput {
  /** A SignedPayload of kind 'expert-sheet' (its canonical text is a SheetPayload). */
  payload: SignedPayload
  /** The rubric the sheet was scored with (for dimension and sub-item names). */
  rubric: RubricDefinition
  /** The expert's handwritten signature, PNG bytes (for the eye only). */
  signatureImage?: Uint8Array
  /** The fingerprint registered at check-in; when given the builder refuses a payload signed by another key. */
  registeredFingerprint?: string
  /** The secretariat's signed statement of the document's signers, embedded as is (charter.ts). */
  charter?: SignedCharter
}

export type MergeMethod = 'mean' | 'trimmed-mean' | 'median'

export const MERGE_METHOD_LABELS: Record<MergeMethod, string> = {
  mean: '算术平均（各专家评分之和除以专家人数）',
  'trimmed-mean': '去掉一个最高分和一个最低分后算术平均',
  median: '中位数'
}

export interface PanelMember {
  expertId: string
  name: string
  unit: string
  title: string
  specialty: string
  leader: boolean
}

export interface PanelDimensionScore {
  dimensionId: string
  name: string
  points: number
  score: number
}

export interface PanelBudgetLine {
  lineId: string
  name: string
  category: string
  submittedAmount: number
  /** The submitted groups enclosing the line, outermost first, as the experts' sheets signed them (absent before). */
  group?: string[]
  approvedAmount: number
  /** The reason of the 审减 ('' when the line is kept as submitted; 核增 when the panel's 核定 is above 送审). */
  reason: string
  /** The price reference behind a 单价偏高 cut (the first expert's, in sheet order, who cut for that reason). */
  priceRef?: PriceCitation
}

/** An expert whose conclusion differs from the panel's (dissent is recorded, never dropped). */
export interface PanelDissent {
  expertId: string
  name: string
  conclusion: Conclusion
}

/**
 * The content of a 专家组评审意见: what the 组长 signs (SignedPayload kind 'panel-opinion', canonical JSON of
 * this object). Proposed for shared/signing/types.ts.
 */
export interface PanelOpinion {
  format: 'paneldesk.panel-opinion/1'
  meeting: { id: string; name: string; date: string; place: string }
  project: SheetPayload['project']
  rubric: { id: string; version: number; name: string }
  members: PanelMember[]
  mergeMethod: MergeMethod
  budgetMergeMethod: MergeMethod
  dimensions: PanelDimensionScore[]
  total: number
  totalPoints: number
  /** 评审过程. */
  process: string
  /** Opinion per dimension id; paragraphs separated by '\n'. */
  opinions: Record<string, string>
  problems: string[]
  suggestions: string[]
  budget: {
    lines: PanelBudgetLine[]
    submittedTotal: number
    approvedTotal: number
    /** 审减额: the lines cut (a 核增 does not reduce it). */
    cutTotal: number
    /** 审减率 = 审减额 / 送审 (0 when nothing was submitted). */
    cutRate: number
    /** 核增额, only when some line's 核定 is above its 送审 (issue 14). */
    increaseTotal?: number
  }
  conclusion: Conclusion
  dissent: PanelDissent[]
  /** The signed sheets the opinion was made from. */
  sources: { signerId: string; sheetId: string; revision: number; digest: string }[]
  /** When the 组长 signed (ISO 8601 UTC), inside the signed content since documents/2. */
  signedAt?: string
}

/** What the panel-level documents share: the opinion, the sheets it came from, the 组长's signature. */
export interface PanelDocBase {
  opinion: PanelOpinion
  /** The experts' signed sheets (kind 'expert-sheet'), one per member. */
  sources: SignedPayload[]
  /** The 组长's signature over `opinion`, when the 组长 has signed it. */
  leaderPayload?: SignedPayload
  rubric: RubricDefinition
  /** How the opinion was derived when no 组长 signature exists (lets a verifier recompute it). */
  derivation?: PanelDerivation
  /** The secretariat's signed statement of the document's signers, embedded as is (charter.ts). */
  charter?: SignedCharter
  /** The renderer of the 评分图's PNG (chartImage.ts): absent for new documents (the current one); verification
   * passes the one the handed-in document names. */
  chartRenderer?: ChartRenderer
}

/** 专家组评审意见. */
export interface PanelOpinionDocInput extends PanelDocBase {
  /** Handwritten signatures by expert id, PNG bytes. */
  signatureImages: Record<string, Uint8Array>
}

/** 评分汇总表: experts × dimensions and totals, naming the merge method. */
export type ScoreSummaryDocInput = PanelDocBase & { signatureImages?: Record<string, Uint8Array> }

/** 概算审核对比表: budget lines × (送审, each expert's 核定, panel 核定, 审减额, reason). */
export type BudgetComparisonDocInput = PanelDocBase & { signatureImages?: Record<string, Uint8Array> }

export interface PanelDerivation {
  leaderId: string
  mergeMethod: MergeMethod
  budgetMergeMethod: MergeMethod
  /** The meeting's 组织单位 (meeting settings), named in 评审过程; absent in documents made before it was. */
  organiser?: string
}

/** Who 组织召开 the meeting in 评审过程: the meeting's organiser ("" leaves the sentence without one). */
function organiserClause(derivation: PanelDerivation): string {
  if (derivation.organiser === undefined) return '市发改委（数据管理局）' // documents made before the setting was used
  const o = derivation.organiser.trim()
  return o
}

// ---------------------------------------------------------------------------------------------------------
// Merging
// ---------------------------------------------------------------------------------------------------------

export function mergeValues(values: readonly number[], method: MergeMethod): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  if (method === 'median') {
    const mid = Math.floor(sorted.length / 2)
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  }
  const used = method === 'trimmed-mean' && sorted.length >= 5 ? sorted.slice(1, -1) : sorted
  return used.reduce((s, v) => s + v, 0) / used.length
}

const CONSERVATISM: Record<Conclusion, number> = { reject: 0, revise: 1, pass: 2 }

/** The panel's conclusion: the majority of the experts'; a tie goes to the more conservative conclusion. */
export function majorityConclusion(conclusions: readonly Conclusion[]): Conclusion {
  const counts = new Map<Conclusion, number>()
  for (const c of conclusions) counts.set(c, (counts.get(c) ?? 0) + 1)
  let best: Conclusion = 'reject'
  let bestCount = -1
  for (const [c, n] of counts) {
    if (n > bestCount || (n === bestCount && CONSERVATISM[c] < CONSERVATISM[best])) {
      best = c
      bestCount = n
    }
  }
  return best
}

function uniqueTexts(texts: readonly string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const t of texts) {
    const k = t.trim()
    if (k && !seen.has(k)) {
      seen.add(k)
      out.push(k)
    }
  }
  return out
}

/**
 * The panel's reason for a line: 核增 when its 核定 is above 送审; the experts' most given cut reason when below
 * (其他 when none gave one); '' when kept.
 */
function mergedReason(byLine: readonly Map<string, { reason: string | null }>[], lineId: string, submitted: number, approved: number): string {
  const a = wanToFen(approved)
  const s = wanToFen(submitted)
  if (a > s) return INCREASE_REASON
  if (Math.abs(approved - submitted) < 0.005) return ''
  const counts = new Map<string, number>()
  for (const index of byLine) {
    const r = index.get(lineId)
    if (r?.reason) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1)
  }
  let best = ''
  let n = 0
  for (const cand of CUT_REASONS) {
    const c = counts.get(cand) ?? 0
    if (c > n) {
      best = cand
      n = c
    }
  }
  return best || '其他'
}

function round2(x: number): number {
  return Math.round(x * 100) / 100
}

export class PanelInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PanelInputError'
  }
}

/**
 * The panel opinion made directly from the experts' signed sheets: scores merged by `mergeMethod`
 * (default mean), each line's 核定 by `budgetMergeMethod` (default median), the majority conclusion,
 * the experts' opinions per dimension gathered without repetition. Deterministic: a verifier recomputes it.
 */
export function panelOpinionFromSheets(
  sources: readonly SignedPayload[],
  rubric: RubricDefinition,
  derivation: PanelDerivation
): PanelOpinion {
  if (sources.length === 0) throw new PanelInputError('没有专家提交的评审意见表')
  const sheets = sources.map((p) => {
    if (p.kind !== 'expert-sheet') throw new PanelInputError('只能由专家评审意见表汇总专家组意见')
    const parsed = parseSheetContent(p)
    if (!parsed.ok) throw new PanelInputError(`${p.signer.name}的评审意见表${parsed.reason}`)
    return parsed.content
  })
  const first = sheets[0]!
  for (const s of sheets) {
    if (s.project.id !== first.project.id) throw new PanelInputError('评审意见表不属于同一项目')
    if (s.rubric.id !== rubric.id || s.rubric.version !== rubric.version) throw new PanelInputError('评审意见表使用的评分细则与所给细则不一致')
  }
  if (!sheets.some((s) => s.expert.id === derivation.leaderId)) throw new PanelInputError('组长不在提交评审意见表的专家之中')

  const dimensions: PanelDimensionScore[] = rubric.dimensions.map((d) => ({
    dimensionId: d.id,
    name: d.name,
    points: d.points,
    score: roundScore(mergeValues(sheets.map((s) => s.dimensionTotals[d.id] ?? 0), derivation.mergeMethod))
  }))
  const total = roundScore(mergeValues(sheets.map((s) => s.total), derivation.mergeMethod))

  const opinions: Record<string, string> = {}
  for (const d of rubric.dimensions) opinions[d.id] = uniqueTexts(sheets.flatMap((s) => (s.opinions[d.id] ?? '').split('\n'))).join('\n')

  // Budget lines in the order of the first sheet (every sheet lists the package's lines), then added lines.
  const byLine = sheets.map((s) => new Map(s.budgetReview.map((l) => [l.lineId, l])))
  const lines: PanelBudgetLine[] = unionReviewedLines(sheets).map((line) => {
    const approvals = byLine.map((index) => {
      const r = index.get(line.lineId)
      return r ? (r.approvedAmount ?? r.submittedAmount) : line.submittedAmount
    })
    const approved = round2(mergeValues(approvals, derivation.budgetMergeMethod))
    const reason = mergedReason(byLine, line.lineId, line.submittedAmount, approved)
    const cite = reason === '单价偏高' ? byLine.map((index) => index.get(line.lineId)).find((r) => r?.reason === '单价偏高' && r.priceRef)?.priceRef : undefined
    return {
      lineId: line.lineId,
      name: line.name,
      category: line.category,
      submittedAmount: line.submittedAmount,
      ...(line.group ? { group: [...line.group] } : {}),
      approvedAmount: approved,
      reason,
      ...(cite ? { priceRef: { ...cite } } : {})
    }
  })
  const { submittedTotal, approvedTotal, cutTotal, cutRate, increaseTotal } = panelBudgetTotals(lines)

  const conclusion = majorityConclusion(sheets.map((s) => s.conclusion))
  const members: PanelMember[] = sheets.map((s) => ({
    expertId: s.expert.id,
    name: s.expert.name,
    unit: s.expert.unit,
    title: s.expert.title,
    specialty: s.expert.specialty,
    leader: s.expert.id === derivation.leaderId
  }))
  const leader = members.find((m) => m.leader)!
  const m = first.meeting
  const process =
    `${formatDate(m.date)}，${organiserClause(derivation)}在${m.place}组织召开${first.project.name}可行性研究报告暨初步设计方案评审会。` +
    `会议成立了由${members.length}名专家组成的专家组（名单附后），${leader.name}任组长。` +
    `专家组听取了建设单位${first.project.ownerUnit}关于项目建设必要性和主要建设内容的汇报，以及编制单位${first.project.authorUnit}关于方案的介绍，` +
    `审阅了项目可研暨初设方案及投资概算，经质询和讨论，各专家独立评分，形成评审意见如下。`

  return {
    format: 'paneldesk.panel-opinion/1',
    meeting: { id: m.id, name: m.name, date: m.date, place: m.place },
    project: { ...first.project },
    rubric: { id: rubric.id, version: rubric.version, name: rubric.name },
    members,
    mergeMethod: derivation.mergeMethod,
    budgetMergeMethod: derivation.budgetMergeMethod,
    dimensions,
    total,
    totalPoints: rubric.totalPoints,
    process,
    opinions,
    problems: uniqueTexts(sheets.flatMap((s) => s.mainProblems.map((p) => p.text))),
    suggestions: uniqueTexts(sheets.flatMap((s) => s.suggestions.map((p) => p.text))),
    budget: { lines, submittedTotal, approvedTotal, cutTotal, cutRate, ...(increaseTotal !== undefined ? { increaseTotal } : {}) },
    conclusion,
    dissent: sheets
      .filter((s) => s.conclusion !== conclusion)
      .map((s) => ({ expertId: s.expert.id, name: s.expert.name, conclusion: s.conclusion })),
    sources: sources.map((p, i) => ({ signerId: p.signer.id, sheetId: sheets[i]!.sheetId, revision: sheets[i]!.revision, digest: p.digest }))
  }
}

/** A PanelOpinionDocInput made directly from the experts' signed sheets (mean merge, median 核定). */
export function panelInputFromSheets(
  sources: readonly SignedPayload[],
  rubric: RubricDefinition,
  options: {
    leaderId: string
    signatureImages?: Record<string, Uint8Array>
    mergeMethod?: MergeMethod
    budgetMergeMethod?: MergeMethod
    organiser?: string
  }
): PanelOpinionDocInput {
  const derivation: PanelDerivation = {
    leaderId: options.leaderId,
    mergeMethod: options.mergeMethod ?? 'mean',
    budgetMergeMethod: options.budgetMergeMethod ?? 'median',
    ...(options.organiser !== undefined ? { organiser: options.organiser } : {})
  }
  return {
    opinion: panelOpinionFromSheets(sources, rubric, derivation),
    sources: [...sources],
    rubric,
    derivation,
    signatureImages: options.signatureImages ?? {}
  }
}

export function conclusionLabel(c: Conclusion): string {
  return CONCLUSION_LABELS[c]
}
