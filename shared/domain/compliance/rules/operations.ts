import { effectiveFen } from '../../budget/hierarchy'
import { fenToWan } from '../../money'
import type { ComplianceConfig } from '../config'
import { budgetIndex, containsAny, lineLabel, textContainsAny, wan, wholeLineCut } from '../helpers'
import type { Finding, PackageContent } from '../types'

/**
 * 运维 and 维保 inside the construction budget: 第四条 makes the departments responsible for 运行维护 and 第二十条
 * for 日常安全运行管理和维护 — paid from the operating budget, not the construction investment. A line that says it
 * lies within the construction period (建设期内, 试运行) is not questioned.
 */
export function operationsRule(content: PackageContent, config: ComplianceConfig): Finding[] {
  const budget = content.budget
  if (!budget) return []
  const c = config.operations
  const { children, byId, names } = budgetIndex(budget.lines)
  const hitIds = new Set<string>()
  const findings: Finding[] = []
  for (let i = 0; i < budget.lines.length; i++) {
    const line = budget.lines[i]!
    if (line.isSubtotal || line.isTotal || line.isMemo) continue
    const name = names[i]!
    const isOps = (c.categories.includes(line.category) || textContainsAny(name, c.keywords) !== null) && !textContainsAny(name, c.exclude)
    if (!isOps || containsAny(`${line.name} ${line.spec ?? ''} ${line.remark ?? ''}`, c.withinConstruction)) continue
    let parent = line.parentId
    let covered = false
    while (parent) {
      if (hitIds.has(parent)) covered = true
      parent = byId.get(parent)?.parentId ?? null
    }
    if (covered) continue
    hitIds.add(line.id)
    const amount = fenToWan(effectiveFen(line, children))
    const message = `${lineLabel(line)}（${wan(amount)}）是运维或维保服务。运行维护由建设单位负责（第四条、第二十条），建设期外的运维、维保费用不列入建设投资，建设期内的质保应由供应商在采购价格内提供；如属建设期内，请在概算中写明。建议审减${wan(amount)}。`
    findings.push(wholeLineCut(line, amount, { article: 20, code: 'art20.operations-in-construction', severity: c.severity, message }, '运维/维保不列入建设投资'))
  }
  return findings
}
