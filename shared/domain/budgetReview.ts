/**
 * 概算审核: an expert's decisions on the budget lines (keep, or a 核定金额 with a reason) and the totals they
 * give — 送审, 核定, 审减额 = 送审 − 核定, 审减率 = 审减额 / 送审 — by category and overall. Amounts in 万元.
 */
import type { Finding } from './compliance/types'
import { fenToWan, wanToFen } from './money'
import { CUT_REASONS, INCREASE_REASON, type BudgetLineReview, type CutReason } from './sheet'

export interface ReviewLine {
  lineId: string
  numbering: string
  name: string
  category: string
  submitted: number
  /** A line the expert added (核增 of a missing cost); 送审 0. */
  added?: boolean
}

export interface CutTotals {
  submitted: number
  approved: number
  /** 审减: the sum of the lines cut (送审 − 核定 where 核定 is lower). */
  cut: number
  /** 核增: the sum of the lines raised or added (核定 − 送审 where 核定 is higher), kept apart from 审减. */
  increase: number
  /** 审减率 as a fraction (0.1 = 10%); 0 when nothing was submitted. */
  cutRate: number
}

export interface ReviewTotals {
  overall: CutTotals
  byCategory: ({ category: string } & CutTotals)[]
  changedLines: number
}

/** The approved amount of a line: the expert's 核定金额, or the submitted amount when the line is kept. */
export function approvedOf(line: ReviewLine, review: BudgetLineReview | undefined): number {
  return review && review.approvedAmount !== null ? review.approvedAmount : line.submitted
}

export function isChanged(line: ReviewLine, review: BudgetLineReview | undefined): boolean {
  return !!review && review.approvedAmount !== null && wanToFen(review.approvedAmount) !== wanToFen(line.submitted)
}

interface FenSums {
  submitted: number
  approved: number
  cut: number
  increase: number
}

function addLine(t: FenSums, s: number, a: number): void {
  t.submitted += s
  t.approved += a
  if (a < s) t.cut += s - a
  else t.increase += a - s
}

/** Totals from integer 分 (amounts 万元, exact). */
function totalsOf(t: FenSums): CutTotals {
  return {
    submitted: fenToWan(t.submitted),
    approved: fenToWan(t.approved),
    cut: fenToWan(t.cut),
    increase: fenToWan(t.increase),
    cutRate: t.submitted > 0 ? t.cut / t.submitted : 0
  }
}

/** The lines of a review: the budget's lines, then the lines the expert added (核增 of a missing cost). */
export function linesWithAdded(lines: readonly ReviewLine[], reviews: Readonly<Record<string, BudgetLineReview>>): ReviewLine[] {
  const known = new Set(lines.map((l) => l.lineId))
  const added: ReviewLine[] = []
  for (const r of Object.values(reviews)) {
    if (!r.added || known.has(r.lineId)) continue
    added.push({ lineId: r.lineId, numbering: '', name: r.added.name, category: r.added.category, submitted: 0, added: true })
  }
  return [...lines, ...added]
}

export function computeReviewTotals(lines: readonly ReviewLine[], reviews: Readonly<Record<string, BudgetLineReview>>): ReviewTotals {
  const byCat = new Map<string, FenSums>()
  const all: FenSums = { submitted: 0, approved: 0, cut: 0, increase: 0 }
  let changedLines = 0
  for (const line of lines) {
    const r = reviews[line.lineId]
    const s = wanToFen(line.submitted)
    const a = wanToFen(approvedOf(line, r))
    if (isChanged(line, r)) changedLines++
    addLine(all, s, a)
    const c = byCat.get(line.category) ?? { submitted: 0, approved: 0, cut: 0, increase: 0 }
    addLine(c, s, a)
    byCat.set(line.category, c)
  }
  return {
    overall: totalsOf(all),
    byCategory: [...byCat.entries()].map(([category, t]) => ({ category, ...totalsOf(t) })),
    changedLines
  }
}

export type ReviewValidation = { ok: true } | { ok: false; message: string }

/**
 * The 核增 rule alone: a 核定 above 送审 needs the reason 核增 and a note saying why, 核增 needs a 核定 above 送审,
 * and an added line needs its amount. Null when the decision keeps it.
 */
export function increaseProblem(line: ReviewLine, r: Pick<BudgetLineReview, 'approvedAmount' | 'reason' | 'note'>): string | null {
  if (r.approvedAmount === null) return line.added ? `请填写漏项「${line.name}」的核增金额` : null
  const a = wanToFen(r.approvedAmount)
  const s = wanToFen(line.submitted)
  if (a > s) {
    if (r.reason !== INCREASE_REASON) return `「${line.name}」的核定金额高于送审金额 ${fenToWan(s)} 万元：如确需核增，请选择“核增”并说明理由`
    if (!r.note.trim()) return `请说明「${line.name}」核增的理由`
    return null
  }
  if (r.reason === INCREASE_REASON) return `「${line.name}」选择了“核增”，核定金额须高于送审金额 ${fenToWan(s)} 万元`
  return null
}

