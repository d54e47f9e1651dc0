import type { ComplianceConfig, RequiredCost } from '../config'
import { costLines, findAffirmedInDocuments, findPatternInDocuments, mainDocumentRefs, readableMaterial } from '../helpers'
import type { ContentDocument, Finding, PackageContent } from '../types'

function missingCost(
  content: PackageContent,
  cost: RequiredCost,
  finding: Omit<Finding, 'severity' | 'refs' | 'id'>
): Finding[] {
  if (!content.budget || costLines(content, cost).length > 0) return []
  return [{ ...finding, id: finding.code, severity: cost.severity, refs: [] }]
}

/** 第十四条: 工程监理制, so the budget should carry a 监理 cost. */
export function article14Rule(content: PackageContent, config: ComplianceConfig): Finding[] {
  return missingCost(content, config.article14.supervision, {
    article: 14,
    code: 'art14.no-supervision-cost',
    message: '概算中没有工程监理费用。第十四条规定市级政务信息化项目实行工程监理制。'
  })
}

/**
 * 第十五条 and 第二十二条: an 等保 grade and its 测评, a 密码应用方案 and its 密评, and third-party testing.
 */
export function article15And22Rule(content: PackageContent, config: ComplianceConfig): Finding[] {
  const c = config.article15
  const findings: Finding[] = []
  // Judged only on what could be read, and only when the main document could be read (not a scan).
  const material = readableMaterial(content)
  const hasText = material.mainReadable
  if (hasText && findPatternInDocuments(material.documents, c.mlpsGradePatterns) === null) {
    findings.push({
      id: 'art22.no-mlps-grade',
      article: 22,
      code: 'art22.no-mlps-grade',
      severity: c.severity,
      message: '方案文本中未明确网络安全等级保护定级（如“等级保护第三级”）。第二十二条要求严格落实等级保护要求。',
      refs: mainDocumentRefs(content)
    })
  }
  if (hasText) findings.push(...cryptoPlanFindings(content, material.documents, c))
  findings.push(
    ...missingCost(content, c.mlpsTestCost, {
      article: 15,
      code: 'art15.no-mlps-test-cost',
      message: '概算中没有网络安全等级保护测评费用。第十五条要求按等级保护测评要求组织安全测评。'
    }),
    ...missingCost(content, c.cryptoAssessmentCost, {
      article: 15,
      code: 'art15.no-crypto-assessment-cost',
      message: '概算中没有商用密码应用安全性评估（密评）费用。第十五条要求按信息系统密码应用测评要求进行评估。'
    }),
    ...missingCost(content, c.thirdPartyTestCost, {
      article: 15,
      code: 'art15.no-third-party-test-cost',
      message: '概算中没有第三方测试费用。第十五条要求委托第三方测试单位进行功能、性能、数据和业务协同标准符合性测试。'
    })
  )
  return findings
}

/**
 * The crypto plan judged by substance: a plan named in its usual words (not negated), or crypto measures described
 * (国密算法, 密码机…) together with a 密评 cost in the budget.
 */
function cryptoPlanFindings(content: PackageContent, documents: readonly ContentDocument[], c: ComplianceConfig['article15']): Finding[] {
  const plan = findAffirmedInDocuments(documents, c.cryptoPlanKeywords, c.negations)
  if (plan.affirmed) return []
  const design = findAffirmedInDocuments(documents, c.cryptoDesignKeywords, c.negations)
  const assessed = costLines(content, c.cryptoAssessmentCost).length > 0
  if (design.affirmed && assessed) return []
  const negated = plan.negated ?? design.negated
  const message = negated
    ? `方案文本明确不开展密码应用（“${negated.sentence.slice(0, 60)}”）。第二十二条要求同步规划、同步建设、同步运行密码保障系统，应编制密码应用方案。`
    : design.affirmed
      ? `方案文本提到密码措施（“${design.affirmed.keyword}”），但未见密码应用方案，概算中也没有密评费用。第二十二条要求同步规划、同步建设、同步运行密码保障系统，应编制密码应用方案并开展密评。`
      : '方案文本中未找到密码应用方案或密码保障的设计内容。第二十二条要求同步规划、同步建设、同步运行密码保障系统。'
  return [
    {
      id: 'art22.no-crypto-plan',
      article: 22,
      code: 'art22.no-crypto-plan',
      severity: c.severity,
      message,
      refs: negated ? [{ kind: 'document', documentPath: negated.documentPath, ...(negated.page ? { page: negated.page } : {}) }] : mainDocumentRefs(content)
    }
  ]
}
