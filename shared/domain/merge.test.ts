import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import defaultRubricJson from '../../resources/rubrics/default.json'
import { parseRubric } from './rubric'
import {
  completeSettings,
  defaultSettings,
  deviationFlags,
  mergeBudget,
  mergeProject,
  mergeValues,
  MERGE_METHODS,
  panelSizeProblems,
  rankProjects,
  suggestPanelConclusion,
  type ExpertScores
} from './merge'

const rubric = parseRubric(defaultRubricJson)
const score = fc.integer({ min: 0, max: 200 }).map((x) => x / 2)

describe('merge methods', () => {
  it('mean, trimmed mean and median of known values', () => {
    expect(mergeValues([80, 90, 70], 'mean')).toBe(80)
    expect(mergeValues([80, 90, 70, 100, 10], 'mean')).toBe(70)
    // 10 and 100 dropped
    expect(mergeValues([80, 90, 70, 100, 10], 'trimmed-mean')).toBe(80)
    // fewer than five: nothing dropped
    expect(mergeValues([80, 90, 70, 100], 'trimmed-mean')).toBe(85)
    expect(mergeValues([80, 90, 70, 100, 10], 'median')).toBe(80)
    expect(mergeValues([80, 90, 70, 100], 'median')).toBe(85)
    expect(mergeValues([], 'mean')).toBe(0)
  })

  it('the trimmed mean lies between the minimum and the maximum', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 15 }), (xs) => {
        const t = mergeValues(xs, 'trimmed-mean')
        return t >= Math.min(...xs) - 1e-9 && t <= Math.max(...xs) + 1e-9
      })
    )
  })

  it('the median does not move when one outlier grows', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 3, maxLength: 15 }), fc.integer({ min: 1, max: 1000 }), (xs, grow) => {
        const sorted = [...xs].sort((a, b) => a - b)
        const before = mergeValues(sorted, 'median')
        // The largest value grows further: with three or more values it is never the middle one (or one of the two).
        const outlier = [...sorted.slice(0, -1), (sorted[sorted.length - 1] as number) + grow]
        return mergeValues(outlier, 'median') === before
      })
    )
  })

  it('merging identical scores gives that score, by every method', () => {
    fc.assert(
      fc.property(score, fc.integer({ min: 1, max: 15 }), fc.constantFrom(...MERGE_METHODS), (x, n, method) => {
        return Math.abs(mergeValues(Array.from({ length: n }, () => x), method) - x) < 1e-9
      })
    )
  })

  it('every method is order-independent', () => {
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 12 }), fc.constantFrom(...MERGE_METHODS), (xs, method) => {
        return Math.abs(mergeValues(xs, method) - mergeValues([...xs].reverse(), method)) < 1e-9
      })
    )
  })
})

describe('deviation flags', () => {
  it('flags a score more than the threshold away from the median, and no other', () => {
    // median 24; threshold 20% of 30 = 6
    expect(deviationFlags([24, 25, 18, 17.5, 30.5], 6)).toEqual([false, false, false, true, true])
    expect(deviationFlags([20, 20, 20], 0)).toEqual([false, false, false])
  })

  it('mergeProject flags per dimension against the meeting ratio, and suggests the conclusion by the meeting thresholds', () => {
    const sheets: ExpertScores[] = ['a', 'b', 'c', 'd', 'e'].map((id, i) => {
      const tech = [24, 25, 26, 24, 12][i] as number
      const dimensionTotals: Record<string, number> = { tech, security: 16, standards: 8, data: 12, budget: 20 }
      return { expertId: id, name: id, dimensionTotals, total: tech + 56, conclusion: i === 4 ? 'revise' : 'pass' }
    })
    const settings = { ...defaultSettings(rubric), mergeMethod: 'trimmed-mean' as const }
    const m = mergeProject(rubric, sheets, settings)
    const tech = m.dimensions.find((d) => d.id === 'tech')!
    expect(tech.merged).toBe(24.33)
    expect(tech.median).toBe(24)
    expect(tech.threshold).toBe(6)
    expect(tech.scores.filter((s) => s.flagged).map((s) => s.expertId)).toEqual(['e'])
    expect(tech.scores.find((s) => s.expertId === 'e')!.deviation).toBe(-12)
    expect(m.flagCount).toBe(1)
    expect(m.total.merged).toBe(80.33)
    expect(m.suggestedConclusion).toBe('pass')
    expect(mergeProject(rubric, sheets, { ...settings, conclusion: { passAt: 85, reviseAt: 60 } }).suggestedConclusion).toBe('revise')
    expect(m.conclusions).toEqual({ pass: 4, revise: 1, reject: 0 })
    // A looser threshold flags nothing.
    expect(mergeProject(rubric, sheets, { ...settings, deviationRatio: 0.5 }).flagCount).toBe(0)
  })
})

