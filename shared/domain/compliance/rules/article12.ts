import { containsAny, findInDocuments, lineLabel, mainDocumentRefs, readableMaterial, topmostHits, wan } from '../helpers'
import type { ComplianceConfig } from '../config'
import type { Finding, PackageContent } from '../types'

/** 第十二条: deploy on 三明市政务云 (no self-built servers, storage or machine rooms) and meet data-sharing requirements. */
export function article12Rule(content: PackageContent, config: ComplianceConfig): Finding[] {
  const findings: Finding[] = []
  const rule = config.article12.selfBuiltInfrastructure
  if (content.budget) {
    // A line already excluded by 第三条 gets one suggested cut, not two.
    const excluded = new Set(
      Object.values(config.article3).flatMap((r) => topmostHits(content.budget?.lines ?? [], r).map((h) => h.line.id))
    )
    for (const hit of topmostHits(content.budget.lines, rule)) {
      if (excluded.has(hit.line.id)) continue
      const reason = '第十二条：应依托市政务云部署，不宜自建'
      findings.push({
        id: `art12.self-built-infrastructure:${hit.line.id}`,
        article: 12,
        code: 'art12.self-built-infrastructure',
        severity: rule.severity,
        message: `${lineLabel(hit.line)}（${wan(hit.amount)}）含“${hit.keyword}”，属于自建服务器、存储或机房设施。第十二条要求依托三明市政务云部署，建议改用政务云资源并审减${wan(hit.amount)}。`,
        refs: [{ kind: 'budgetLine', lineId: hit.line.id }],
        ...(hit.amount > 0 ? { suggestedCut: { amount: hit.amount, reason } } : {})
      })
    }
  }
  const keywords = config.article12.sharingKeywords
  const material = readableMaterial(content)
  const inDocuments = findInDocuments(material.documents, keywords)
  const inBudget = content.budget?.lines.some((l) => containsAny(`${l.name} ${l.spec ?? ''}`, keywords) !== null) ?? false
  // Not judged when the main document could not be read (a scan): "not found" would only mean "not readable".
  if (!inDocuments && !inBudget && material.mainReadable) {
    findings.push({
      id: 'art12.no-sharing-interface',
      article: 12,
      code: 'art12.no-sharing-interface',
      severity: 'error',
      message: `方案和概算中均未找到数据共享接口或汇聚共享的内容（检索词：${keywords.join('、')}）。第十二条规定不满足数据汇聚共享要求的项目不得建设。`,
      refs: mainDocumentRefs(content),
      veto: { reason: '第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设' }
    })
  }
  return findings
}
