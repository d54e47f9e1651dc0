import type { ArithmeticCheck } from '../budget/arithmetic'
import type { SummaryReconciliation } from '../budget/reconcile'
import type { AmountUnit, BudgetLine } from '../budget/types'
import type { WorkbookSheetInfo } from '../budget/workbook'

export type FindingSeverity = 'info' | 'warning' | 'error'

export type FindingRef =
  | { kind: 'budgetLine'; lineId: string }
  | { kind: 'document'; documentPath: string; page?: number }

export interface SuggestedCut {
  /** 万元, exact to the 分 (computed on integer 分, see shared/domain/money.ts). */
  amount: number
  reason: string
}

/** A finding that stops the project as submitted (第十二条 不得建设, 第十一条 重新审批): the suggested conclusion is 不予通过. */
export interface FindingVeto {
  /** Chinese, citing the article: why the project cannot be approved as submitted. */
  reason: string
}

/**
 * One finding. Other sources of findings (e.g. a price reference library) add their own `code` prefixes and may set
 * `source` to label them; rules and consumers must ignore fields they do not know.
 */
export interface Finding {
  /** Unique within one run, stable for the same input: code plus what it points at. */
  id: string
  /** The article of the 办法 it cites, or null for pure arithmetic and fee-rate checks. */
  article: number | null
  /** Stable machine code, e.g. 'art3.office-equipment'. */
  code: string
  severity: FindingSeverity
  /** Chinese, with the numbers. */
  message: string
  refs: FindingRef[]
  suggestedCut?: SuggestedCut
  veto?: FindingVeto
  /** What produced the finding when not the rules of the 办法 (e.g. '价格参考'). */
  source?: string
  /** The rule set that produced it (version and digest), for findings of the rules. */
  ruleSet?: { version: string; digest: string }
}

export interface ContentDocument {
  path: string
  title: string
  role: 'main' | 'attachment'
  /** Extracted text per page (one entry for formats without pages, such as DOCX). */
  pages: readonly string[]
  /** False for DOCX and other formats without pages: refs then carry no page. */
  paged: boolean
}

export interface ContentDataList {
  present: boolean
  /** Path in the package, when present. */
  path: string | null
  rowCount: number
  missingColumns: readonly string[]
}

/** Everything the rules look at, already read and normalised (amounts in 万元). */
export interface PackageContent {
  project: {
    name: string
    ownerUnit: string
    authorUnit?: string | null
    declaredInvestment: number
    approvedEstimate?: number | null
  }
  budget: {
    path: string
    unit: AmountUnit
    lines: readonly BudgetLine[]
    computedTotal: number
    sheetTotal: number | null
    totalLineId: string | null
    arithmetic: readonly ArithmeticCheck[]
    /** The workbook's sheets (which were read as detail, which is the summary) and 汇总 vs 明细. */
    workbook?: { sheets: readonly WorkbookSheetInfo[]; reconciliation: SummaryReconciliation | null }
  } | null
  dataCatalog: ContentDataList
  dataNeeds: ContentDataList
  documents: readonly ContentDocument[]
}
