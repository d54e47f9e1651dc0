import { describe, expect, it } from 'vitest'
import type { ReviewLine } from './budgetReview'
import { defaultFeeRules, feeRecomputes } from './feeRecompute'
import type { BudgetLineReview } from './sheet'

const rules = defaultFeeRules({ contingencyMaxRate: 0.05, integrationMaxRate: 0.08, integrationBaseCategories: ['硬件购置', '软件购置', '安全', '密码'] })
const L = (lineId: string, name: string, category: string, submitted: number): ReviewLine => ({ lineId, numbering: '', name, category, submitted })
const lines: ReviewLine[] = [
  L('hw', '服务器', '硬件购置', 200),
  L('sw', '数据库软件', '软件购置', 100),
  L('dev', '应用开发', '应用软件开发', 500),
  L('int', '系统集成费', '系统集成', 15), // 5 % of 300
  L('sup', '工程监理费', '监理', 24.45), // 3 % of 815
  L('mgmt', '建设单位管理费', '其他', 8.15), // 1 % of 815
  L('res', '预备费', '预备费', 42.38)
]

describe('rate-based fees recomputed after cuts', () => {
  it('suggests nothing while no base line is cut', () => {
    expect(feeRecomputes(lines, {}, rules)).toEqual([])
  })

  it('recomputes each fee at its own rate on the approved base, in 分, 预备费 last on the recomputed fees', () => {
    const reviews: Record<string, BudgetLineReview> = { hw: { lineId: 'hw', approvedAmount: 100, reason: '应依托政务云', note: '' } }
    const out = feeRecomputes(lines, reviews, rules)
    expect(out.map((f) => [f.id, f.feeNow, f.feeRecomputed])).toEqual([
      ['fee-recompute.integration', 15, 10], // 5 % of 200
      // 3 % and 1 % of the works with the 系统集成费 above accepted: 100 + 100 + 500 + 10
      ['fee-recompute.supervision', 24.45, 21.3],
      ['fee-recompute.management', 8.15, 7.1],
      // 预备费 at its own rate (42.38 / 847.6 = 5 %) of the rest with the fees above accepted: 710 + 21.3 + 7.1
      ['fee-recompute.contingency', 42.38, 36.92]
    ])
    for (const f of out) for (const d of f.decisions) expect(d).toMatchObject({ reason: '其他' })
    expect(out[0]!.decisions[0]!.note).toBe('按审减后的计费基数重算：系统集成费按费率5.00%计，基数由300万元调为200万元')
  })

  it('caps a rate above the reference (系统集成 10 % → 8 %), and says nothing once the fee is at or below the result', () => {
    const high = lines.map((l) => (l.lineId === 'int' ? { ...l, submitted: 30 } : l))
    const reviews: Record<string, BudgetLineReview> = { sw: { lineId: 'sw', approvedAmount: 50, reason: '单价偏高', note: '' } }
    const int = feeRecomputes(high, reviews, rules).find((f) => f.id === 'fee-recompute.integration')!
    expect(int.rate).toBe(0.08)
    expect(int.feeRecomputed).toBe(20)
    const accepted = { ...reviews, int: { lineId: 'int', approvedAmount: 20, reason: '其他' as const, note: '' } }
    expect(feeRecomputes(high, accepted, rules).some((f) => f.id === 'fee-recompute.integration')).toBe(false)
  })
})
