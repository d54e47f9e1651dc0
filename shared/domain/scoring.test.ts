import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
// The maths is tested on a fixed rubric (the default's version 2), not on whatever the default is today.
import defaultRubricJson from '../../tests/fixtures/rubrics/default-v2.json'
import { parseRubric, type RubricDefinition } from './rubric'
import type { ItemScore } from './sheet'
import { computeTotals, isLowScore, overridesVeto, suggestConclusion, suggestConclusionWithReasons, validateItemScore } from './scoring'
import type { Conclusion } from './conclusion'

const RANK: Record<Conclusion, number> = { reject: 0, revise: 1, pass: 2 }

/** Random valid rubrics: 1–6 dimensions of 1–5 items, points in half-point steps, thresholds within range. */
const rubricArb: fc.Arbitrary<RubricDefinition> = fc
  .array(
    fc.array(
      fc.record({ halfPoints: fc.integer({ min: 1, max: 40 }), naAllowed: fc.boolean(), required: fc.boolean(), step: fc.constantFrom(0.5, 1) }),
      { minLength: 1, maxLength: 5 }
    ),
    { minLength: 1, maxLength: 6 }
  )
  .chain((dims) => {
    const dimensions = dims.map((items, di) => ({
      id: `d${di}`,
      name: `维度${di}`,
      article: 8,
      points: items.reduce((s, i) => s + i.halfPoints / 2, 0),
      items: items.map((i, ii) => ({ id: `d${di}.i${ii}`, name: `细则${di}.${ii}`, points: i.halfPoints / 2, step: i.step, required: i.required, naAllowed: i.naAllowed, guidance: '' }))
    }))
    const totalPoints = dimensions.reduce((s, d) => s + d.points, 0)
    return fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([a, b]) =>
        parseRubric({
          id: 'r',
          version: 1,
          name: '随机评分表',
          totalPoints,
          dimensions,
          conclusion: { passAt: Math.max(a, b) * totalPoints, reviseAt: Math.min(a, b) * totalPoints },
          lowScoreRatio: 0.6
        })
      )
  })

/** Any score an expert or a bug could produce: in range, out of range, N/A, unscored, non-finite. */
const anyScore: fc.Arbitrary<ItemScore | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ value: fc.constant(null), na: fc.boolean() }),
  fc.record({ value: fc.double({ min: -50, max: 100, noNaN: false }), na: fc.boolean() }),
  fc.record({ value: fc.integer({ min: 0, max: 40 }).map((n) => n / 2), na: fc.constant(false) })
)

function scoresFor(rubric: RubricDefinition): fc.Arbitrary<Record<string, ItemScore>> {
  const ids = rubric.dimensions.flatMap((d) => d.items.map((i) => i.id))
  return fc.tuple(...ids.map(() => anyScore)).map((list) => {
    const out: Record<string, ItemScore> = {}
    list.forEach((s, k) => {
      if (s) out[ids[k]!] = s
    })
    return out
  })
}

const rubricWithScores = rubricArb.chain((r) => scoresFor(r).map((scores) => ({ r, scores })))

describe('computeTotals (properties)', () => {
  it('total within [0, totalPoints]; each dimension within [0, its points]; total = sum of dimensions', () => {
    fc.assert(
      fc.property(rubricWithScores, ({ r, scores }) => {
        const t = computeTotals(r, scores)
        expect(t.total).toBeGreaterThanOrEqual(0)
        expect(t.total).toBeLessThanOrEqual(r.totalPoints)
        expect(t.totalPoints).toBe(r.totalPoints)
        expect(t.dimensions).toHaveLength(r.dimensions.length)
        r.dimensions.forEach((d, k) => {
          const dt = t.dimensions[k]!
          expect(dt.dimensionId).toBe(d.id)
          expect(dt.points).toBe(d.points)
          expect(dt.score).toBeGreaterThanOrEqual(0)
          expect(dt.score).toBeLessThanOrEqual(d.points)
        })
        expect(t.total).toBeCloseTo(t.dimensions.reduce((s, d) => s + d.score, 0), 9)
      }),
      { numRuns: 500 }
    )
  })

  it('weights are respected: full marks give totalPoints, zeros give 0, one item moves only its dimension', () => {
    fc.assert(
      fc.property(rubricArb, fc.nat(), (r, pick) => {
        const items = r.dimensions.flatMap((d) => d.items.map((i) => ({ d, i })))
        const full: Record<string, ItemScore> = {}
        const zero: Record<string, ItemScore> = {}
        for (const { i } of items) {
          full[i.id] = { value: i.points, na: false }
          zero[i.id] = { value: 0, na: false }
        }
        const tf = computeTotals(r, full)
        expect(tf.total).toBeCloseTo(r.totalPoints, 9)
        expect(tf.complete).toBe(true)
        tf.dimensions.forEach((dt, k) => expect(dt.score).toBeCloseTo(r.dimensions[k]!.points, 9))
        expect(computeTotals(r, zero).total).toBe(0)

        const { d, i } = items[pick % items.length]!
        const one = { ...zero, [i.id]: { value: i.points, na: false } }
        const t1 = computeTotals(r, one)
        expect(t1.total).toBeCloseTo(i.points, 9)
        for (const dt of t1.dimensions) expect(dt.score).toBeCloseTo(dt.dimensionId === d.id ? i.points : 0, 9)
      }),
      { numRuns: 300 }
    )
  })

  it('an N/A item counts as full points where allowed, and as unscored where not', () => {
    fc.assert(
      fc.property(rubricArb, fc.nat(), (r, pick) => {
        const items = r.dimensions.flatMap((d) => d.items)
        const item = items[pick % items.length]!
        const zero: Record<string, ItemScore> = {}
        for (const i of items) zero[i.id] = { value: 0, na: false }
        const t = computeTotals(r, { ...zero, [item.id]: { value: null, na: true } })
        expect(t.total).toBeCloseTo(item.naAllowed ? item.points : 0, 9)
        expect(t.complete).toBe(item.naAllowed || !item.required)
      }),
      { numRuns: 300 }
    )
  })

  it('raising one valid item score never lowers the total', () => {
    fc.assert(
      fc.property(rubricWithScores, fc.nat(), fc.integer({ min: 0, max: 80 }), ({ r, scores }, pick, raise) => {
        const items = r.dimensions.flatMap((d) => d.items)
        const item = items[pick % items.length]!
        const before = scores[item.id]
        fc.pre(!!before && !before.na && before.value !== null && Number.isFinite(before.value))
        const higher = { ...scores, [item.id]: { value: before!.value! + raise / 2, na: false } }
        expect(computeTotals(r, higher).total).toBeGreaterThanOrEqual(computeTotals(r, scores).total)
      })
    )
  })

  it('complete iff every required item is scored (or N/A where allowed)', () => {
    fc.assert(
      fc.property(rubricWithScores, ({ r, scores }) => {
        const expected = r.dimensions.every((d) =>
          d.items.every((i) => {
            const s = scores[i.id]
            return !i.required || (!!s && ((s.na && i.naAllowed) || (s.value !== null && Number.isFinite(s.value))))
          })
        )
        expect(computeTotals(r, scores).complete).toBe(expected)
      })
    )
  })
})

