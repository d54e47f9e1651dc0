/**
 * The checks of one budget sheet as words, for the read-only sheet preview of the 概算 tab (issue 14 item 1): its
 * own arithmetic (数量×单价, 小计, 合计, the declared investment) and 汇总 vs 明细, worded exactly as the findings
 * word them (the same rules run on the previewed sheet), at most `shown` of each with the full count beside.
 */
import type { SummaryReconciliation } from '../budget/reconcile'
import { defaultComplianceConfig } from './config'
import { arithmeticRule } from './rules/arithmetic'
import { workbookRule } from './rules/workbook'
import type { PackageContent } from './types'

/** Messages shown per kind of check; the rest are counted. */
export const PREVIEW_CHECKS_SHOWN = 50

export interface SheetCheckWords {
  arithmetic: string[]
  arithmeticCount: number
  reconciliation: {
    summarySheet: string
    detailSheet: string
    summaryTotal: number
    detailTotal: number
    mismatches: string[]
    mismatchCount: number
  } | null
}

type SheetBudget = NonNullable<PackageContent['budget']>

function bare(budget: SheetBudget): PackageContent {
  return {
    project: { name: '', ownerUnit: '', declaredInvestment: 0 },
    budget,
    dataCatalog: { present: false, path: null, rowCount: 0, missingColumns: [] },
    dataNeeds: { present: false, path: null, rowCount: 0, missingColumns: [] },
    documents: []
  }
}

/**
 * `budget` is the previewed sheet read as the budget; `reconciliation` the 汇总 vs 明细 that concerns it (null when
 * the workbook has no summary to compare), `detailSheet` the sheet(s) its detail side is.
 */
export function sheetCheckWords(budget: SheetBudget, reconciliation: SummaryReconciliation | null, detailSheet: string, shown = PREVIEW_CHECKS_SHOWN): SheetCheckWords {
  const config = defaultComplianceConfig()
  const arithmetic = arithmeticRule(bare(budget), config).map((f) => f.message)
  const sheets = [{ name: detailSheet, role: 'detail' as const, read: true, lineCount: 0, total: null, totalFen: null, hidden: false, reason: '' }]
  const mismatches = reconciliation ? workbookRule(bare({ ...budget, workbook: { sheets, reconciliation } }), config).map((f) => f.message) : []
  return {
    arithmetic: arithmetic.slice(0, shown),
    arithmeticCount: arithmetic.length,
    reconciliation: reconciliation
      ? {
          summarySheet: reconciliation.summarySheet,
          detailSheet,
          summaryTotal: reconciliation.summaryTotal,
          detailTotal: reconciliation.detailTotal,
          mismatches: mismatches.slice(0, shown),
          mismatchCount: mismatches.length
        }
      : null
  }
}
