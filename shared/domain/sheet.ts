/**
 * An expert's score sheet for one project: the content an expert edits and, on submission, signs.
 * Amounts are in 万元.
 */
import type { Conclusion } from './conclusion'

export type SheetStatus = 'draft' | 'submitted' | 'reopened'

export const SHEET_STATUS_LABELS: Record<SheetStatus, string> = {
  draft: '评审中',
  submitted: '已提交',
  reopened: '已退回重评'
}

/** One sub-item score; `value` null means not yet scored; `na` marks 不适用 where the rubric allows it. */
export interface ItemScore {
  value: number | null
  na: boolean
}

/** A 主要问题 or 修改建议, optionally citing a document page or a budget line. */
export interface CitedText {
  id: string
  text: string
  cite?: { kind: 'document'; documentPath: string; page: number } | { kind: 'budgetLine'; lineId: string }
}

/** The longest 主要问题 / 修改建议 item or dimension opinion (characters); the screens count towards it. */
export const LONG_TEXT_MAX = 20_000

export const CUT_REASONS = ['第三条排除', '应依托政务云', '单价偏高', '工作量偏高', '重复建设', '费率超标', '其他'] as const
export type CutReason = (typeof CUT_REASONS)[number]

/**
 * 核增 (issue 14): a 核定 above 送审, or a cost line the budget left out (a missing 密评 or 监理 cost). Never a
 * side effect of a typed number: the reason must be 核增 and the note (why) is mandatory.
 */
export const INCREASE_REASON = '核增'
export const REVIEW_REASONS = [...CUT_REASONS, INCREASE_REASON] as const
export type ReviewReason = (typeof REVIEW_REASONS)[number]

/** The price reference a 单价偏高 cut rests on (issue 13): cited in the 概算审核对比表 with its source and date. */
export interface PriceCitation {
  /** 来源 of the references (政府采购协议价, 历史核定 …; several joined by 、). */
  source: string
  /** The newest reference's date (YYYY-MM-DD). */
  date: string
  /** How many references the median is of, and the median unit price in 分. */
  count: number
  medianFen: number
}

/** The expert's decision on one budget line: keep (approvedAmount null) or a 核定金额 with a reason. */
export interface BudgetLineReview {
  lineId: string
  approvedAmount: number | null
  reason: ReviewReason | null
  note: string
  /** A line the expert added (核增 of a cost the budget left out): its name and category; 送审 is 0. */
  added?: { name: string; category: string }
  /** The reference behind a 单价偏高 cut, when the line had counted references. */
  priceRef?: PriceCitation
}

export interface ConflictDeclaration {
  /** 无利害关系 or 申请回避 */
  kind: 'none' | 'recuse'
  reason: string
  declaredAt: string
  /** The unit-match warnings shown to the expert when declaring; absent for declarations made before they were kept. */
  shownConflicts?: string[]
}

export interface SheetContent {
  scores: Record<string, ItemScore>
  opinions: Record<string, string>
  mainProblems: CitedText[]
  suggestions: CitedText[]
  conclusion: Conclusion | null
  /** Why the conclusion departs from the suggestion (mandatory when it overrides a veto); '' or absent when none. */
  conclusionReason?: string
  budgetReview: Record<string, BudgetLineReview>
  declaration: ConflictDeclaration | null
}

export function emptySheetContent(): SheetContent {
  return { scores: {}, opinions: {}, mainProblems: [], suggestions: [], conclusion: null, budgetReview: {}, declaration: null }
}
