/**
 * The figures a document shows (scores, totals, amounts, opinions, conclusion, signer names), derived from
 * signed content only. Builders render these exact strings; the verifier derives them again from the
 * embedded signed payloads and compares them with what document.xml shows.
 */
import type { SheetPayload, SignedPayload } from '../../../shared/signing/types'
import { formatDigestShort, formatFingerprint, signatureId, sm3Hex } from '../../../shared/signing/sm'
import type { RubricDefinition } from '../../../shared/domain/rubric'
import { CONCLUSION_LABELS } from '../../../shared/domain/conclusion'
import { roundScore } from '../../../shared/domain/scoring'
import { panelBudgetTotals } from '../../../shared/domain/budgetReview'
import { fenToWan, wanToFen } from '../../../shared/domain/money'
import type { PriceCitation } from '../../../shared/domain/sheet'
import type { PanelOpinion } from './model'
import { MERGE_METHOD_LABELS, mergeValues } from './model'
import { formatAmount, formatDate, formatPercent, formatScore } from './style'
import { expertGroupRows, groupFigures, groupRowFigures, hasGroups, type BudgetDocRow } from './budgetGroups'
import { SIGNED_KIND_SHORT } from '../../../shared/signing/kindLabels'

export interface Figure {
  key: string
  /** What the figure is, in Chinese, for the verification report. */
  what: string
  value: string
}

export type FigureMap = Map<string, Figure>

export type DocumentKind = 'expert-opinion' | 'panel-opinion' | 'score-summary' | 'budget-comparison' | 'followup-opinion'

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  'expert-opinion': '专家个人评审意见表',
  'panel-opinion': '专家组评审意见',
  'score-summary': '评分汇总表',
  'budget-comparison': '概算审核对比表',
  'followup-opinion': '专家组复核意见'
}

class Collector {
  readonly map: FigureMap = new Map()
  add(key: string, what: string, value: string): void {
    if (this.map.has(key)) throw new Error(`重复的数字键 ${key}`)
    this.map.set(key, { key, what, value })
  }
}

/** Opinion text split into its paragraphs (blank lines dropped). */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
}

export function itemScoreText(s: { value: number | null; na: boolean } | undefined): string {
  if (!s) return '—'
  if (s.na) return '不适用'
  return s.value === null ? '—' : formatScore(s.value)
}

export function declarationText(d: SheetPayload['declaration']): string {
  return d.kind === 'none'
    ? '本人与该项目建设单位、编制单位及潜在供应商无利害关系，不存在需要回避的情形。'
    : `本人申请回避：${d.reason}`
}

function names(rubric: RubricDefinition | undefined): { dim: (id: string) => string; item: (id: string) => string } {
  const dims = new Map<string, string>()
  const items = new Map<string, string>()
  for (const d of rubric?.dimensions ?? []) {
    dims.set(d.id, d.name)
    for (const i of d.items) items.set(i.id, i.name)
  }
  return { dim: (id) => dims.get(id) ?? id, item: (id) => items.get(id) ?? id }
}

/** The budget totals of one expert's review: 送审, 核定 (kept lines at their submitted amount), 审减. */
export function sheetBudgetTotals(sheet: SheetPayload): { submitted: number; approved: number; cut: number; rate: number; increase: number } {
  const t = panelBudgetTotals(sheet.budgetReview.map((l) => ({ submittedAmount: l.submittedAmount, approvedAmount: l.approvedAmount ?? l.submittedAmount })))
  return { submitted: t.submittedTotal, approved: t.approvedTotal, cut: t.cutTotal, rate: t.cutRate, increase: t.increaseTotal ?? 0 }
}

/** Lines the expert changed (a 核定 that differs from the submitted amount). */
export function changedLines(sheet: SheetPayload): SheetPayload['budgetReview'] {
  return sheet.budgetReview.filter((l) => l.approvedAmount !== null && Math.abs(l.approvedAmount - l.submittedAmount) >= 0.005)
}

/** The rows of the expert's table in the submitted structure (budgetGroups.expertGroupRows), null without groups. */
export function expertTableRows(sheet: SheetPayload): BudgetDocRow<ExpertTableLine>[] | null {
  const changed = new Set(changedLines(sheet).map((l) => l.lineId))
  return expertGroupRows(
    sheet.budgetReview.map((l) => ({ ...l, approvedAmount: l.approvedAmount ?? l.submittedAmount })),
    changed
  )
}

