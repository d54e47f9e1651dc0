/**
 * What a budget review row carries beyond a 核定 (migration 0021, column `extra`): the name and category of a line
 * the expert added (核增 of a missing cost), and the price reference a 单价偏高 cut rests on (issue 13 item 4).
 */
import type { LinePriceView } from '../../../shared/api/priceTypes'
import type { BudgetLineReview, PriceCitation } from '../../../shared/domain/sheet'

export type ReviewExtra = Pick<BudgetLineReview, 'added' | 'priceRef'>

/** Line ids of added lines start with this (never an id of an imported budget line, which are natural ids). */
export const ADDED_LINE_PREFIX = 'add-'

function str(v: unknown, max: number): string | null {
  return typeof v === 'string' && v.length <= max ? v : null
}

/** The stored JSON read back; anything malformed counts as nothing (a row written by this code is never that). */
export function parseExtra(text: string | null): ReviewExtra | null {
  if (!text) return null
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof raw !== 'object' || raw === null) return null
  const r = raw as Record<string, unknown>
  const out: ReviewExtra = {}
  const a = r.added as Record<string, unknown> | undefined
  const name = str(a?.name, 200)
  const category = str(a?.category, 100)
  if (name && category) out.added = { name, category }
  const p = r.priceRef as Record<string, unknown> | undefined
  const source = str(p?.source, 200)
  const date = str(p?.date, 40)
  if (p && source !== null && date !== null && Number.isInteger(p.count) && Number.isInteger(p.medianFen)) {
    out.priceRef = { source, date, count: p.count as number, medianFen: p.medianFen as number }
  }
  return out.added || out.priceRef ? out : null
}

/** The extra of a decision, or null when it has none (so plain rows stay NULL). */
export function extraOf(r: BudgetLineReview): ReviewExtra | null {
  const out: ReviewExtra = {}
  if (r.added) out.added = r.added
  if (r.priceRef) out.priceRef = r.priceRef
  return out.added || out.priceRef ? out : null
}

/**
 * The citation of a line's counted references: their sources (at most three, joined by 、), the newest date,
 * how many, the median. Null when the line has no counted reference.
 */
export function citationOf(view: LinePriceView | undefined): PriceCitation | null {
  if (!view?.range || view.range.count === 0) return null
  const sources = [...new Set(view.matches.filter((m) => m.counted && !m.old).map((m) => m.source.trim() || '未注明来源'))]
  const list = sources.length > 0 ? sources : [...new Set(view.matches.filter((m) => m.counted).map((m) => m.source.trim() || '未注明来源'))]
  const source = list.length > 3 ? `${list.slice(0, 3).join('、')}等` : list.join('、')
  return { source, date: view.range.newestDate, count: view.range.count, medianFen: view.range.medianFen }
}
