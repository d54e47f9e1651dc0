import type { ComplianceConfig } from '../config'
import { findInDocuments, mainDocumentRefs, readableMaterial } from '../helpers'
import type { ContentDataList, Finding, FindingRef, PackageContent } from '../types'

function listFindings(list: ContentDataList, kind: 'catalog' | 'needs', config: ComplianceConfig): Finding[] {
  const label = kind === 'catalog' ? '数据目录' : '数据需求清单'
  const refs: FindingRef[] = list.path ? [{ kind: 'document', documentPath: list.path }] : []
  if (!list.present) {
    return [
      {
        id: `art7.no-data-${kind}`,
        article: 7,
        code: `art7.no-data-${kind}`,
        severity: config.dataLists.severity,
        message: `申报材料未提供${label}。第七条要求数据资源开发利用篇章包含项目预计生成的数据目录和数据需求清单。`,
        refs
      }
    ]
  }
  const findings: Finding[] = []
  if (list.missingColumns.length > 0) {
    findings.push({
      id: `art7.data-${kind}-columns`,
      article: 7,
      code: `art7.data-${kind}-columns`,
      severity: config.dataLists.severity,
      message: `${label}缺少必要的列：${list.missingColumns.join('、')}。`,
      refs
    })
  }
  if (list.rowCount === 0) {
    findings.push({
      id: `art7.data-${kind}-empty`,
      article: 7,
      code: `art7.data-${kind}-empty`,
      severity: config.dataLists.severity,
      message: `${label}没有任何数据条目。`,
      refs
    })
  }
  return findings
}

/** 第七条: the required elements of the 可研暨初设方案, and the two data lists. */
export function article7Rule(content: PackageContent, config: ComplianceConfig): Finding[] {
  const findings: Finding[] = []
  if (content.documents.length === 0) {
    findings.push({
      id: 'art7.no-document',
      article: 7,
      code: 'art7.no-document',
      severity: 'error',
      message: '申报材料中没有可研暨初设方案文档，无法核对第七条要求的内容。',
      refs: []
    })
  }
  const material = readableMaterial(content)
  if (content.documents.length > 0) {
    for (const doc of material.scanned) {
      const main = doc.role === 'main'
      findings.push({
        id: `art7.no-text:${doc.path}`,
        article: 7,
        code: 'art7.no-text',
        severity: 'info',
        message: main
          ? `主文档“${doc.title}”是扫描件或图片，没有可提取的文字。依据方案文字的检查（第七条要素、等保定级、密码应用方案、数据共享）均未进行，不据此认定缺失，请人工查阅；如有文字版请补充提交。`
          : `附件“${doc.title}”是扫描件或图片，没有可提取的文字，未纳入自动核对，请人工查阅。`,
        refs: [{ kind: 'document', documentPath: doc.path }]
      })
    }
  }
  if (content.documents.length > 0 && material.mainReadable) {
    const missing = config.article7.elements.filter((e) => findInDocuments(material.documents, e.keywords) === null)
    for (const element of missing) {
      findings.push({
        id: `art7.missing-element:${element.key}`,
        article: 7,
        code: 'art7.missing-element',
        severity: config.article7.severity,
        message: `方案文本中未找到“${element.label}”相关内容（检索词：${element.keywords.join('、')}）。第七条要求明确${element.label}。`,
        refs: mainDocumentRefs(content)
      })
    }
  }
  findings.push(...listFindings(content.dataCatalog, 'catalog', config))
  findings.push(...listFindings(content.dataNeeds, 'needs', config))
  return findings
}
