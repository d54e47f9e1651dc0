import { childrenByParent, effectiveAmount, summableChildren } from './hierarchy'
import type { BudgetLine, ParsedBudget } from './types'

export interface ArithmeticTolerance {
  /** Absolute tolerance in 万元 (0.01 万元 = 100 元). */
  absolute: number
  /** Relative tolerance, as a fraction of the expected value. */
  relative: number
  /** Extra absolute tolerance per summed line, for sheets that round each line to 0.01 万元. */
  perLine: number
}

export const DEFAULT_ARITHMETIC_TOLERANCE: ArithmeticTolerance = { absolute: 0.01, relative: 1e-9, perLine: 0.005 }

export type ArithmeticCheck =
  | {
      kind: 'line-product'
      lineId: string
      quantity: number
      unitPrice: number
      /** 数量 × 单价, 万元. */
      expected: number
      /** 金额 on the sheet, 万元. */
      actual: number
      difference: number
    }
  | {
      /** A 小计 row, or a group line carrying its own amount, vs the sum of its lines. */
      kind: 'group-sum'
      lineId: string
      groupLineId: string
      childIds: string[]
      expected: number
      actual: number
      difference: number
    }
  | {
      /** The sheet's 合计 row vs the sum of the top-level lines. */
      kind: 'total-sum'
      lineId: string
      childIds: string[]
      expected: number
      actual: number
      difference: number
    }
  | {
      /** The budget total vs the declared investment of the package. */
      kind: 'declared-total'
      lineId: string | null
      expected: number
      actual: number
      difference: number
    }

function withinTolerance(expected: number, actual: number, lines: number, tol: ArithmeticTolerance): boolean {
  const allowed = tol.absolute + tol.perLine * lines + Math.abs(expected) * tol.relative
  return Math.abs(actual - expected) <= allowed + 1e-9
}

/**
 * Checks 数量×单价 vs 金额 per line, each 小计 (and each group line with an amount) vs its lines,
 * the 合计 row vs the top-level lines, and the budget total vs the declared investment.
 * Returns the mismatches only, with the numbers (万元).
 */
export function checkBudgetArithmetic(
  budget: Pick<ParsedBudget, 'lines' | 'computedTotal' | 'sheetTotal' | 'totalLineId'>,
  declaredInvestment: number | null,
  tolerance: ArithmeticTolerance = DEFAULT_ARITHMETIC_TOLERANCE
): ArithmeticCheck[] {
  const results: ArithmeticCheck[] = []
  const children = childrenByParent(budget.lines)
  const byId = new Map(budget.lines.map((l) => [l.id, l]))

  for (const line of budget.lines) {
    if (line.quantity !== null && line.unitPrice !== null && line.amount !== null && !line.hasChildren) {
      const expected = line.quantity * line.unitPrice
      if (!withinTolerance(expected, line.amount, 1, tolerance)) {
        results.push({
          kind: 'line-product',
          lineId: line.id,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
          expected,
          actual: line.amount,
          difference: line.amount - expected
        })
      }
    }
  }

  const checkGroup = (line: BudgetLine, group: BudgetLine) => {
    if (line.amount === null) return
    const kids = summableChildren(children.get(group.id))
    if (kids.length === 0) return
    const expected = kids.reduce((sum, kid) => sum + effectiveAmount(kid, children), 0)
    if (!withinTolerance(expected, line.amount, kids.length, tolerance)) {
      results.push({
        kind: 'group-sum',
        lineId: line.id,
        groupLineId: group.id,
        childIds: kids.map((k) => k.id),
        expected,
        actual: line.amount,
        difference: line.amount - expected
      })
    }
  }
  for (const line of budget.lines) {
    if (line.isSubtotal && line.parentId) {
      const group = byId.get(line.parentId)
      if (group) checkGroup(line, group)
    } else if (line.hasChildren && !line.isTotal && !line.isSubtotal) {
      checkGroup(line, line)
    }
  }

  if (budget.totalLineId && budget.sheetTotal !== null) {
    const top = summableChildren(children.get(null))
    if (top.length > 0 && !withinTolerance(budget.computedTotal, budget.sheetTotal, top.length, tolerance)) {
      results.push({
        kind: 'total-sum',
        lineId: budget.totalLineId,
        childIds: top.map((l) => l.id),
        expected: budget.computedTotal,
        actual: budget.sheetTotal,
        difference: budget.sheetTotal - budget.computedTotal
      })
    }
  }

  if (declaredInvestment !== null) {
    const budgetTotal = budget.sheetTotal ?? budget.computedTotal
    if (!withinTolerance(declaredInvestment, budgetTotal, 0, tolerance)) {
      results.push({
        kind: 'declared-total',
        lineId: budget.totalLineId,
        expected: declaredInvestment,
        actual: budgetTotal,
        difference: budgetTotal - declaredInvestment
      })
    }
  }
  return results
}