describe('settings and panels', () => {
  it('completes stored settings with defaults and refuses nonsense values', () => {
    const s = completeSettings({ deviationRatio: 5, conclusion: { passAt: 85, reviseAt: 90 }, panel: { minPerProject: 5 } }, rubric, 'median')
    expect(s.mergeMethod).toBe('median')
    expect(s.deviationRatio).toBe(0.2)
    expect(s.conclusion).toEqual({ passAt: 85, reviseAt: 60 })
    expect(s.panel).toEqual({ minPerProject: 5, requireOdd: true })
    expect(s.budgetMergeMethod).toBe('median')
  })
  it('checks panel size: odd, and a minimum', () => {
    expect(panelSizeProblems(5, { minPerProject: 3, requireOdd: true })).toEqual([])
    expect(panelSizeProblems(4, { minPerProject: 3, requireOdd: true })).toEqual(['评审专家应为单数（现 4 人）'])
    expect(panelSizeProblems(2, { minPerProject: 3, requireOdd: false })).toEqual(['评审专家不足 3 人（现 2 人）'])
  })
  it('ranks projects by total, ties sharing a rank, unscored last', () => {
    const r = rankProjects([
      { projectId: 'a', name: 'A', total: 80 },
      { projectId: 'b', name: 'B', total: null },
      { projectId: 'c', name: 'C', total: 90 },
      { projectId: 'd', name: 'D', total: 80 }
    ])
    expect(r.map((x) => [x.projectId, x.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['d', 2],
      ['b', null]
    ])
  })
})

describe('budget merge', () => {
  const line = (lineId: string, category: string, submitted: number, amounts: number[]) => ({
    lineId,
    name: lineId,
    category,
    submitted,
    approvals: amounts.map((amount, i) => ({ expertId: `e${i}`, amount, reason: amount < submitted ? '单价偏高' : null }))
  })

  it('merges each line by the median, applies overrides, totals by category, disagreement (in 万元) first, ties in budget order', () => {
    const m = mergeBudget(
      [line('l1', '硬件购置', 100, [100, 100, 100]), line('l2', '硬件购置', 50, [40, 30, 50]), line('l3', '软件购置', 20, [0, 20, 10])],
      'median',
      { l1: { amount: 80, reason: '应依托政务云' } }
    )
    expect(m.lines.map((l) => [l.lineId, l.merged, l.spread, l.approved])).toEqual([
      ['l2', 40, 20, 40],
      ['l3', 10, 20, 10],
      ['l1', 100, 0, 80]
    ])
    expect(m.categories).toEqual([
      { category: '硬件购置', submitted: 150, approved: 120, cut: 30, increase: 0, cutRate: 0.2 },
      { category: '软件购置', submitted: 20, approved: 10, cut: 10, increase: 0, cutRate: 0.5 }
    ])
    expect(m.total).toEqual({ category: '合计', submitted: 170, approved: 130, cut: 40, increase: 0, cutRate: 40 / 170 })
  })

  it('keeps 审减 and 核增 apart in category totals: a raised line never nets against a cut one', () => {
    const m = mergeBudget([line('cut', '监理', 10, [6, 6, 6]), line('raised', '监理', 10, [14, 14, 14]), line('added', '密评', 0, [5, 5, 0])], 'median')
    expect(m.categories).toEqual([
      { category: '监理', submitted: 20, approved: 20, cut: 4, increase: 4, cutRate: 0.2 },
      { category: '密评', submitted: 0, approved: 5, cut: 0, increase: 5, cutRate: 0 }
    ])
    expect(m.total).toMatchObject({ submitted: 20, approved: 25, cut: 4, increase: 9 })
  })

  it('totals equal the sum of the lines, and a line kept by every expert is kept by the panel', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100000 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 9 })), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...MERGE_METHODS),
        (rows, method) => {
          const lines = rows.map(([cents, shares], i) => line(`l${i}`, i % 2 ? 'A' : 'B', cents / 100, shares.map((s) => Math.round((cents * s) / 100) / 100)))
          const m = mergeBudget(lines, method)
          const sum = m.lines.reduce((s, l) => s + l.approved, 0)
          const kept = mergeBudget(lines.map((l) => ({ ...l, approvals: l.approvals.map((a) => ({ ...a, amount: l.submitted })) })), method)
          return Math.abs(m.total.approved - Math.round(sum * 100) / 100) < 0.011 && kept.total.cut === 0 && m.lines.every((l) => l.approved <= l.submitted + 1e-9)
        }
      )
    )
  })
})

describe('the panel suggestion and vetoes', () => {
  it('is 不予通过 when the project has a veto, whatever the merged total', () => {
    const settings = defaultSettings(rubric)
    expect(suggestPanelConclusion(settings, 95)).toBe('pass')
    expect(suggestPanelConclusion(settings, 95, [{ reason: '第十一条：需重新履行项目审批手续' }])).toBe('reject')
  })
})
