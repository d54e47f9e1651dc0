/**
 * The budget lines of a project's package as an expert reviews and signs them (amounts in 万元), and the
 * expert's decisions on them. Lines come from the imported package (issue 3's tables).
 */
import type { BudgetLineFact } from '../../../shared/signing/envelope'
import type { BudgetLineReview, CutReason } from '../../../shared/domain/sheet'
import { CUT_REASONS } from '../../../shared/domain/sheet'
import type { Db } from '../db/connection'
import { all } from '../db/query'

/** Lines of the project's budget, in package order. Empty until a package with a budget is imported. */
export function budgetLineFacts(db: Db, projectId: string): BudgetLineFact[] {
  const hasTable = db.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'budget_lines'").get()
  if (!hasTable) return []
  const rows = db.sqlite
    .prepare('SELECT id, name, category, amount FROM budget_lines WHERE project_id = ? AND deleted = 0 ORDER BY sort_order')
    .all(projectId) as { id: string; name: string; category: string; amount: number | null }[]
  return rows.map((r) => ({ lineId: r.id, name: r.name, category: r.category, submittedAmount: r.amount ?? 0 }))
}

function asReason(v: string | null): CutReason | null {
  return v !== null && (CUT_REASONS as readonly string[]).includes(v) ? (v as CutReason) : null
}

export function budgetReviewsOf(db: Db, sheetId: string): Record<string, BudgetLineReview> {
  const out: Record<string, BudgetLineReview> = {}
  for (const r of all(db, db.kysely.selectFrom('budget_reviews').selectAll().where('sheet_id', '=', sheetId))) {
    out[r.line_id] = { lineId: r.line_id, approvedAmount: r.approved_amount, reason: asReason(r.reason), note: r.note }
  }
  return out
}
