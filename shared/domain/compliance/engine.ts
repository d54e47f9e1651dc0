import { defaultComplianceConfig, type ComplianceConfig } from './config'
import { withBudgetIndexes } from './helpers'
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
import { defaultRuleSet, ruleSetStamp, type RuleSet, type RuleSetStamp } from './ruleSet'
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
  return withBudgetIndexes(() => {
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
  })
}

/** Vetoes as the rule set says: a listed code vetoes (with the rule's own reason, else the rule set's); others never do. */
export function applyVetoes(findings: readonly Finding[], vetoes: RuleSet['vetoes']): Finding[] {
  const byCode = new Map(vetoes.map((v) => [v.code as string, v.reason]))
  return findings.map((f) => {
    const reason = byCode.get(f.code)
    if (reason === undefined) {
      if (!f.veto) return f
      const { veto: _dropped, ...rest } = f
      return rest
    }
    return f.veto ? f : { ...f, veto: { reason } }
  })
}

/**
 * Runs a whole rule set: its compliance rules, its vetoes, and every finding stamped with the rule set's version
 * and digest. (Budget categories come from the same rule set when the budget is parsed: readPackage.)
 */
export function runRuleSet(content: PackageContent, ruleSet: RuleSet = defaultRuleSet(), stamp: RuleSetStamp = ruleSetStamp(ruleSet)): Finding[] {
  return applyVetoes(runComplianceRules(content, ruleSet.compliance), ruleSet.vetoes).map((f) => ({ ...f, ruleSet: stamp }))
}
