import type { ComplianceConfig } from '../config'
import { difference, wan } from '../helpers'
import type { Finding, FindingRef, PackageContent } from '../types'

/** 汇总 vs 明细: every difference between the summary sheet and the detail the expert reviews is a finding. */
export function workbookRule(content: PackageContent, config: ComplianceConfig): Finding[] {
  const r = content.budget?.workbook?.reconciliation
  if (!content.budget || !r) return []
  const read = content.budget.workbook?.sheets.filter((s) => s.read).map((s) => `“${s.name}”`).join('、') ?? ''
  return r.mismatches.map((m, i): Finding => {
    const refs: FindingRef[] = m.detailLineId ? [{ kind: 'budgetLine', lineId: m.detailLineId }] : [{ kind: 'document', documentPath: content.budget?.path ?? '' }]
    const where = m.summaryRow !== null ? `第${m.summaryRow}行` : ''
    return {
      id: `budget.summary-detail-mismatch:${m.detailLineId ?? (m.name === '合计' ? 'total' : i)}`,
      article: null,
      code: 'budget.summary-detail-mismatch',
      severity: config.arithmetic.severity,
      message: `汇总表“${r.summarySheet}”${where}“${m.name}”为${wan(m.summaryAmount)}，明细表${read}中为${wan(m.detailAmount)}，汇总表${difference(m.summaryAmount - m.detailAmount)}。请核对汇总表与明细表。`,
      refs
    }
  })
}