export type ExpertTableLine = Omit<SheetPayload['budgetReview'][number], 'approvedAmount'> & { approvedAmount: number }

/** Figures of a 专家个人评审意见表. `rubric` only names them. */
export function expertOpinionFigures(sheet: SheetPayload, rubric?: RubricDefinition): FigureMap {
  const c = new Collector()
  const n = names(rubric)
  c.add('expert.name', '专家姓名', sheet.expert.name)
  c.add('expert.unit', '专家工作单位', sheet.expert.unit)
  c.add('project.name', '项目名称', sheet.project.name)
  c.add('project.investment', '送审投资（万元）', formatAmount(sheet.project.declaredInvestment))
  for (const [itemId, s] of Object.entries(sheet.scores)) c.add(`score.${itemId}`, `「${n.item(itemId)}」得分`, itemScoreText(s))
  for (const [dimId, v] of Object.entries(sheet.dimensionTotals)) c.add(`dim.${dimId}`, `「${n.dim(dimId)}」小计`, formatScore(v))
  c.add('total', '总分', formatScore(sheet.total))
  for (const [dimId, text] of Object.entries(sheet.opinions)) {
    paragraphsOf(text).forEach((p, i) => c.add(`opinion.${dimId}.${i + 1}`, `「${n.dim(dimId)}」评审意见第${i + 1}段`, p))
  }
  sheet.mainProblems.forEach((p, i) => c.add(`problem.${i + 1}`, `主要问题第${i + 1}条`, p.text.trim()))
  sheet.suggestions.forEach((p, i) => c.add(`suggestion.${i + 1}`, `修改建议第${i + 1}条`, p.text.trim()))
  const b = sheetBudgetTotals(sheet)
  c.add('budget.submitted', '概算送审合计（万元）', formatAmount(b.submitted))
  declaredDifference(c, sheet.project.declaredInvestment, b.submitted)
  c.add('budget.approved', '概算核定合计（万元）', formatAmount(b.approved))
  c.add('budget.cut', '审减额（万元）', formatAmount(b.cut))
  c.add('budget.rate', '审减率', formatPercent(b.rate))
  if (b.increase > 0) c.add('budget.increase', '核增额（万元）', formatAmount(b.increase))
  for (const l of changedLines(sheet)) {
    c.add(`line.${l.lineId}.submitted`, `概算行「${l.name}」送审金额`, formatAmount(l.submittedAmount))
    c.add(`line.${l.lineId}.approved`, `概算行「${l.name}」核定金额`, formatAmount(l.approvedAmount ?? l.submittedAmount))
    c.add(`line.${l.lineId}.reason`, `概算行「${l.name}」审减理由`, [l.reason ?? '', l.note.trim()].filter(Boolean).join('：') || '—')
  }
  // Sheets signed with the submitted structure: the groups holding a changed line, with their 小计.
  const rows = expertTableRows(sheet)
  if (rows) groupRowFigures(rows, (k, w, v) => c.add(k, w, v), (g) => g.increase > 0)
  c.add('declaration', '回避声明', declarationText(sheet.declaration))
  c.add('conclusion', '评审结论', CONCLUSION_LABELS[sheet.conclusion])
  conclusionDepartureFigures(c, sheet)
  c.add('date', '签署日期', formatDate(sheet.submittedAt))
  return c.map
}

/**
 * When the signed conclusion departs from the signed suggestion (a veto overridden, issue 14), the suggestion with
 * its reasons and the expert's reason are figures of the document. Sheets signed without a suggestion add none.
 */
function conclusionDepartureFigures(c: Collector, sheet: SheetPayload): void {
  const s = sheet.suggestion
  const reason = (sheet.conclusionReason ?? '').trim()
  if (!s || (s.conclusion === sheet.conclusion && !reason)) return
  c.add('conclusion.suggested', '建议结论', `${CONCLUSION_LABELS[s.conclusion]}${s.reasons.length > 0 ? `（${s.reasons.join('；')}）` : ''}`)
  paragraphsOf(reason || '未说明').forEach((p, i) => c.add(`conclusion.reason.${i + 1}`, `不同于建议结论的理由第${i + 1}段`, p))
}

/**
 * When the declared 送审投资 and the sum of the budget lines differ, the difference is its own figure (shown as an
 * explained sentence): 送审投资 is always the declared figure, the line sum is called 概算明细合计.
 */
