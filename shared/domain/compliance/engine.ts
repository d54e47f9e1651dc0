import { defaultComplianceConfig, type ComplianceConfig } from './config'
import { arithmeticRule } from './rules/arithmetic'
import { article3Rule } from './rules/article3'
import { article7Rule } from './rules/article7'
import { article11Rule } from './rules/article11'
import { article12Rule } from './rules/article12'
import { feeRatesRule } from './rules/feeRates'
import { article14Rule, article15And22Rule } from './rules/requiredCosts'
import { operationsRule } from './rules/operations'
import { sharedPlatformsRule } from './rules/sharedPlatforms'
import { workbookRule } from './rules/workbook'
import type { Finding, PackageContent } from './types'

export type ComplianceRule = (content: PackageContent, config: ComplianceConfig) => Finding[]

/** Every rule, in the order findings are listed. */
export const COMPLIANCE_RULES: readonly ComplianceRule[] = [
  article3Rule,
  article7Rule,
  article11Rule,
  article12Rule,
  sharedPlatformsRule,
  article14Rule,
  article15And22Rule,
  operationsRule,
  arithmeticRule,
  workbookRule,
  feeRatesRule
]

/** Runs the rules over a package's content. Pure: same input and config, same findings. */
export function runComplianceRules(
  content: PackageContent,
  config: ComplianceConfig = defaultComplianceConfig(),
  rules: readonly ComplianceRule[] = COMPLIANCE_RULES
): Finding[] {
  const findings: Finding[] = []
  const seen = new Map<string, number>()
  for (const rule of rules) {
    for (const finding of rule(content, config)) {
      const count = seen.get(finding.id) ?? 0
      seen.set(finding.id, count + 1)
      findings.push(count === 0 ? finding : { ...finding, id: `${finding.id}#${count + 1}` })
    }
  }
  return findings
}
