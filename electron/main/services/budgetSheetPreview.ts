/**
 * One sheet of a project's budget workbook read as the budget, for comparison (issue 14 item 1): its lines, its own
 * arithmetic and the 汇总 vs 明细 reconciliation that concerns it. Nothing is stored and nothing can be reviewed on
 * it; anyone may ask (an expert compares the summary with the detail, or another detail sheet with the basis).
 *
 * Reconciliation: previewing a detail-like sheet compares the workbook's summary sheet with it (what the import does
 * for the basis); previewing the summary (or a sheet the basis reading takes for one) compares it with the basis, so
 * the expert sees which summary lines disagree with the lines under review.
 */
import type { BudgetSheetPreview } from '../../../shared/api/packageTypes'
import { reconcileSummary } from '../../../shared/domain/budget/reconcile'
import { sheetCheckWords } from '../../../shared/domain/compliance/sheetChecks'
import type { BlobStore } from '../blobs/store'
import type { Db } from '../db/connection'
import { budgetContent } from '../packages'
import { lineViews, projectPackage, readBudget, sheetList, storedBasis } from './budgetBasis'

export async function previewBudgetSheet(db: Db, blobs: BlobStore, projectId: string, sheet: string): Promise<BudgetSheetPreview> {
  const at = projectPackage(db, projectId)
  const budget = await readBudget(db, blobs, projectId, at.pkg, [sheet])
  let reconciliation = budget.reconciliation
  let detailSheet = budget.parsed.sheetName
  if (reconciliation === null) {
    // The sheet list is kept (budgetBasis.ts), so only a summary's preview pays for reading the basis again.
    const { sheets } = await sheetList(db, blobs, projectId, at.pkg, storedBasis(at.pkg))
    const asRead = sheets.find((s) => s.name === sheet)
    if (asRead && !asRead.read && asRead.role === 'summary') {
      const basis = await readBudget(db, blobs, projectId, at.pkg, storedBasis(at.pkg))
      reconciliation = reconcileSummary(budget.parsed, sheet, basis.parsed)
      detailSheet = basis.parsed.sheetName
    }
  }
  return {
    projectId,
    sheetName: budget.parsed.sheetName,
    sourceUnit: budget.sourceUnit,
    computedTotal: budget.parsed.computedTotal,
    sheetTotal: budget.parsed.sheetTotal,
    notes: budget.parsed.notes,
    lines: lineViews(budget),
    ...sheetCheckWords(budgetContent(budget), reconciliation, detailSheet)
  }
}
