import { costLeaves } from '../../budget/hierarchy'
import type { ComplianceConfig } from '../config'
import { lineRefs, percent, sumByCategory, wan } from '../helpers'
import type { Finding, PackageContent } from '../types'

/** Fee rates beyond the configured defaults: 预备费 and 系统集成. */
export function feeRatesRule(content: PackageContent, config: ComplianceConfig): Finding[] {
  const budget = content.budget
  if (!budget) return []
  const findings: Finding[] = []
  const c = config.feeRates
  const leaves = costLeaves(budget.lines)
  const all = leaves.reduce((s, l) => s + (l.amount ?? 0), 0)

  const contingency = sumByCategory(budget.lines, ['预备费'])
  const rest = all - contingency.amount
  if (contingency.amount > 0 && rest > 0) {
    const rate = contingency.amount / rest
    const allowed = rest * c.contingencyMaxRate
    if (contingency.amount > allowed + 0.005) {
      findings.push({
        id: 'fee.contingency-rate',
        article: null,
        code: 'fee.contingency-rate',
        severity: c.severity,
        message: `预备费${wan(contingency.amount)}，为其他费用${wan(rest)}的${percent(rate)}，超过${percent(c.contingencyMaxRate)}的参考费率，建议审减${wan(contingency.amount - allowed)}。`,
        refs: lineRefs(contingency.lines),
        suggestedCut: { amount: contingency.amount - allowed, reason: '费率超标：预备费' }
      })
    }
  }

  const integration = sumByCategory(budget.lines, ['系统集成'])
  const base = sumByCategory(budget.lines, c.integrationBaseCategories)
  if (integration.amount > 0) {
    const allowed = base.amount * c.integrationMaxRate
    if (integration.amount > allowed + 0.005) {
      const baseLabel = c.integrationBaseCategories.join('、')
      findings.push({
        id: 'fee.integration-rate',
        article: null,
        code: 'fee.integration-rate',
        severity: base.amount > 0 ? c.severity : 'info',
        message:
          base.amount > 0
            ? `系统集成费${wan(integration.amount)}，为${baseLabel}费用${wan(base.amount)}的${percent(integration.amount / base.amount)}，超过${percent(c.integrationMaxRate)}的参考费率，建议审减${wan(integration.amount - allowed)}。`
            : `系统集成费${wan(integration.amount)}，但概算中没有${baseLabel}费用作为计费基数，请核实系统集成的内容。`,
        refs: lineRefs(integration.lines),
        ...(base.amount > 0
          ? { suggestedCut: { amount: integration.amount - allowed, reason: '费率超标：系统集成' } }
          : {})
      })
    }
  }
  return findings
}
