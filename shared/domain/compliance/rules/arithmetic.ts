import type { ComplianceConfig } from '../config'
import { difference, lineLabel, wan } from '../helpers'
import type { Finding, PackageContent } from '../types'

/** The budget's arithmetic checks as findings (article null: arithmetic, not a rule of the 办法). */
export function arithmeticRule(content: PackageContent, config: ComplianceConfig): Finding[] {
  const budget = content.budget
  if (!budget) return []
  const byId = new Map(budget.lines.map((l) => [l.id, l]))
  const label = (id: string | null) => {
    const line = id ? byId.get(id) : undefined
    return line ? lineLabel(line) : '概算合计'
  }
  const severity = config.arithmetic.severity
  return budget.arithmetic.map((check): Finding => {
    switch (check.kind) {
      case 'line-product':
        return {
          id: `budget.line-product-mismatch:${check.lineId}`,
          article: null,
          code: 'budget.line-product-mismatch',
          severity,
          message: `${label(check.lineId)}：数量${check.quantity} × 单价${wan(check.unitPrice)} = ${wan(check.expected)}，但金额为${wan(check.actual)}，${difference(check.difference)}。`,
          refs: [{ kind: 'budgetLine', lineId: check.lineId }],
          ...(check.difference > 0
            ? { suggestedCut: { amount: check.difference, reason: '金额与数量×单价不符' } }
            : {})
        }
      case 'group-sum':
        return {
          id: `budget.subtotal-mismatch:${check.lineId}`,
          article: null,
          code: 'budget.subtotal-mismatch',
          severity,
          message: `${label(check.lineId)}金额为${wan(check.actual)}，但${check.lineId === check.groupLineId ? '其下' : `${label(check.groupLineId)}下`}${check.childIds.length}项合计${wan(check.expected)}，${difference(check.difference)}。`,
          refs: [
            { kind: 'budgetLine', lineId: check.lineId },
            ...check.childIds.map((id) => ({ kind: 'budgetLine' as const, lineId: id }))
          ]
        }
      case 'total-sum':
        return {
          id: `budget.total-mismatch:${check.lineId}`,
          article: null,
          code: 'budget.total-mismatch',
          severity,
          message: `${label(check.lineId)}为${wan(check.actual)}，但各部分合计${wan(check.expected)}，${difference(check.difference)}。`,
          refs: [{ kind: 'budgetLine', lineId: check.lineId }]
        }
      case 'declared-total':
        return {
          id: 'budget.declared-investment-mismatch',
          article: null,
          code: 'budget.declared-investment-mismatch',
          severity: config.arithmetic.declaredTotalSeverity,
          message: `概算表合计${wan(check.actual)}与申报的项目总投资${wan(check.expected)}不一致，${difference(check.difference)}。`,
          refs: check.lineId ? [{ kind: 'budgetLine', lineId: check.lineId }] : []
        }
    }
  })
}
