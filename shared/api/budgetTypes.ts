/** 概算审核 objects that cross the API boundary. Amounts in 万元. */
import type { ReviewLine, ReviewTotals } from '../domain/budgetReview'
import type { BudgetSkeleton } from '../domain/budgetSkeleton'
import type { BudgetLineReview } from '../domain/sheet'

export interface LineFindingView {
  id: string
  article: number | null
  severity: 'info' | 'warning' | 'error'
  message: string
  suggestedCut: { amount: number; reason: string } | null
  /** Shown instead of the article: '价格参考' for the price findings (issue 13), which cite no article. */
  label?: string
  /** The finding is on a group of lines: its suggestion is shown once, on the group (GroupSuggestionView). */
  group?: string
}

/** A finding's suggested cut on a whole group of lines (issue 14 item 6): shown once, spread by the expert's choice. */
export interface GroupSuggestionView {
  findingId: string
  /** The group's name (the heading the finding names, or 多行). */
  group: string
  label: string
  message: string
  amount: number
  reason: string
  lines: { lineId: string; name: string; submitted: number }[]
}

/** A rate-based fee recomputed from its base after the expert's cuts, offered for acceptance. */
export interface FeeSuggestionView {
  id: string
  label: string
  rate: number
  baseSubmitted: number
  baseApproved: number
  feeNow: number
  feeRecomputed: number
  lines: { lineId: string; name: string; approved: number }[]
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
  /** The submitted structure: the rows are shown in its groups, with their subtotals (issue 14 item 2). */
  skeleton: BudgetSkeleton
  totals: ReviewTotals
  groupSuggestions: GroupSuggestionView[]
  feeSuggestions: FeeSuggestionView[]
}
