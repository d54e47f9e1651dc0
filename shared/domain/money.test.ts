import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseBudgetSheet } from './budget/parseBudget'
import type { CellValue } from './budget/types'
import { runComplianceRules } from './compliance/engine'
import { contentFromRows } from './compliance/testing'
import { exactWan, fenToWan, hasFloatNoise, noisyNumbers, sumWan, wanToFen, yuanToFen } from './money'

describe('money in 分', () => {
  it('converts without noise', () => {
    expect(wanToFen(418.04)).toBe(418_040_000)
    expect(fenToWan(418_040_000)).toBe(418.04)
    expect(yuanToFen(19500.01)).toBe(1_950_001)
    expect(sumWan([0.1, 0.2])).toBe(0.3)
    expect(exactWan(-1.005)).toBe(-1.005)
    expect(hasFloatNoise(1.9500000000000002)).toBe(true)
    expect(hasFloatNoise(418.03999999999996)).toBe(true)
    expect(hasFloatNoise(418.04)).toBe(false)
  })

  it('sums of any 2-decimal amounts are exact', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 40 }), (cents) => {
        const total = sumWan(cents.map((c) => c / 100))
        expect(hasFloatNoise(total)).toBe(false)
        expect(wanToFen(total)).toBe(cents.reduce((s, c) => s + c * 10_000, 0))
      })
    )
  })
})

/** The budget: amounts whose float sums drift (418.04, a 系统集成费 1.95 over the rate). */
const NOISY_ROWS: CellValue[][] = [
  ['序号', '名称', '单位', '数量', '单价', '金额'],
  ['一', '工程费用', null, null, null, null],
  [1, '应用软件开发', '项', 1, 250.13, 250.13],
  [2, '国产数据库软件', '套', 3, 10.1, 30.3],
  [3, '服务器', '台', 3, 7.7, 23.1],
  [4, '系统集成费', '项', 1, 5.11, 5.11],
  ['二', '工程建设其他费用', null, null, null, null],
  [1, '工程监理费', '项', 1, 7.07, 7.07],
  [2, '等保测评费', '项', 1, 4.41, 4.41],
  [3, '密评费', '项', 1, 3.3, 3.3],
  [4, '第三方测试费', '项', 1, 0.7, 0.7],
  [5, '可研编制费', '项', 1, 0.1, 0.1],
  [6, '培训费', '项', 1, 0.2, 0.2],
  ['三', '预备费', '项', 1, 93.62, 93.62],
  ['合计', null, null, null, null, 418.04]
]

describe('no float noise in budget outputs', () => {
  it('the parsed budget, its checks and every finding print exact decimals', () => {
    const parsed = parseBudgetSheet({ name: '概算表', rows: NOISY_ROWS })
    if (!parsed.ok) throw new Error(parsed.error.message)
    expect(parsed.budget.computedTotal).toBe(418.04)
    const content = contentFromRows(NOISY_ROWS, { declaredInvestment: 418.0399 })
    const findings = runComplianceRules(content)
    expect(findings.some((f) => f.suggestedCut)).toBe(true)
    expect(noisyNumbers({ budget: parsed.budget, content: content.budget, findings })).toEqual([])
  })

  it('holds for random 元 sheets', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 99_999_999 }), { minLength: 1, maxLength: 12 }), (cents) => {
        const rows: CellValue[][] = [['单位：元'], ['序号', '名称', '单位', '金额']]
        cents.forEach((c, i) => rows.push([i + 1, `服务器${i}`, '台', c / 100]))
        rows.push(['合计', null, null, cents.reduce((s, c) => s + c, 0) / 100 + 0.01])
        const content = contentFromRows(rows, { declaredInvestment: 1 })
        expect(noisyNumbers({ content: content.budget, findings: runComplianceRules(content) })).toEqual([])
      }),
      { numRuns: 50 }
    )
  })
})
