/**
 * 概算审核: an expert's decisions on the budget lines (keep, or a 核定金额 with a reason) and the totals they
 * give — 送审, 核定, 审减额 = 送审 − 核定, 审减率 = 审减额 / 送审 — by category and overall. Amounts in 万元.
 */
import type { Finding } from './compliance/types'
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

const round2 = (x: number) => Math.round(x * 100) / 100

/** The approved amount of a line: the expert's 核定金额, or the submitted amount when the line is kept. */
export function approvedOf(line: ReviewLine, review: BudgetLineReview | undefined): number {
  return review && review.approvedAmount !== null ? review.approvedAmount : line.submitted
}

export function isChanged(line: ReviewLine, review: BudgetLineReview | undefined): boolean {
  return !!review && review.approvedAmount !== null && Math.abs(review.approvedAmount - line.submitted) > 1e-9
}

function totalsOf(submitted: number, approved: number): CutTotals {
  const cut = round2(submitted - approved)
  return { submitted: round2(submitted), approved: round2(approved), cut, cutRate: submitted > 0 ? cut / submitted : 0 }
}

export function computeReviewTotals(lines: readonly ReviewLine[], reviews: Readonly<Record<string, BudgetLineReview>>): ReviewTotals {
  const byCat = new Map<string, { submitted: number; approved: number }>()
  let submitted = 0
  let approved = 0
  let changedLines = 0
  for (const line of lines) {
    const r = reviews[line.lineId]
    const a = approvedOf(line, r)
    if (isChanged(line, r)) changedLines++
    submitted += line.submitted
    approved += a
    const c = byCat.get(line.category) ?? { submitted: 0, approved: 0 }
    c.submitted += line.submitted
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

/** The 审减 a finding suggests, as a decision on its budget line (null when it names no line or no cut). */
export function reviewFromFinding(f: Finding, line: ReviewLine): BudgetLineReview | null {
  if (!f.suggestedCut || f.suggestedCut.amount <= 0) return null
  const ref = f.refs.find((r) => r.kind === 'budgetLine')
  if (!ref || ref.kind !== 'budgetLine' || ref.lineId !== line.lineId) return null
  const reason: CutReason =
    f.article === 3 ? '第三条排除' : f.article === 12 ? '应依托政务云' : f.code.startsWith('fee') ? '费率超标' : '其他'
  const approved = Math.max(0, round2(line.submitted - Math.min(f.suggestedCut.amount, line.submitted)))
  return { lineId: line.lineId, approvedAmount: approved, reason, note: `采纳合规提示：${f.suggestedCut.reason}` }
}

export function isCutReason(x: string): x is CutReason {
  return (CUT_REASONS as readonly string[]).includes(x)
}
