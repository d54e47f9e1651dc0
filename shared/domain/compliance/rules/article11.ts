import { fenToWan, wanToFen } from '../../money'
import type { ComplianceConfig } from '../config'
import { percent, wan } from '../helpers'
import type { Finding, FindingRef, PackageContent } from '../types'

/** 第十一条: a declared investment above the approved estimate is an adjustment that needs consent or re-approval. */
export function article11Rule(content: PackageContent, config: ComplianceConfig): Finding[] {
  const approved = content.project.approvedEstimate
  const declared = content.project.declaredInvestment
  if (approved === null || approved === undefined || approved <= 0 || declared <= approved) return []
  const over = fenToWan(wanToFen(declared) - wanToFen(approved))
  const rate = (wanToFen(declared) - wanToFen(approved)) / wanToFen(approved)
  const refs: FindingRef[] = content.budget?.totalLineId ? [{ kind: 'budgetLine', lineId: content.budget.totalLineId }] : []
  const numbers = `送审投资${wan(declared)}，原核定概算${wan(approved)}，超出${wan(over)}（${percent(rate)}）`
  if (rate > config.article11.reapprovalThreshold + 1e-12) {
    return [
      {
        id: 'art11.adjustment-needs-reapproval',
        article: 11,
        code: 'art11.adjustment-needs-reapproval',
        severity: 'error',
        message: `${numbers}，调整部分超过原投资概算${percent(config.article11.reapprovalThreshold)}，按第十一条需重新履行项目审批手续（不是审减问题：须重新报批后再评审）。`,
        refs,
        veto: { reason: `第十一条：调整部分超过原投资概算${percent(config.article11.reapprovalThreshold)}（超出${wan(over)}），需重新履行项目审批手续` }
      }
    ]
  }
  return [
    {
      id: 'art11.adjustment-needs-consent',
      article: 11,
      code: 'art11.adjustment-needs-consent',
      severity: 'warning',
      message: `${numbers}，调整部分未超过原投资概算${percent(config.article11.reapprovalThreshold)}，按第十一条须经市发改委（数据管理局）和市财政局同意后实施。`,
      refs
    }
  ]
}
