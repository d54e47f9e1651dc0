import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeReviewTotals, distributeCut, linesWithAdded, panelBudgetTotals, reviewsFromFinding, validateLineReview, type ReviewLine } from './budgetReview'
import type { Finding } from './compliance/types'
import type { BudgetLineReview } from './sheet'

const lines: ReviewLine[] = [
  { lineId: 'a', numbering: '1', name: '服务器', category: '硬件购置', submitted: 120 },
  { lineId: 'b', numbering: '2', name: '办公电脑', category: '硬件购置', submitted: 30 },
  { lineId: 'c', numbering: '3', name: '应用开发', category: '应用软件开发', submitted: 350 }
]

describe('budget review totals', () => {
  it('computes 送审, 核定, 审减额 and 审减率 by category and overall', () => {
    const reviews: Record<string, BudgetLineReview> = {
      b: { lineId: 'b', approvedAmount: 0, reason: '第三条排除', note: '' },
      c: { lineId: 'c', approvedAmount: 280, reason: '工作量偏高', note: '' }
    }
    const t = computeReviewTotals(lines, reviews)
    expect(t.overall).toEqual({ submitted: 500, approved: 400, cut: 100, increase: 0, cutRate: 0.2 })
    expect(t.byCategory).toEqual([
      { category: '硬件购置', submitted: 150, approved: 120, cut: 30, increase: 0, cutRate: 0.2 },
      { category: '应用软件开发', submitted: 350, approved: 280, cut: 70, increase: 0, cutRate: 0.2 }
    ])
    expect(t.changedLines).toBe(2)
  })

  it('keeps totals within bounds for any decisions (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), { minLength: 3, maxLength: 3 }), (fractions) => {
        const reviews: Record<string, BudgetLineReview> = {}
        lines.forEach((l, i) => {
          const f = fractions[i]
          if (f !== null && f !== undefined) reviews[l.lineId] = { lineId: l.lineId, approvedAmount: l.submitted * f, reason: '其他', note: 'x' }
        })
        const t = computeReviewTotals(lines, reviews)
        expect(t.overall.approved).toBeLessThanOrEqual(t.overall.submitted + 0.01)
        expect(t.overall.cut).toBeGreaterThanOrEqual(-0.01)
        expect(t.overall.cutRate).toBeGreaterThanOrEqual(-0.0001)
        expect(t.overall.cutRate).toBeLessThanOrEqual(1.0001)
        const sumCat = t.byCategory.reduce((s, c) => s + c.cut, 0)
        expect(Math.abs(sumCat - t.overall.cut)).toBeLessThan(0.02)
      })
    )
  })

  it('validates a decision: above the submitted amount only as 核增 with a reason, a reason for a cut, a note for 其他', () => {
    const l = lines[0]!
    expect(validateLineReview(l, { lineId: 'a', approvedAmount: 130, reason: null, note: '' })).toEqual({
      ok: false,
      message: '「服务器」的核定金额高于送审金额 120 万元：如确需核增，请选择“核增”并说明理由'
    })
    expect(validateLineReview(l, { lineId: 'a', approvedAmount: 130, reason: '单价偏高', note: 'x' }).ok).toBe(false)
    expect(validateLineReview(l, { lineId: 'a', approvedAmount: 130, reason: '核增', note: ' ' })).toEqual({ ok: false, message: '请说明「服务器」核增的理由' })
    expect(validateLineReview(l, { lineId: 'a', approvedAmount: 130, reason: '核增', note: '漏计三年维保' }).ok).toBe(true)
    expect(validateLineReview(l, { lineId: 'a', approvedAmount: 110, reason: '核增', note: '漏计' }).ok).toBe(false)
    expect(validateLineReview({ ...l, submitted: 0, added: true }, { lineId: 'a', approvedAmount: null, reason: null, note: '' }).ok).toBe(false)
    expect(validateLineReview(l, { lineId: 'a', approvedAmount: 100, reason: null, note: '' })).toEqual({ ok: false, message: '请为「服务器」选择审减理由' })
    expect(validateLineReview(l, { lineId: 'a', approvedAmount: 100, reason: '其他', note: ' ' }).ok).toBe(false)
    expect(validateLineReview(l, { lineId: 'a', approvedAmount: 100, reason: '单价偏高', note: '' }).ok).toBe(true)
    expect(validateLineReview(l, { lineId: 'a', approvedAmount: 120, reason: null, note: '' }).ok).toBe(true)
  })

  it('turns a finding with a suggested cut into decisions with the matching reason', () => {
    const f: Finding = {
      id: 'f1',
      article: 3,
      code: 'art3.office-equipment',
      severity: 'warning',
      message: '办公电脑属于第三条排除内容',
      refs: [{ kind: 'budgetLine', lineId: 'b' }],
      suggestedCut: { amount: 30, reason: '第三条（一）：桌面办公终端' }
    }
    expect(reviewsFromFinding(f, [lines[1]!])).toEqual([{ lineId: 'b', approvedAmount: 0, reason: '第三条排除', note: '采纳合规提示：第三条（一）：桌面办公终端' }])
    expect(reviewsFromFinding({ ...f, suggestedCut: undefined }, [lines[1]!])).toEqual([])
    expect(reviewsFromFinding({ ...f, article: 12, suggestedCut: { amount: 50, reason: '自建机房' } }, [lines[1]!])[0]?.reason).toBe('应依托政务云')
    expect(reviewsFromFinding({ ...f, article: null, code: 'fee.contingency', suggestedCut: { amount: 10, reason: '预备费' } }, [lines[1]!])[0]).toMatchObject({ approvedAmount: 20, reason: '费率超标' })
  })

  it('spreads a cut on a group heading over its items in proportion, keeping the exact total', () => {
    const group = [lines[0]!, lines[1]!] // 120 + 30
    expect([...distributeCut(group, 150)]).toEqual([['a', 0], ['b', 0]])
    const part = distributeCut(group, 50) // keep 100 of 150
    expect(part.get('a')! + part.get('b')!).toBeCloseTo(100, 9)
    expect(part.get('b')).toBeCloseTo(20, 2)
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100000 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 1000000 }), (cents, cutCents) => {
        const ls = cents.map((c, i) => ({ lineId: `l${i}`, numbering: '', name: '', category: 'x', submitted: c / 100 }))
        const total = cents.reduce((s, c) => s + c, 0) / 100
        const cut = cutCents / 100
        const m = distributeCut(ls, cut)
        const kept = ls.reduce((s, l) => s + (m.has(l.lineId) ? m.get(l.lineId)! : l.submitted), 0)
        for (const v of m.values()) expect(v).toBeGreaterThanOrEqual(0)
        expect(Math.abs(kept - Math.max(0, total - cut))).toBeLessThan(0.005 + 1e-9)
      })
    )
  })
})