describe('suggestConclusion (properties)', () => {
  it('is monotone in the total', () => {
    fc.assert(
      fc.property(rubricArb, fc.double({ min: -10, max: 300, noNaN: true }), fc.double({ min: -10, max: 300, noNaN: true }), (r, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        expect(RANK[suggestConclusion(r, lo)]).toBeLessThanOrEqual(RANK[suggestConclusion(r, hi)])
      }),
      { numRuns: 500 }
    )
  })

  it('follows the thresholds, and a veto always rejects', () => {
    fc.assert(
      fc.property(rubricArb, fc.double({ min: 0, max: 1, noNaN: true }), (r, f) => {
        const total = f * r.totalPoints
        const expected: Conclusion = total >= r.conclusion.passAt ? 'pass' : total >= r.conclusion.reviseAt ? 'revise' : 'reject'
        expect(suggestConclusion(r, total)).toBe(expected)
        expect(suggestConclusion(r, total, true)).toBe('reject')
      })
    )
  })

  it('the default rubric: 80 → 同意通过, 79.5 → 修改完善后通过, 60 → 修改完善后通过, 59.5 → 不予通过', () => {
    const r = parseRubric(defaultRubricJson)
    expect([80, 79.5, 60, 59.5, 100, 0].map((t) => suggestConclusion(r, t))).toEqual(['pass', 'revise', 'revise', 'reject', 'pass', 'reject'])
  })
})

describe('validateItemScore and isLowScore (properties)', () => {
  it('accepts exactly the in-range multiples of the step', () => {
    fc.assert(
      fc.property(rubricArb, fc.nat(), fc.double({ min: -5, max: 50, noNaN: true }), (r, pick, v) => {
        const items = r.dimensions.flatMap((d) => d.items)
        const item = items[pick % items.length]!
        const ok = validateItemScore(item, { value: v, na: false }).ok
        const onStep = Math.abs(v / item.step - Math.round(v / item.step)) <= 1e-9
        expect(ok).toBe(v >= 0 && v <= item.points && onStep)
      })
    )
  })

  it('a score is low iff below lowScoreRatio of its points', () => {
    const r = parseRubric(defaultRubricJson)
    const item = r.dimensions[0]!.items[0]! // 8 points, ratio 0.6 → below 4.8
    expect(isLowScore(r, item, { value: 4.5, na: false })).toBe(true)
    expect(isLowScore(r, item, { value: 5, na: false })).toBe(false)
    expect(isLowScore(r, item, { value: null, na: false })).toBe(false)
    expect(isLowScore(r, item, { value: 0, na: true })).toBe(false)
  })
})

describe('suggestConclusionWithReasons', () => {
  const r = parseRubric(defaultRubricJson)
  it('a veto rejects whatever the total and says why; otherwise the total against the thresholds', () => {
    expect(suggestConclusionWithReasons(r, 95, [{ reason: '第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设' }])).toEqual({
      conclusion: 'reject',
      reasons: ['否决项：第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设'],
      vetoes: ['第十二条：未满足数据汇聚共享要求的政务信息系统项目不得建设']
    })
    expect(suggestConclusionWithReasons(r, 85)).toEqual({ conclusion: 'pass', reasons: ['总分85分，不低于80分'], vetoes: [] })
    expect(suggestConclusionWithReasons(r, 70).conclusion).toBe('revise')
  })

  it('a conclusion other than 不予通过 overrides a veto; without a veto nothing is overridden', () => {
    expect(overridesVeto(['第十二条'], 'pass')).toBe(true)
    expect(overridesVeto(['第十二条'], 'revise')).toBe(true)
    expect(overridesVeto(['第十二条'], 'reject')).toBe(false)
    expect(overridesVeto(['第十二条'], null)).toBe(false)
    expect(overridesVeto([], 'pass')).toBe(false)
  })
})
