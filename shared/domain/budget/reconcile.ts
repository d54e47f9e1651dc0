/** 汇总 vs 明细: the summary sheet's total and group lines against the detail sheet(s) the expert reviews. */
import { fenToWan, wanToFen } from '../money'
import { arithmeticIdsPrefixed, checkBudgetArithmetic, type ArithmeticCheck, type ArithmeticTolerance } from './arithmetic'
import { normaliseForMatch } from './cells'
import { childrenByParent, effectiveFen } from './hierarchy'
import type { BudgetLine, ParsedBudget } from './types'
import { sheetTotalFen, type ParsedSheet } from './workbook'

export interface SummaryMismatch {
  /** The line's name on the summary sheet (or 合计). */
  name: string
  summaryRow: number | null
  summaryAmount: number
  detailAmount: number
  /** The matching line of the detail, when there is one. */
  detailLineId: string | null
}

export interface SummaryReconciliation {
  summarySheet: string
  summaryTotal: number
  detailTotal: number
  mismatches: SummaryMismatch[]
}

/** Names compared without numbering, spaces, brackets and a trailing 费/费用. */
function key(name: string): string {
  return normaliseForMatch(name)
    .replace(/[()（）[\]【】、，,.:：]/g, '')
    .replace(/(费用|费)$/, '')
}

/** Allowed rounding difference: 0.01 万元 plus 0.005 万元 per line summed (sheets rounded per line). */
function close(a: number, b: number, lines: number): boolean {
  return Math.abs(a - b) <= 10_000 + 5_000 * lines
}

export function reconcileSummary(summary: ParsedBudget, summarySheet: string, detail: ParsedBudget): SummaryReconciliation {
  const detailChildren = childrenByParent(detail.lines)
  const summaryChildren = childrenByParent(summary.lines)
  const byKey = new Map<string, BudgetLine[]>()
  for (const l of detail.lines) {
    if (l.isSubtotal || l.isTotal || l.isMemo) continue
    const k = key(l.name)
    byKey.set(k, [...(byKey.get(k) ?? []), l])
  }
  const summaryTotalFen = sheetTotalFen(summary)
  const detailTotalFen = detail.sheetTotal !== null ? wanToFen(detail.sheetTotal) : detail.computedTotalFen
  const mismatches: SummaryMismatch[] = []
  if (!close(summaryTotalFen, detailTotalFen, 0)) {
    mismatches.push({
      name: '合计',
      summaryRow: summary.lines.find((l) => l.id === summary.totalLineId)?.sourceRow ?? null,
      summaryAmount: fenToWan(summaryTotalFen),
      detailAmount: fenToWan(detailTotalFen),
      detailLineId: null
    })
  }
  for (const line of summary.lines) {
    if (line.isSubtotal || line.isTotal || line.isMemo) continue
    const candidates = byKey.get(key(line.name)) ?? []
    const match = candidates.length === 1 ? candidates[0] : undefined
    if (!match) continue
    const s = effectiveFen(line, summaryChildren)
    const d = effectiveFen(match, detailChildren)
    if (!close(s, d, 1)) {
      mismatches.push({ name: line.name, summaryRow: line.sourceRow, summaryAmount: fenToWan(s), detailAmount: fenToWan(d), detailLineId: match.id })
    }
  }
  return { summarySheet, summaryTotal: fenToWan(summaryTotalFen), detailTotal: fenToWan(detailTotalFen), mismatches }
}

/**
 * Arithmetic of the detail: each sheet checked on its own (its 小计 and 合计 rows), ids prefixed as in the
 * combined budget, and the combined total against the declared investment.
 */
export function checkDetailArithmetic(
  details: readonly ParsedSheet[],
  combined: ParsedBudget,
  declaredInvestment: number | null,
  allSheetNames: readonly string[],
  tolerance?: ArithmeticTolerance
): ArithmeticCheck[] {
  if (details.length <= 1) return checkBudgetArithmetic(combined, declaredInvestment, tolerance)
  const checks: ArithmeticCheck[] = []
  details.forEach((d, i) => {
    const prefix = i === 0 ? '' : `s${allSheetNames.indexOf(d.sheet.name) + 1}`
    checks.push(...arithmeticIdsPrefixed(checkBudgetArithmetic(d.budget, null, tolerance), prefix))
  })
  const totalFen = details.reduce((s, d) => s + sheetTotalFen(d.budget), 0)
  checks.push(...checkBudgetArithmetic({ lines: [], computedTotalFen: totalFen, totalLineId: null }, declaredInvestment, tolerance))
  return checks
}
