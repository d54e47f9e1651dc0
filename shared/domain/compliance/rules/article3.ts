import type { ComplianceConfig, KeywordRule } from '../config'
import { lineLabel, topmostHits, wan } from '../helpers'
import type { Finding, PackageContent } from '../types'

const CLAUSES: { key: keyof ComplianceConfig['article3']; code: string; clause: string; what: string }[] = [
  { key: 'officeEquipment', code: 'art3.office-equipment', clause: '（一）', what: '桌面办公终端、通用办公软件或办公设备' },
  { key: 'buildingIntelligence', code: 'art3.building-intelligence', clause: '（二）', what: '智能建筑或建筑智能化内容' },
  { key: 'professionalEquipment', code: 'art3.professional-equipment', clause: '（三）', what: '业务专业设备或科研类设备' }
]

/** 第三条: items that are not 政务信息化 and should be cut from the budget. */
export function article3Rule(content: PackageContent, config: ComplianceConfig): Finding[] {
  if (!content.budget) return []
  const findings: Finding[] = []
  for (const clause of CLAUSES) {
    const rule: KeywordRule = config.article3[clause.key]
    for (const hit of topmostHits(content.budget.lines, rule)) {
      const reason = `第三条${clause.clause}：${clause.what}不列入政务信息化项目申报范畴`
      findings.push({
        id: `${clause.code}:${hit.line.id}`,
        article: 3,
        code: clause.code,
        severity: rule.severity,
        message: `${lineLabel(hit.line)}（${wan(hit.amount)}）含“${hit.keyword}”，属于${clause.what}，按第三条${clause.clause}不列入申报范畴，建议审减${wan(hit.amount)}。`,
        refs: [{ kind: 'budgetLine', lineId: hit.line.id }],
        ...(hit.amount > 0 ? { suggestedCut: { amount: hit.amount, reason } } : {})
      })
    }
  }
  return findings
}
