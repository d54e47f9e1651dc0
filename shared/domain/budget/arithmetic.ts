import { fenToWan, wanToFen } from '../money'
import { childrenByParent, effectiveFen, summableChildren } from './hierarchy'
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

/** Compares in 分: expected and actual are integer 分, the tolerance is in 万元. */
function withinTolerance(expectedFen: number, actualFen: number, lines: number, tol: ArithmeticTolerance): boolean {
  const allowedFen = wanToFen(tol.absolute + tol.perLine * lines) + Math.round(Math.abs(expectedFen) * tol.relative)
  return Math.abs(actualFen - expectedFen) <= allowedFen
}

/** The numbers of a check, in 万元 derived from 分 (no binary noise). */
function numbers(expectedFen: number, actualFen: number) {
  return { expected: fenToWan(expectedFen), actual: fenToWan(actualFen), difference: fenToWan(actualFen - expectedFen) }
}

/**
 * Checks 数量×单价 vs 金额 per line, each 小计 (and each group line with an amount) vs its lines,
 * the 合计 row vs the top-level lines, and the budget total vs the declared investment.
 * Returns the mismatches only, with the numbers (万元).
 */
export function checkBudgetArithmetic(
  budget: Pick<ParsedBudget, 'lines' | 'computedTotalFen' | 'totalLineId'>,
  declaredInvestment: number | null,
  tolerance: ArithmeticTolerance = DEFAULT_ARITHMETIC_TOLERANCE
): ArithmeticCheck[] {
  const results: ArithmeticCheck[] = []
  const children = childrenByParent(budget.lines)
  const byId = new Map(budget.lines.map((l) => [l.id, l]))

  for (const line of budget.lines) {
    if (line.quantity !== null && line.unitPriceFen !== null && line.amountFen !== null && line.unitPrice !== null && !line.hasChildren) {
      const expectedFen = Math.round(line.quantity * line.unitPriceFen)
      if (!withinTolerance(expectedFen, line.amountFen, 1, tolerance)) {
        results.push({
          kind: 'line-product',
          lineId: line.id,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
          ...numbers(expectedFen, line.amountFen)
        })
      }
    }
  }

  const checkGroup = (line: BudgetLine, group: BudgetLine) => {
    if (line.amountFen === null) return
    const kids = summableChildren(children.get(group.id))
    if (kids.length === 0) return
    const expectedFen = kids.reduce((sum, kid) => sum + effectiveFen(kid, children), 0)
    if (!withinTolerance(expectedFen, line.amountFen, kids.length, tolerance)) {
      results.push({
        kind: 'group-sum',
        lineId: line.id,
        groupLineId: group.id,
        childIds: kids.map((k) => k.id),
        ...numbers(expectedFen, line.amountFen)
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

  const totalFen = budget.totalLineId ? (byId.get(budget.totalLineId)?.amountFen ?? null) : null
  if (budget.totalLineId && totalFen !== null) {
    const top = summableChildren(children.get(null))
    if (top.length > 0 && !withinTolerance(budget.computedTotalFen, totalFen, top.length, tolerance)) {
      results.push({
        kind: 'total-sum',
        lineId: budget.totalLineId,
        childIds: top.map((l) => l.id),
        ...numbers(budget.computedTotalFen, totalFen)
      })
    }
  }

  if (declaredInvestment !== null) {
    const budgetTotalFen = totalFen ?? budget.computedTotalFen
    const declaredFen = wanToFen(declaredInvestment)
    if (!withinTolerance(declaredFen, budgetTotalFen, 0, tolerance)) {
      results.push({ kind: 'declared-total', lineId: budget.totalLineId, ...numbers(declaredFen, budgetTotalFen) })
    }
  }
  return results
}

/** The same checks with every line id prefixed (lines of a second detail sheet, see workbook.ts). */
export function arithmeticIdsPrefixed(checks: readonly ArithmeticCheck[], prefix: string): ArithmeticCheck[] {
  if (!prefix) return [...checks]
  const p = (id: string) => `${prefix}${id}`
  return checks.map((c) => {
    switch (c.kind) {
      case 'line-product':
        return { ...c, lineId: p(c.lineId) }
      case 'group-sum':
        return { ...c, lineId: p(c.lineId), groupLineId: p(c.groupLineId), childIds: c.childIds.map(p) }
      case 'total-sum':
        return { ...c, lineId: p(c.lineId), childIds: c.childIds.map(p) }
      case 'declared-total':
        return { ...c, lineId: c.lineId === null ? null : p(c.lineId) }
    }
  })
}
