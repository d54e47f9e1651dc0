import { costLeaves } from '../../budget/hierarchy'
import { fenTimes, fenToWan } from '../../money'
import type { ComplianceConfig } from '../config'
import { lineRefs, percent, sumByCategory, wan } from '../helpers'
import type { Finding, PackageContent } from '../types'

/** Fee rates beyond the configured defaults: 预备费 and 系统集成. Computed on integer 分. */
export function feeRatesRule(content: PackageContent, config: ComplianceConfig): Finding[] {
  const budget = content.budget
  if (!budget) return []
  const findings: Finding[] = []
  const c = config.feeRates
  const allFen = costLeaves(budget.lines).reduce((s, l) => s + (l.amountFen ?? 0), 0)

  const contingency = sumByCategory(budget.lines, ['预备费'])
  const restFen = allFen - contingency.amountFen
  if (contingency.amountFen > 0 && restFen > 0) {
    const allowedFen = fenTimes(restFen, c.contingencyMaxRate)
    // Half a 万元 分-rounding margin: a sheet rounding its 预备费 to 0.01 万元 is not over the rate.
    if (contingency.amountFen > allowedFen + 5000) {
      const cutFen = contingency.amountFen - allowedFen
      findings.push({
        id: 'fee.contingency-rate',
        article: null,
        code: 'fee.contingency-rate',
        severity: c.severity,
        message: `预备费${wan(contingency.amount)}，为其他费用${wan(fenToWan(restFen))}的${percent(contingency.amountFen / restFen)}，超过${percent(c.contingencyMaxRate)}的参考费率，建议审减${wan(fenToWan(cutFen))}。`,
        refs: lineRefs(contingency.lines),
        suggestedCut: { amount: fenToWan(cutFen), reason: '费率超标：预备费' }
      })
    }
  }

  const integration = sumByCategory(budget.lines, ['系统集成'])
  const base = sumByCategory(budget.lines, c.integrationBaseCategories)
  if (integration.amountFen > 0) {
    const allowedFen = fenTimes(base.amountFen, c.integrationMaxRate)
    if (integration.amountFen > allowedFen + 5000) {
      const baseLabel = c.integrationBaseCategories.join('、')
      const cutFen = integration.amountFen - allowedFen
      findings.push({
        id: 'fee.integration-rate',
        article: null,
        code: 'fee.integration-rate',
        severity: base.amountFen > 0 ? c.severity : 'info',
        message:
          base.amountFen > 0
            ? `系统集成费${wan(integration.amount)}，为${baseLabel}费用${wan(base.amount)}的${percent(integration.amountFen / base.amountFen)}，超过${percent(c.integrationMaxRate)}的参考费率，建议审减${wan(fenToWan(cutFen))}。`
            : `系统集成费${wan(integration.amount)}，但概算中没有${baseLabel}费用作为计费基数，请核实系统集成的内容。`,
        refs: lineRefs(integration.lines),
        ...(base.amountFen > 0 ? { suggestedCut: { amount: fenToWan(cutFen), reason: '费率超标：系统集成' } } : {})
      })
    }
  }
  return findings
}