function declaredDifference(c: Collector, declared: number, lineSum: number): void {
  if (Math.abs(declared - lineSum) < 0.005) return
  const diff = Math.round((lineSum - declared) * 100) / 100
  c.add('budget.declaredDiff', '概算明细合计与送审投资之差', `${diff > 0 ? '多' : '少'}${formatAmount(Math.abs(diff))}`)
}

function projectFigures(c: Collector, o: PanelOpinion): void {
  c.add('project.name', '项目名称', o.project.name)
}

/** Each expert's total 核定 (their own review of every line), shown in the panel documents. */
function expertApprovedTotals(c: Collector, sheets: readonly SheetPayload[]): void {
  for (const s of sheets) c.add(`expert.${s.expert.id}.approvedTotal`, `${s.expert.name}的核定投资合计（万元）`, formatAmount(sheetBudgetTotals(s).approved))
}

/** Figures of a 专家组评审意见. */
export function panelOpinionFigures(o: PanelOpinion, sheets: readonly SheetPayload[] = []): FigureMap {
  const c = new Collector()
  projectFigures(c, o)
  for (const s of sheets) c.add(`expert.${s.expert.id}.name`, `专家姓名：${s.expert.name}`, s.expert.name)
  expertApprovedTotals(c, sheets)
  c.add('project.owner', '建设单位', o.project.ownerUnit)
  c.add('project.author', '编制单位', o.project.authorUnit)
  c.add('project.investment', '送审投资（万元）', formatAmount(o.project.declaredInvestment))
  c.add('meeting.date', '评审日期', formatDate(o.meeting.date))
  c.add('meeting.place', '评审地点', o.meeting.place)
  c.add('process', '评审过程', o.process)
  for (const d of o.dimensions) c.add(`dim.${d.dimensionId}`, `「${d.name}」专家组得分`, formatScore(d.score))
  c.add('total', '专家组总分', formatScore(o.total))
  c.add('mergeMethod', '分数汇总方法', MERGE_METHOD_LABELS[o.mergeMethod])
  for (const d of o.dimensions) {
    paragraphsOf(o.opinions[d.dimensionId] ?? '').forEach((p, i) =>
      c.add(`opinion.${d.dimensionId}.${i + 1}`, `「${d.name}」专家组意见第${i + 1}段`, p)
    )
  }
  o.problems.forEach((p, i) => c.add(`problem.${i + 1}`, `主要问题第${i + 1}条`, p))
  o.suggestions.forEach((p, i) => c.add(`suggestion.${i + 1}`, `修改建议第${i + 1}条`, p))
  c.add('budget.submitted', '概算明细合计（万元）', formatAmount(o.budget.submittedTotal))
  declaredDifference(c, o.project.declaredInvestment, o.budget.submittedTotal)
  c.add('budget.approved', '核定投资合计（万元）', formatAmount(o.budget.approvedTotal))
  c.add('budget.cut', '审减额（万元）', formatAmount(o.budget.cutTotal))
  c.add('budget.rate', '审减率', formatPercent(o.budget.cutRate))
  for (const l of o.budget.lines) {
    c.add(`line.${l.lineId}.submitted`, `概算行「${l.name}」送审金额`, formatAmount(l.submittedAmount))
    c.add(`line.${l.lineId}.approved`, `概算行「${l.name}」核定金额`, formatAmount(l.approvedAmount))
    c.add(`line.${l.lineId}.cut`, `概算行「${l.name}」审减额`, formatAmount(l.submittedAmount - l.approvedAmount))
    c.add(`line.${l.lineId}.reason`, `概算行「${l.name}」审减理由`, l.reason || '—')
  }
  groupFigures(o, (k, w, v) => c.add(k, w, v), (g) => g.increase > 0)
  c.add('conclusion', '评审结论', CONCLUSION_LABELS[o.conclusion])
  for (const d of o.dissent) c.add(`dissent.${d.expertId}`, `${d.name}的不同意见`, `${d.name}专家的评审结论为“${CONCLUSION_LABELS[d.conclusion]}”`)
  for (const m of o.members) {
    c.add(`member.${m.expertId}.name`, `专家签字表：${m.name}`, m.name)
    c.add(`member.${m.expertId}.role`, `专家签字表：${m.name}的职务`, m.leader ? '组长' : '成员')
  }
  return c.map
}

