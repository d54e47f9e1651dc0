/** 概算审核 objects that cross the API boundary. Amounts in 万元. */
import type { ReviewLine, ReviewTotals } from '../domain/budgetReview'
import type { BudgetLineReview } from '../domain/sheet'

export interface LineFindingView {
  id: string
  article: number | null
  severity: 'info' | 'warning' | 'error'
  message: string
  suggestedCut: { amount: number; reason: string } | null
  /** Shown instead of the article: '价格参考' for the price findings (issue 13), which cite no article. */
  label?: string
}

export interface BudgetReviewLineView extends ReviewLine {
  review: BudgetLineReview | null
  findings: LineFindingView[]
}

export interface BudgetReviewView {
  projectId: string
  /** The expert's current sheet (null before scoring starts); decisions are saved into it. */
  sheetId: string | null
  editable: boolean
  lines: BudgetReviewLineView[]
  totals: ReviewTotals
}
