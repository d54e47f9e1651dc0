/** Words of the 价格参考 evidence beside a budget line (issue 13), pure: the range, each reference's standing and ratio. */
import type { PriceMatchView, PriceRangeView } from '../../../../shared/api/priceTypes'
import { fenText } from '../../../../shared/domain/prices/range'

/** 计入 3 条：中位 88,500.00 元，区间 85,000.00～92,000.00 元，离散度 8%，最新 2026-09-01. */
export function rangeText(r: PriceRangeView): string {
  const span = r.count > 1 ? `，区间 ${fenText(r.minFen).replace(/ 元$/, '')}～${fenText(r.maxFen)}，离散度 ${Math.round(r.spread * 100)}%` : ''
  return `计入 ${r.count} 条：中位 ${fenText(r.medianFen)}${span}，最新 ${r.newestDate}${r.old ? '（均已过时）' : ''}`
}

/** Whether a reference counts, and if not why: excluded by a person, old, or not a close enough match. */
export function standing(m: PriceMatchView): string {
  if (m.choice === 'confirm') return m.old ? '已确认（已过时，不作提示依据）' : '已确认，计入'
  if (m.choice === 'reject') return '已排除，不计入'
  if (m.counted) return m.old ? '计入（已过时，不作提示依据）' : '计入'
  return '匹配度不足，不计入'
}

/** The line's unit price as a share of this reference: 本行为其 145%. */
export function lineRatioText(lineFen: number | null, refFen: number): string | null {
  if (lineFen === null || refFen <= 0) return null
  return `本行为其 ${Math.round((lineFen / refFen) * 100)}%`
}