/**
 * A 核定金额 is a finite amount of at least 0. Below 送审 it is a cut and needs a cut reason (其他 needs a note);
 * above 送审 it is a 核增 and needs the reason 核增 with a note saying why — never a typed number alone.
 */
export function validateLineReview(line: ReviewLine, r: BudgetLineReview): ReviewValidation {
  if (r.approvedAmount !== null && (!Number.isFinite(r.approvedAmount) || r.approvedAmount < 0)) return { ok: false, message: `「${line.name}」的核定金额无效` }
  const inc = increaseProblem(line, r)
  if (inc) return { ok: false, message: inc }
  if (r.approvedAmount !== null && wanToFen(r.approvedAmount) < wanToFen(line.submitted)) {
    if (!r.reason) return { ok: false, message: `请为「${line.name}」选择审减理由` }
    if (r.reason === '其他' && !r.note.trim()) return { ok: false, message: `「${line.name}」的审减理由为“其他”时请填写说明` }
  }
  return { ok: true }
}

/** The reason from the list of DOMAIN.md that a finding's suggested cut stands for. */
export function cutReasonOf(f: Pick<Finding, 'article' | 'code'>): CutReason {
  if (f.code === 'price.high') return '单价偏高'
  if (f.code.includes('duplicate')) return '重复建设'
  return f.article === 3 ? '第三条排除' : f.article === 12 ? '应依托政务云' : f.code.startsWith('fee') ? '费率超标' : '其他'
}

/**
 * Spreads a cut over lines in proportion to their amounts, in whole 分 (the rounding remainder goes to the
 * largest line), never below zero. A cut of the whole or more approves every line at 0.
 */
export function distributeCut(lines: readonly ReviewLine[], cut: number): Map<string, number> {
  const totalFen = lines.reduce((s, l) => s + wanToFen(l.submitted), 0)
  const cutFen = wanToFen(cut)
  const out = new Map<string, number>()
  if (totalFen <= 0 || cutFen <= 0) return out
  if (cutFen >= totalFen) {
    for (const l of lines) out.set(l.lineId, 0)
    return out
  }
  const keepFen = totalFen - cutFen
  let assigned = 0
  const fen = new Map<string, number>()
  for (const l of lines) {
    const a = Math.floor((wanToFen(l.submitted) * keepFen) / totalFen)
    fen.set(l.lineId, a)
    assigned += a
  }
  const largest = [...lines].sort((a, b) => b.submitted - a.submitted)[0]
  if (largest) fen.set(largest.lineId, (fen.get(largest.lineId) ?? 0) + keepFen - assigned)
  for (const [id, a] of fen) out.set(id, fenToWan(Math.max(0, a)))
  return out
}

/**
 * The 审减 a finding suggests, as decisions on the reviewable lines it covers: the line it names, or, when it
 * names a group heading (e.g. 服务器及存储设备 with its items), the group's items, cut in proportion.
 */
export function reviewsFromFinding(f: Finding, covered: readonly ReviewLine[]): BudgetLineReview[] {
  if (!f.suggestedCut || f.suggestedCut.amount <= 0 || covered.length === 0) return []
  const approved = distributeCut(covered, f.suggestedCut.amount)
  const reason = cutReasonOf(f)
  return covered.map((l) => ({ lineId: l.lineId, approvedAmount: approved.get(l.lineId) ?? l.submitted, reason, note: `采纳合规提示：${f.suggestedCut?.reason ?? ''}` }))
}

export function isCutReason(x: string): x is CutReason {
  return (CUT_REASONS as readonly string[]).includes(x)
}

/** Totals of merged lines in exact 分: 审减 (lines cut) and 核增 (lines raised or added) apart. */
export interface PanelBudgetTotals {
  submittedTotal: number
  approvedTotal: number
  /** 审减额: the lines cut only. */
  cutTotal: number
  cutRate: number
  /** 核增额, present only when some line was raised (documents made before 核增 existed keep their content). */
  increaseTotal?: number
}

export function panelBudgetTotals(lines: readonly { submittedAmount: number; approvedAmount: number }[]): PanelBudgetTotals {
  const t: FenSums = { submitted: 0, approved: 0, cut: 0, increase: 0 }
  for (const l of lines) addLine(t, wanToFen(l.submittedAmount), wanToFen(l.approvedAmount))
  return {
    submittedTotal: fenToWan(t.submitted),
    approvedTotal: fenToWan(t.approved),
    cutTotal: fenToWan(t.cut),
    // The same division as before 核增 existed (万元 ÷ 万元), so earlier documents derive the same figure.
    cutRate: t.submitted > 0 ? fenToWan(t.cut) / fenToWan(t.submitted) : 0,
    ...(t.increase > 0 ? { increaseTotal: fenToWan(t.increase) } : {})
  }
}
