/**
 * 采纳全部审减建议 (issue 11 item 3): what accepting would change, shown before it is done, and what it did
 * change, so that it can be undone. Pure; acceptAll.test.ts.
 */
import type { BudgetReviewLineView } from '../../../../shared/api/budgetTypes'
import { isChanged } from '../../../../shared/domain/budgetReview'
import { fenToWan, wanToFen } from '../../../../shared/domain/money'
import type { BudgetLineReview } from '../../../../shared/domain/sheet'

export interface AcceptPreview {
  findingIds: string[]
  /** Lines that would change (each counted once). */
  lines: number
  /** The total cut that accepting adds, in 万元 (from integer 分). */
  cut: number
}

/**
 * The suggestions still open (on lines the expert has not changed) and what accepting them all would cut: each
 * suggestion's amount, capped at what is left of the lines it names.
 */
export function previewAcceptAll(lines: readonly BudgetReviewLineView[]): AcceptPreview {
  const open = lines.filter((l) => !isChanged(l, l.review ?? undefined))
  const byFinding = new Map<string, { amountFen: number; capFen: number; lines: Set<string> }>()
  for (const l of open) {
    for (const f of l.findings) {
      if (!f.suggestedCut || f.suggestedCut.amount <= 0) continue
      const e = byFinding.get(f.id) ?? { amountFen: wanToFen(f.suggestedCut.amount), capFen: 0, lines: new Set<string>() }
      if (!e.lines.has(l.lineId)) e.capFen += wanToFen(l.submitted)
      e.lines.add(l.lineId)
      byFinding.set(f.id, e)
    }
  }
  const touched = new Set<string>()
  let cutFen = 0
  for (const e of byFinding.values()) {
    cutFen += Math.min(e.amountFen, e.capFen)
    for (const id of e.lines) touched.add(id)
  }
  return { findingIds: [...byFinding.keys()], lines: touched.size, cut: fenToWan(cutFen) }
}

/** A line's decision as it was before an action: what undo writes back (no decision = keep the submitted amount). */
export type Snapshot = Map<string, BudgetLineReview>

export function snapshot(lines: readonly BudgetReviewLineView[]): Snapshot {
  return new Map(lines.map((l) => [l.lineId, l.review ?? { lineId: l.lineId, approvedAmount: null, reason: null, note: '' }]))
}

/** What `budgetReview.setLine` takes back: the decision alone (a citation or an added line is not set this way). */
export type LineDecisionBack = Pick<BudgetLineReview, 'lineId' | 'approvedAmount' | 'reason' | 'note'>

/** The decisions to write back to undo: every line whose decision differs now from the snapshot. */
export function undoDecisions(before: Snapshot, after: readonly BudgetReviewLineView[]): LineDecisionBack[] {
  const out: LineDecisionBack[] = []
  for (const l of after) {
    const was = before.get(l.lineId)
    if (!was) continue
    const now = l.review ?? { lineId: l.lineId, approvedAmount: null, reason: null, note: '' }
    if (was.approvedAmount !== now.approvedAmount || was.reason !== now.reason || was.note !== now.note) {
      out.push({ lineId: was.lineId, approvedAmount: was.approvedAmount, reason: was.reason, note: was.note })
    }
  }
  return out
}