/** Figures of a 评分汇总表: each expert's dimension scores and total, and the merged ones. */
export function scoreSummaryFigures(o: PanelOpinion, sheets: readonly SheetPayload[]): FigureMap {
  const c = new Collector()
  projectFigures(c, o)
  c.add('mergeMethod', '分数汇总方法', MERGE_METHOD_LABELS[o.mergeMethod])
  for (const s of sheets) {
    c.add(`expert.${s.expert.id}.name`, `专家姓名：${s.expert.name}`, s.expert.name)
    for (const d of o.dimensions) c.add(`expert.${s.expert.id}.dim.${d.dimensionId}`, `${s.expert.name}的「${d.name}」得分`, formatScore(s.dimensionTotals[d.dimensionId] ?? 0))
    c.add(`expert.${s.expert.id}.total`, `${s.expert.name}的总分`, formatScore(s.total))
    c.add(`expert.${s.expert.id}.conclusion`, `${s.expert.name}的评审结论`, CONCLUSION_LABELS[s.conclusion])
  }
  for (const d of o.dimensions) c.add(`dim.${d.dimensionId}`, `「${d.name}」专家组得分`, formatScore(d.score))
  c.add('total', '专家组总分', formatScore(o.total))
  c.add('conclusion', '专家组评审结论', CONCLUSION_LABELS[o.conclusion])
  return c.map
}

/** Category subtotals of the panel's budget lines, in order of first appearance; 审减 and 核增 apart, in 分. */
export function categorySubtotals(o: PanelOpinion): { category: string; submitted: number; approved: number; cut: number; increase: number }[] {
  const out = new Map<string, { category: string; lines: PanelOpinion['budget']['lines'] }>()
  for (const l of o.budget.lines) {
    const e = out.get(l.category) ?? { category: l.category, lines: [] }
    e.lines.push(l)
    out.set(l.category, e)
  }
  return [...out.values()].map((e) => {
    const t = panelBudgetTotals(e.lines)
    return { category: e.category, submitted: t.submittedTotal, approved: t.approvedTotal, cut: t.cutTotal, increase: t.increaseTotal ?? 0 }
  })
}

/** Whether the 概算审核对比表 needs its 核增 column / its 价格依据 column (absent in documents made before). */
export function comparisonExtras(o: PanelOpinion): { increase: boolean; cite: boolean } {
  return { increase: o.budget.lines.some((l) => wanToFen(l.approvedAmount) > wanToFen(l.submittedAmount)), cite: o.budget.lines.some((l) => !!l.priceRef) }
}

/** A price citation as the table prints it: 来源 and 日期. */
export function citationText(c: PriceCitation): string {
  return `${c.source}，${c.date}`
}

/** An expert's 核定 of one line: the amount, or the submitted amount when the expert kept the line. */
export function expertApproved(sheet: SheetPayload, lineId: string): number | null {
  const l = sheet.budgetReview.find((x) => x.lineId === lineId)
  return l ? (l.approvedAmount ?? l.submittedAmount) : null
}