describe('核增 totals (issue 14)', () => {
  it('keeps 审减 and 核增 apart, exact to the 分, with added lines counted', () => {
    const base: ReviewLine[] = [
      { lineId: 'a', numbering: '1', name: '服务器', category: '硬件购置', submitted: 120.1 },
      { lineId: 'b', numbering: '2', name: '等保测评', category: '等保测评', submitted: 12.2 }
    ]
    const reviews = {
      a: { lineId: 'a', approvedAmount: 100.07, reason: '单价偏高' as const, note: '' },
      b: { lineId: 'b', approvedAmount: 15.3, reason: '核增' as const, note: '三级测评市场价' },
      x: { lineId: 'x', approvedAmount: 18.01, reason: '核增' as const, note: '第十五条：密评', added: { name: '密评费', category: '密评' } }
    }
    const all = linesWithAdded(base, reviews)
    expect(all.map((l) => l.lineId)).toEqual(['a', 'b', 'x'])
    const t = computeReviewTotals(all, reviews)
    expect(t.overall).toEqual({ submitted: 132.3, approved: 133.38, cut: 20.03, increase: 21.11, cutRate: 20.03 / 132.3 })
    expect(t.byCategory.find((c) => c.category === '密评')).toMatchObject({ submitted: 0, approved: 18.01, cut: 0, increase: 18.01, cutRate: 0 })
    expect(t.changedLines).toBe(3)
    expect(panelBudgetTotals([{ submittedAmount: 1.1, approvedAmount: 1.3 }, { submittedAmount: 0.3, approvedAmount: 0.1 }])).toEqual({
      submittedTotal: 1.4, approvedTotal: 1.4, cutTotal: 0.2, cutRate: 0.2 / 1.4, increaseTotal: 0.2
    })
  })
})
