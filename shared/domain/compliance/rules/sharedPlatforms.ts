import { effectiveFen } from '../../budget/hierarchy'
import { fenToWan } from '../../money'
import type { ComplianceConfig } from '../config'
import { budgetIndex, lineLabel, textContainsAny, wan, wholeLineCut } from '../helpers'
import type { Finding, PackageContent } from '../types'

/**
 * 重复建设 of the city's shared platforms (统一身份认证, 电子证照, 电子印章, 数据共享交换, 短信, 视频共享, 时空地理…):
 * 第一、二条 (统筹规划、共建共享、集约节约), 第十二条 and 第十六条 (数据纳入市公共数据汇聚共享平台) mean a project
 * connects to them; a budget line that builds one is questioned. A line that only connects (对接, 接入…) is reuse.
 */
export function sharedPlatformsRule(content: PackageContent, config: ComplianceConfig): Finding[] {
  const budget = content.budget
  if (!budget) return []
  const c = config.sharedPlatforms
  const { children, names } = budgetIndex(budget.lines)
  const findings: Finding[] = []
  for (let i = 0; i < budget.lines.length; i++) {
    const line = budget.lines[i]!
    if (line.isSubtotal || line.isTotal || line.isMemo) continue
    const name = names[i]!
    const platform = c.platforms.find((p) => textContainsAny(name, p.keywords) !== null)
    if (!platform || textContainsAny(name, c.reuseWords)) continue
    const amount = fenToWan(effectiveFen(line, children))
    const message = `${lineLabel(line)}（${wan(amount)}）建设${platform.name}，与全市共性平台重复。按第一、二条统筹规划、共建共享和第十二、十六条的要求，应对接复用市级平台，只列支对接改造费用。建议审减${wan(amount)}。`
    findings.push(wholeLineCut(line, amount, { article: 12, code: 'art12.duplicate-shared-platform', severity: c.severity, message }, `重复建设：${platform.name}`))
  }
  return findings
}
