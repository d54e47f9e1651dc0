/**
 * What the budget review suggests beyond single lines (issue 14 item 6): a finding's cut on a whole group shown
 * once and spread by the expert's choice, and rate-based fees recomputed from their base after the cuts.
 */
import type { FeeSuggestionView, GroupSuggestionView, LineFindingView } from '../../../shared/api/budgetTypes'
import { approvedOf, cutReasonOf, distributeCut, type ReviewLine } from '../../../shared/domain/budgetReview'
import { defaultComplianceConfig } from '../../../shared/domain/compliance/config'
import type { Finding } from '../../../shared/domain/compliance/types'
import { defaultFeeRules, feeRecomputes, type FeeRecompute } from '../../../shared/domain/feeRecompute'
import type { BudgetLineReview } from '../../../shared/domain/sheet'
import { ApiError } from '../../../shared/api/errors'

/** A finding's suggestion is a group's when it covers more than one reviewable line. */
export function isGroupSuggestion(f: Finding, covered: readonly ReviewLine[]): boolean {
  return !!f.suggestedCut && f.suggestedCut.amount > 0 && covered.length > 1
}

export function groupSuggestionView(f: Finding, covered: readonly ReviewLine[], group: string, label: string): GroupSuggestionView {
  return {
    findingId: f.id,
    group,
    label,
    message: f.message,
    amount: f.suggestedCut?.amount ?? 0,
    reason: cutReasonOf(f),
    lines: covered.map((l) => ({ lineId: l.lineId, name: l.name, submitted: l.submitted }))
  }
}

/** How a group's line shows the group's finding: the message, pointing at the group, with no suggestion of its own. */
export function groupMarker(view: LineFindingView, group: string): LineFindingView {
  return { ...view, suggestedCut: null, group }
}

/**
 * The decisions a group's suggestion makes: its cut spread in proportion over all its lines, or over the lines
 * the expert chose (which must belong to the group).
 */
export function spreadGroup(f: Finding, covered: readonly ReviewLine[], chosen: readonly string[] | undefined): BudgetLineReview[] {
  let target = covered
  if (chosen) {
    const ids = new Set(chosen)
    target = covered.filter((l) => ids.has(l.lineId))
    if (target.length !== ids.size) throw new ApiError('invalid_input', '所选概算行不属于该审减建议所在的分组')
  }
  if (!f.suggestedCut || target.length === 0) return []
  const approved = distributeCut(target, f.suggestedCut.amount)
  const reason = cutReasonOf(f)
  return target.map((l) => ({ lineId: l.lineId, approvedAmount: approved.get(l.lineId) ?? l.submitted, reason, note: `采纳合规提示：${f.suggestedCut?.reason ?? ''}` }))
}

export function feeSuggestions(lines: readonly ReviewLine[], reviews: Readonly<Record<string, BudgetLineReview>>): FeeRecompute[] {
  return feeRecomputes(lines, reviews, defaultFeeRules(defaultComplianceConfig().feeRates))
}

export function feeSuggestionView(fee: FeeRecompute, lines: readonly ReviewLine[], reviews: Readonly<Record<string, BudgetLineReview>>): FeeSuggestionView {
  const byId = new Map(lines.map((l) => [l.lineId, l]))
  return {
    id: fee.id,
    label: fee.label,
    rate: fee.rate,
    baseSubmitted: fee.baseSubmitted,
    baseApproved: fee.baseApproved,
    feeNow: fee.feeNow,
    feeRecomputed: fee.feeRecomputed,
    lines: fee.lineIds.map((id) => {
      const l = byId.get(id)!
      return { lineId: id, name: l.name, approved: approvedOf(l, reviews[id]) }
    })
  }
}
