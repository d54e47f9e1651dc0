/**
 * The lines of several experts' signed sheets, as one list: the first sheet's lines (every sheet lists the
 * package's lines), then the lines an expert added (核增 of a missing cost, issue 14) in sheet order. A sheet that
 * does not list an added line kept it at its 送审, 0.
 */
import type { ReviewedBudgetLine, SheetPayload } from './types'

export function unionReviewedLines(sheets: readonly Pick<SheetPayload, 'budgetReview'>[]): ReviewedBudgetLine[] {
  const first = sheets[0]
  if (!first) return []
  const out = [...first.budgetReview]
  const seen = new Set(out.map((l) => l.lineId))
  for (const s of sheets.slice(1)) {
    for (const l of s.budgetReview) {
      if (seen.has(l.lineId)) continue
      seen.add(l.lineId)
      out.push(l)
    }
  }
  return out
}
