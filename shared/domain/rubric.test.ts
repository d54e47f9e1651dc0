import { describe, expect, it } from 'vitest'
import rubricJson from '../../resources/rubrics/default.json'
import { parseRubric } from './rubric'
import { computeTotals, isLowScore, suggestConclusion, validateItemScore } from './scoring'

const rubric = parseRubric(rubricJson)

describe('the default rubric (第八条)', () => {
  it('has the five dimensions with the points of DOMAIN.md, totalling 100', () => {
    expect(rubric.dimensions.map((d) => [d.name, d.points])).toEqual([
      ['技术方案', 30],
      ['安全方案', 20],
      ['标准规范', 10],
      ['数据开发利用情况', 15],
      ['投资概算', 25]
    ])
    expect(rubric.totalPoints).toBe(100)
    for (const d of rubric.dimensions) expect(d.items.reduce((s, i) => s + i.points, 0)).toBe(d.points)
  })

  it('version 3 scores 第五条 (basis and necessity) and 第二十三条 (application security on the 政务云), and says 第十二条 data sharing is a veto', () => {
    expect(rubric.version).toBe(3)
    const items = rubric.dimensions.flatMap((d) => d.items.map((i) => [d.id, i.id, i.points] as const))
    expect(items).toContainEqual(['tech', 'tech.basis', 6])
    expect(items).toContainEqual(['security', 'security.cloud', 4])
    const all = new Map(rubric.dimensions.flatMap((d) => d.items.map((i) => [i.id, i])))
    expect(all.get('tech.basis')!.guidance).toMatch(/第五条.*数字三明/)
    expect(all.get('security.cloud')!.guidance).toMatch(/第二十三条.*平台安全边界/)
    expect(all.get('data.sharing')!.guidance).toMatch(/第十二条.*否决项/)
    expect(rubric.dimensions.every((d) => d.article === 8)).toBe(true)
  })

  it('rejects a definition whose points do not add up', () => {
    const bad = JSON.parse(JSON.stringify(rubricJson)) as typeof rubricJson
    bad.dimensions[0]!.items[0]!.points = 9
    expect(() => parseRubric(bad)).toThrow(/细则分值之和 33 不等于维度分值 30/)
  })

  it('信创适配 is never N/A: 第十二条 requires 安全可靠 of every project', () => {
    const item = rubric.dimensions[0]!.items.find((i) => i.id === 'tech.xinchuang')!
    expect(item.naAllowed).toBe(false)
    expect(validateItemScore(item, { value: null, na: true })).toEqual({ ok: false, message: '「信创适配」不允许选择"不适用"' })
  })

  it('totals scores per dimension and overall, counting N/A as full points', () => {
    // A meeting's own rubric may allow N/A on an item.
    const withNa = parseRubric({ ...rubricJson, dimensions: rubricJson.dimensions.map((d) => ({ ...d, items: d.items.map((i) => (i.id === 'tech.xinchuang' ? { ...i, naAllowed: true } : i)) })) })
    const t = computeTotals(withNa, {
      'tech.requirements': { value: 5.5, na: false },
      'tech.architecture': { value: 7, na: false },
      'tech.scope': { value: 5, na: false },
      'tech.xinchuang': { value: null, na: true },
      'security.mlps': { value: 6, na: false }
    })
    expect(t.dimensions[0]).toMatchObject({ dimensionId: 'tech', score: 21.5, scoredItems: 4 })
    expect(t.dimensions[1]).toMatchObject({ dimensionId: 'security', score: 6, scoredItems: 1 })
    expect(t.total).toBe(27.5)
    expect(t.complete).toBe(false)
  })

  it('is complete only when every required item is scored', () => {
    const all = Object.fromEntries(rubric.dimensions.flatMap((d) => d.items.map((i) => [i.id, { value: i.points, na: false }])))
    const t = computeTotals(rubric, all)
    expect(t.complete).toBe(true)
    expect(t.total).toBe(100)
  })

  it('suggests the conclusion by the thresholds, and 不予通过 on a veto', () => {
    expect(suggestConclusion(rubric, 80)).toBe('pass')
    expect(suggestConclusion(rubric, 79.5)).toBe('revise')
    expect(suggestConclusion(rubric, 60)).toBe('revise')
    expect(suggestConclusion(rubric, 59.5)).toBe('reject')
    expect(suggestConclusion(rubric, 95, true)).toBe('reject')
  })

  it('validates range, step and N/A of an item score', () => {
    const item = rubric.dimensions[0]!.items[1]! // 需求分析与业务流程: 6 points, step 0.5, no N/A
    expect(validateItemScore(item, { value: 5.5, na: false }).ok).toBe(true)
    expect(validateItemScore(item, { value: 6.5, na: false })).toEqual({ ok: false, message: '「需求分析与业务流程」的分数应在 0 至 6 之间' })
    expect(validateItemScore(item, { value: 5.3, na: false })).toMatchObject({ ok: false })
    expect(validateItemScore(item, { value: null, na: true })).toMatchObject({ ok: false })
    expect(isLowScore(rubric, item, { value: 3.5, na: false })).toBe(true) // < 3.6
    expect(isLowScore(rubric, item, { value: 4, na: false })).toBe(false)
  })
})
