import { describe, expect, it } from 'vitest'
import { runComplianceRules } from '../compliance/engine'
import { contentFromRows } from '../compliance/testing'
import { checkBudgetArithmetic } from './arithmetic'
import { costLeaves } from './hierarchy'
import { parseBudgetSheet } from './parseBudget'
import type { CellValue } from './types'

const ROWS: CellValue[][] = [
  ['序号', '工程或费用名称', '单位', '数量', '单价', '金额'],
  ['一', '工程费用', null, null, null, 200],
  [1, '应用软件开发', '人月', 50, 2, 100],
  [null, '其中：统一受理门户', '人月', 30, 2, 60],
  [null, '工单管理模块', '人月', 20, 2, 40],
  [2, '服务器', '台', 4, 25, 100],
  [null, '其中：数据库服务器', '台', 2, 25, 50],
  ['二', '预备费', '项', 1, 9, 9],
  ['合计', null, null, null, null, 209]
]

describe('其中 breakdowns', () => {
  it('unprefixed rows after 其中 continue the breakdown: not summed, the parent keeps its amount in sums and fee bases', () => {
    const parsed = parseBudgetSheet({ name: '概算表', rows: ROWS })
    if (!parsed.ok) throw new Error(parsed.error.message)
    const b = parsed.budget
    const byName = (n: string) => b.lines.find((l) => l.name === n)!
    expect(byName('工单管理模块')).toMatchObject({ isMemo: true, parentId: byName('应用软件开发').id })
    expect(byName('应用软件开发').hasChildren).toBe(false)
    expect(costLeaves(b.lines).map((l) => l.name)).toEqual(['应用软件开发', '服务器', '预备费'])
    expect(checkBudgetArithmetic(b, 209)).toEqual([])
    // 预备费 9 on 200 = 4.5 %: within the 5 % rate (the parent no longer drops out of the base).
    const findings = runComplianceRules(contentFromRows(ROWS, { declaredInvestment: 209 }))
    expect(findings.map((f) => f.code)).not.toContain('fee.contingency-rate')
    expect(findings.map((f) => f.code)).not.toContain('budget.subtotal-mismatch')
  })

  it('checks 数量 × 单价 on the breakdown rows too', () => {
    const rows = ROWS.map((r) => [...r])
    rows[4] = [null, '工单管理模块', '人月', 20, 2, 38]
    const parsed = parseBudgetSheet({ name: '概算表', rows })
    if (!parsed.ok) throw new Error(parsed.error.message)
    expect(checkBudgetArithmetic(parsed.budget, 209).map((c) => [c.kind, c.lineId])).toEqual([['line-product', 'r5']])
  })

  it('an unnumbered row that no longer fits in the line broken down is an item again', () => {
    const rows: CellValue[][] = [
      ['名称', '单位', '金额'],
      ['应用软件开发', '项', 100],
      ['其中：门户', '项', 60],
      ['政务云资源租赁', '项', 50],
      ['合计', null, 150]
    ]
    const parsed = parseBudgetSheet({ name: '概算表', rows })
    if (!parsed.ok) throw new Error(parsed.error.message)
    expect(parsed.budget.lines.find((l) => l.name === '政务云资源租赁')?.isMemo).toBe(false)
    expect(parsed.budget.computedTotal).toBe(150)
  })

  it('a negative 让利 line is an item that reduces the total', () => {
    const rows: CellValue[][] = [['名称', '单位', '金额'], ['应用软件开发', '项', 100], ['商务让利', '项', -5], ['合计', null, 95]]
    const parsed = parseBudgetSheet({ name: '概算表', rows })
    if (!parsed.ok) throw new Error(parsed.error.message)
    expect(parsed.budget.computedTotal).toBe(95)
    expect(checkBudgetArithmetic(parsed.budget, 95)).toEqual([])
  })

  it('indented rows under an item that add up to less than it are its partial breakdown: not summed, no false 小计 mismatch', () => {
    const rows: CellValue[][] = [
      ['序号', '工程或费用名称', '单位', '数量', '单价', '金额'],
      ['一', '工程费用', null, null, null, 200],
      [1, '服务器', '台', 4, 25, 100],
      [null, '　　数据库服务器', '台', 2, 25, 50],
      [2, '应用软件开发', '人月', 50, 2, 100],
      ['二', '预备费', '项', 1, 9, 9],
      ['合计', null, null, null, null, 209]
    ]
    const parsed = parseBudgetSheet({ name: '概算表', rows })
    if (!parsed.ok) throw new Error(parsed.error.message)
    const b = parsed.budget
    expect(b.lines.find((l) => l.name === '数据库服务器')).toMatchObject({ isMemo: true })
    expect(b.lines.find((l) => l.name === '服务器')?.hasChildren).toBe(false)
    expect(costLeaves(b.lines).map((l) => l.name)).toEqual(['服务器', '应用软件开发', '预备费'])
    expect(checkBudgetArithmetic(b, 209)).toEqual([])
    const codes = runComplianceRules(contentFromRows(rows, { declaredInvestment: 209 })).map((f) => f.code)
    expect(codes).not.toContain('budget.subtotal-mismatch')
    expect(codes).not.toContain('fee.contingency-rate')
    // 数量 × 单价 is still checked on the breakdown row.
    const wrong = rows.map((r) => [...r])
    wrong[3] = [null, '　　数据库服务器', '台', 2, 25, 40]
    const w = parseBudgetSheet({ name: '概算表', rows: wrong })
    if (!w.ok) throw new Error(w.error.message)
    expect(checkBudgetArithmetic(w.budget, 209).map((c) => [c.kind, c.lineId])).toEqual([['line-product', 'r4']])
  })

  it('indented rows that add up to the item (or over it) stay its parts; unindented ones too', () => {
    const rows = (second: string, amount: number): CellValue[][] => [
      ['序号', '名称', '单位', '数量', '单价', '金额'],
      [1, '服务器', '台', 4, 25, 100],
      [null, '  数据库服务器', '台', 2, 25, 50],
      [null, second, '台', 2, amount / 2, amount],
      ['合计', null, null, null, null, 100]
    ]
    const whole = parseBudgetSheet({ name: '概算表', rows: rows('  应用服务器', 50) })
    if (!whole.ok) throw new Error(whole.error.message)
    expect(whole.budget.lines.filter((l) => l.isMemo)).toEqual([])
    expect(checkBudgetArithmetic(whole.budget, 100)).toEqual([])
    // Over the item: a real mismatch, reported.
    const over = parseBudgetSheet({ name: '概算表', rows: rows('  应用服务器', 60) })
    if (!over.ok) throw new Error(over.error.message)
    expect(checkBudgetArithmetic(over.budget, 100).map((c) => c.kind)).toContain('group-sum')
    // Not indented: nothing says it is a breakdown, so a shortfall is reported.
    const flat = parseBudgetSheet({ name: '概算表', rows: rows('应用服务器', 40).map((r, i) => (i === 2 ? [null, '数据库服务器', '台', 2, 25, 50] : r)) })
    if (!flat.ok) throw new Error(flat.error.message)
    expect(checkBudgetArithmetic(flat.budget, 100).map((c) => c.kind)).toContain('group-sum')
  })
})
