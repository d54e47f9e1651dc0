/**
 * 概算审核: an expert's decisions on the budget lines (keep, or a 核定金额 with a reason) and the totals they
 * give — 送审, 核定, 审减额 = 送审 − 核定, 审减率 = 审减额 / 送审 — by category and overall. Amounts in 万元.
 */
import type { Finding } from './compliance/types'
import { fenToWan, wanToFen } from './money'
import { CUT_REASONS, type BudgetLineReview, type CutReason } from './sheet'

export interface ReviewLine {
  lineId: string
  numbering: string
  name: string
  category: string
  submitted: number
}

export interface CutTotals {
  submitted: number
  approved: number
  cut: number
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

/** Totals from integer 分 (amounts 万元, exact). */
function totalsOf(submittedFen: number, approvedFen: number): CutTotals {
  const cutFen = submittedFen - approvedFen
  return {
    submitted: fenToWan(submittedFen),
    approved: fenToWan(approvedFen),
    cut: fenToWan(cutFen),
    cutRate: submittedFen > 0 ? cutFen / submittedFen : 0
  }
}

export function computeReviewTotals(lines: readonly ReviewLine[], reviews: Readonly<Record<string, BudgetLineReview>>): ReviewTotals {
  const byCat = new Map<string, { submitted: number; approved: number }>()
  let submitted = 0
  let approved = 0
  let changedLines = 0
  for (const line of lines) {
    const r = reviews[line.lineId]
    const s = wanToFen(line.submitted)
    const a = wanToFen(approvedOf(line, r))
    if (isChanged(line, r)) changedLines++
    submitted += s
    approved += a
    const c = byCat.get(line.category) ?? { submitted: 0, approved: 0 }
    c.submitted += s
    c.approved += a
    byCat.set(line.category, c)
  }
  return {
    overall: totalsOf(submitted, approved),
    byCategory: [...byCat.entries()].map(([category, t]) => ({ category, ...totalsOf(t.submitted, t.approved) })),
    changedLines
  }
}

export type ReviewValidation = { ok: true } | { ok: false; message: string }

/** A 核定金额 is a finite amount from 0 to the submitted amount; a cut needs a reason (其他 needs a note). */
export function validateLineReview(line: ReviewLine, r: BudgetLineReview): ReviewValidation {
  if (r.approvedAmount === null) return { ok: true }
  if (!Number.isFinite(r.approvedAmount) || r.approvedAmount < 0) return { ok: false, message: `「${line.name}」的核定金额无效` }
  if (r.approvedAmount > line.submitted + 1e-9) return { ok: false, message: `「${line.name}」的核定金额不能高于送审金额 ${line.submitted}` }
  if (r.approvedAmount < line.submitted - 1e-9) {
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
