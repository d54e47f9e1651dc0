import { describe, expect, it } from 'vitest'
import type { PriceMatchView } from '../../../../shared/api/priceTypes'
import { lineRatioText, rangeText, standing } from './linePriceView'

const M: PriceMatchView = { refId: 'r', name: '服务器', spec: '', unit: '台', unitPriceFen: 8_500_000, source: '市场询价', date: '2026-01-01', group: null, project: '', score: 0.9, reasons: [], old: false, choice: null, counted: true }

describe('价格参考 evidence words', () => {
  it('says the range in words (not only in a tooltip), each reference’s standing and the line’s ratio to it', () => {
    expect(rangeText({ count: 2, medianFen: 8_850_000, minFen: 8_500_000, maxFen: 9_200_000, spread: 0.079, newestDate: '2026-09-01', old: false })).toBe(
      '计入 2 条：中位 88,500.00 元，区间 85,000.00～92,000.00 元，离散度 8%，最新 2026-09-01'
    )
    expect(rangeText({ count: 1, medianFen: 100, minFen: 100, maxFen: 100, spread: 0, newestDate: '2020-01-01', old: true })).toBe('计入 1 条：中位 1.00 元，最新 2020-01-01（均已过时）')
    expect(standing(M)).toBe('计入')
    expect(standing({ ...M, counted: false })).toBe('匹配度不足，不计入')
    expect(standing({ ...M, choice: 'reject', counted: false })).toBe('已排除，不计入')
    expect(standing({ ...M, choice: 'confirm', old: true })).toBe('已确认（已过时，不作提示依据）')
    expect(lineRatioText(12_325_000, 8_500_000)).toBe('本行为其 145%')
    expect(lineRatioText(null, 8_500_000)).toBeNull()
  })
})