/** Figures of a 概算审核对比表. */
export function budgetComparisonFigures(o: PanelOpinion, sheets: readonly SheetPayload[]): FigureMap {
  const c = new Collector()
  projectFigures(c, o)
  const index = sheets.map((s) => new Map(s.budgetReview.map((l) => [l.lineId, l.approvedAmount ?? l.submittedAmount])))
  for (const s of sheets) c.add(`expert.${s.expert.id}.name`, `专家姓名：${s.expert.name}`, s.expert.name)
  expertApprovedTotals(c, sheets)
  const extras = comparisonExtras(o)
  for (const l of o.budget.lines) {
    c.add(`line.${l.lineId}.submitted`, `概算行「${l.name}」送审金额`, formatAmount(l.submittedAmount))
    sheets.forEach((s, i) => {
      const v = index[i]!.get(l.lineId)
      c.add(`line.${l.lineId}.expert.${s.expert.id}`, `概算行「${l.name}」${s.expert.name}核定金额`, v === undefined ? '—' : formatAmount(v))
    })
    c.add(`line.${l.lineId}.approved`, `概算行「${l.name}」专家组核定金额`, formatAmount(l.approvedAmount))
    const diffFen = wanToFen(l.submittedAmount) - wanToFen(l.approvedAmount)
    c.add(`line.${l.lineId}.cut`, `概算行「${l.name}」审减额`, formatAmount(extras.increase ? fenToWan(Math.max(0, diffFen)) : l.submittedAmount - l.approvedAmount))
    if (extras.increase) c.add(`line.${l.lineId}.increase`, `概算行「${l.name}」核增额`, formatAmount(fenToWan(Math.max(0, -diffFen))))
    c.add(`line.${l.lineId}.reason`, `概算行「${l.name}」审减理由`, l.reason || '—')
    if (l.priceRef) c.add(`line.${l.lineId}.cite`, `概算行「${l.name}」价格依据（来源、日期）`, citationText(l.priceRef))
  }
  groupFigures(o, (k, w, v) => c.add(k, w, v), () => extras.increase)
  // With the submitted structure the groups carry the subtotals; category subtotals only for documents made before.
  if (!hasGroups(o)) categorySubtotals(o).forEach((cat, i) => {
    c.add(`category.${i + 1}.submitted`, `「${cat.category}」小计送审金额`, formatAmount(cat.submitted))
    c.add(`category.${i + 1}.approved`, `「${cat.category}」小计核定金额`, formatAmount(cat.approved))
    c.add(`category.${i + 1}.cut`, `「${cat.category}」小计审减额`, formatAmount(extras.increase ? cat.cut : cat.submitted - cat.approved))
    if (extras.increase) c.add(`category.${i + 1}.increase`, `「${cat.category}」小计核增额`, formatAmount(cat.increase))
  })
  c.add('budget.submitted', '送审合计（万元）', formatAmount(o.budget.submittedTotal))
  c.add('budget.approved', '核定合计（万元）', formatAmount(o.budget.approvedTotal))
  c.add('budget.cut', '审减额合计（万元）', formatAmount(o.budget.cutTotal))
  c.add('budget.rate', '审减率', formatPercent(o.budget.cutRate))
  if (extras.increase) c.add('budget.increase', '核增额合计（万元）', formatAmount(o.budget.increaseTotal ?? 0))
  return c.map
}

/**
 * Checks that a panel opinion agrees with the signed sheets it names: merged scores recomputed with its
 * method. Returns the differences as [what, expected, found].
 */
export function mergedScoreDifferences(o: PanelOpinion, sheets: readonly SheetPayload[]): [string, string, string][] {
  const out: [string, string, string][] = []
  for (const d of o.dimensions) {
    const expected = roundScore(mergeValues(sheets.map((s) => s.dimensionTotals[d.dimensionId] ?? 0), o.mergeMethod))
    if (formatScore(expected) !== formatScore(d.score)) out.push([`「${d.name}」专家组得分与各专家评分的汇总不符`, formatScore(expected), formatScore(d.score)])
  }
  const total = roundScore(mergeValues(sheets.map((s) => s.total), o.mergeMethod))
  if (formatScore(total) !== formatScore(o.total)) out.push(['专家组总分与各专家评分的汇总不符', formatScore(total), formatScore(o.total)])
  return out
}

/** Figures of the 验证信息 block: short digest, fingerprint and signature id of each signed payload. */
/** What each kind of signature is, in Chinese (verification reports, 验证信息). */

export function signatureFigures(map: FigureMap, payloads: readonly SignedPayload[]): FigureMap {
  for (const p of payloads) {
    const k = `sig.${p.kind}.${p.signer.id}`
    const role = SIGNED_KIND_SHORT[p.kind]
    const add = (key: string, what: string, value: string): void => {
      if (map.has(key)) throw new Error(`重复的数字键 ${key}`)
      map.set(key, { key, what, value })
    }
    add(`${k}.signer`, `验证信息：${p.signer.name}${role}签名人`, p.signer.name)
    add(`${k}.digest`, `验证信息：${p.signer.name}${role}内容摘要`, formatDigestShort(p.digest))
    add(`${k}.fingerprint`, `验证信息：${p.signer.name}签名公钥指纹`, formatFingerprint(p.fingerprint))
    add(`${k}.id`, `验证信息：${p.signer.name}${role}签名编号`, signatureId(p.signature))
  }
  return map
}

/** The digest a panel-level document's QR code carries when no 组长 signature exists: SM3 over the sources' digests. */
export function combinedDigest(payloads: readonly SignedPayload[]): string {
  return sm3Hex(payloads.map((p) => p.digest).join('\n'))
}
