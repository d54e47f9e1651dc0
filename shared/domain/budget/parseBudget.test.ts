import { describe, expect, it } from 'vitest'
import { checkBudgetArithmetic } from './arithmetic'
import { parseBudgetSheet } from './parseBudget'
import type { CellValue, ParsedBudget, SheetData } from './types'

function parse(rows: CellValue[][], extra: Partial<SheetData> = {}, declared?: number): ParsedBudget {
  const result = parseBudgetSheet({ name: '概算表', rows, ...extra }, { declaredInvestment: declared ?? null })
  if (!result.ok) throw new Error(result.error.message)
  return result.budget
}

const messy: CellValue[][] = [
  ['三明市智慧应急指挥平台项目投资概算表', null, null, null, null, null, null, null],
  [null, null, null, null, null, null, '单位：万元', null],
  ['序号', '工程或费用名称', '规格（技术参数）', '单位', '数量', '单价（万元）', '金额（万元）', '备注'],
  ['一、', '硬件购置', null, null, null, null, 120, null],
  [1, '服务器', '2路 32核', '台', 2, 30, 60, null],
  [2, '存储', '100TB', '套', 1, 60, 60, null],
  [null, '小计', null, null, null, null, 120, null],
  ['二', '应用软件开发', null, null, null, null, null, null],
  ['（一）', '指挥调度子系统', null, null, null, null, 80, null],
  ['1.1', '调度模块', null, '人月', 20, 2, 40, null],
  ['1.2', '地图模块', null, '人月', 20, 2, 40, null],
  ['（二）', '数据共享接口', null, '项', 1, 30, 30, null],
  ['三', '工程建设其他费用', null, null, null, null, 20, null],
  [null, '1、监理费', null, '项', 1, 10, 10, null],
  [null, '2、等保测评费', null, '项', 1, 10, 10, null],
  ['合计', null, null, null, null, null, 250, null],
  ['注：以上价格含税。', null, null, null, null, null, null, null]
]

describe('parseBudgetSheet', () => {
  it('finds the header under the title and unit rows and maps the columns', () => {
    const budget = parse(messy)
    expect(budget.header.headerRow).toBe(2)
    expect(budget.header.columns).toEqual({
      seq: 0, name: 1, spec: 2, unit: 3, quantity: 4, unitPrice: 5, amount: 6, remark: 7
    })
    expect(budget.unit.unit).toBe('万元')
    expect(budget.unit.source).toBe('header')
    expect(budget.notes).toEqual(['注：以上价格含税。'])
  })

  it('rebuilds the hierarchy from numbering and 小计 rows', () => {
    const budget = parse(messy)
    const byName = new Map(budget.lines.map((l) => [l.name, l]))
    const get = (name: string) => {
      const line = byName.get(name)
      if (!line) throw new Error(`no line ${name}`)
      return line
    }
    expect(get('硬件购置')).toMatchObject({ level: 0, parentId: null, numbering: '一、', hasChildren: true })
    expect(get('服务器')).toMatchObject({ level: 1, parentId: get('硬件购置').id, sourceRow: 5 })
    expect(get('小计')).toMatchObject({ isSubtotal: true, parentId: get('硬件购置').id })
    expect(get('调度模块')).toMatchObject({ level: 2, parentId: get('指挥调度子系统').id })
    expect(get('数据共享接口')).toMatchObject({ level: 1, parentId: get('应用软件开发').id })
    expect(get('监理费')).toMatchObject({ parentId: get('工程建设其他费用').id, numbering: '1、' })
    expect(get('合计')).toMatchObject({ isTotal: true, parentId: null, level: 0 })
    expect(budget.computedTotal).toBeCloseTo(120 + 110 + 20, 6)
    expect(budget.sheetTotal).toBe(250)
  })

  it('classifies lines into categories, inheriting from the group', () => {
    const budget = parse(messy)
    const cat = (name: string) => budget.lines.find((l) => l.name === name)?.category
    expect(cat('服务器')).toBe('硬件购置')
    expect(cat('调度模块')).toBe('应用软件开发')
    expect(cat('监理费')).toBe('监理')
    expect(cat('等保测评费')).toBe('等保测评')
  })

  it('finds no arithmetic problem in a consistent sheet', () => {
    const budget = parse(messy)
    expect(checkBudgetArithmetic(budget, 250)).toEqual([])
  })

  it('reports 数量×单价≠金额, a wrong 小计, a wrong 合计 and a declared-investment mismatch with the numbers', () => {
    const rows = messy.map((r) => [...r])
    rows[4]![6] = 65 // 2 × 30 ≠ 65
    rows[6]![6] = 130 // 小计: 65 + 60 = 125 ≠ 130
    rows[15]![6] = 260 // 合计
    const budget = parse(rows)
    const checks = checkBudgetArithmetic(budget, 240)
    expect(checks).toContainEqual(
      expect.objectContaining({ kind: 'line-product', lineId: 'r5', expected: 60, actual: 65, difference: 5 })
    )
    expect(checks).toContainEqual(
      expect.objectContaining({ kind: 'group-sum', lineId: 'r7', groupLineId: 'r4', expected: 125, actual: 130 })
    )
    // group line 一、 carries 120 but its lines sum to 125
    expect(checks).toContainEqual(expect.objectContaining({ kind: 'group-sum', lineId: 'r4', expected: 125, actual: 120 }))
    const total = checks.find((c) => c.kind === 'total-sum')
    expect(total).toMatchObject({ lineId: 'r16', actual: 260 })
    expect(total?.expected).toBeCloseTo(250, 6)
    expect(checks).toContainEqual(expect.objectContaining({ kind: 'declared-total', expected: 240, actual: 260, difference: 20 }))
  })

  it('normalises 元 to 万元 from a unit row', () => {
    const budget = parse([
      ['某项目概算', null, null, null, null],
      ['单位：元', null, null, null, null],
      ['序号', '名称', '数量', '单价', '合计'],
      [1, '服务器', 2, 150000, 300000],
      [2, '数据库软件', 1, 80000, 80000],
      ['合计', null, null, null, 380000]
    ])
    expect(budget.unit).toMatchObject({ unit: '元', source: 'unitRow' })
    expect(budget.lines[0]).toMatchObject({ unitPrice: 15, amount: 30 })
    expect(budget.sheetTotal).toBe(38)
    expect(checkBudgetArithmetic(budget, 38)).toEqual([])
  })

  it('handles a unit price in 元 next to an amount in 万元', () => {
    const budget = parse([
      ['序号', '名称', '数量', '单价（元）', '金额（万元）'],
      [1, '交换机', 4, 25000, 10]
    ])
    expect(budget.unit.unitPriceUnit).toBe('元')
    expect(budget.unit.amountUnit).toBe('万元')
    expect(budget.lines[0]).toMatchObject({ unitPrice: 2.5, amount: 10 })
    expect(checkBudgetArithmetic(budget, null)).toEqual([])
  })

  it('infers 元 from the declared investment when the sheet names no unit', () => {
    const budget = parse(
      [
        ['序号', '名称', '金额'],
        [1, '应用开发', 1200000],
        [2, '监理', 50000]
      ],
      {},
      125
    )
    expect(budget.unit).toMatchObject({ unit: '元', source: 'inferred' })
    expect(budget.computedTotal).toBeCloseTo(125, 6)
  })

  it('reads a two-row merged header (投资（万元） over 单价/金额)', () => {
    const rows: CellValue[][] = [
      ['项目概算表', null, null, null, null, null],
      ['序号', '名称', '数量', '投资（万元）', null, '备注'],
      [null, null, null, '单价', '金额', null],
      [1, '服务器', 2, 10, 20, null]
    ]
    const budget = parse(rows, {
      merges: [
        { top: 1, left: 3, bottom: 1, right: 4 },
        { top: 1, left: 0, bottom: 2, right: 0 },
        { top: 1, left: 1, bottom: 2, right: 1 }
      ]
    })
    expect(budget.header).toMatchObject({ headerRow: 1, headerRowCount: 2 })
    expect(budget.header.columns).toMatchObject({ seq: 0, name: 1, quantity: 2, unitPrice: 3, amount: 4, remark: 5 })
    expect(budget.unit.unit).toBe('万元')
    expect(budget.lines).toHaveLength(1)
    expect(budget.lines[0]).toMatchObject({ name: '服务器', unitPrice: 10, amount: 20 })
  })

  it('keeps 其中 rows out of the sums', () => {
    const budget = parse([
      ['序号', '名称', '金额'],
      ['一', '软件开发', 100],
      [1, '平台开发', 100],
      [null, '其中：移动端', 30],
      ['合计', null, 100]
    ])
    expect(budget.lines.find((l) => l.name === '其中：移动端')).toMatchObject({ isMemo: true })
    expect(checkBudgetArithmetic(budget, 100)).toEqual([])
  })

  it('reads numbers written as text with separators and full-width digits', () => {
    const budget = parse([
      ['序号', '名称', '数量', '单价', '金额'],
      ['1', '服务器', '２', '1,000.5', '2,001.00']
    ])
    expect(budget.lines[0]).toMatchObject({ quantity: 2, unitPrice: 1000.5, amount: 2001 })
  })

  it('fails clearly on an empty sheet and on a sheet without a header', () => {
    const empty = parseBudgetSheet({ name: 'Sheet1', rows: [[null, ''], []] })
    expect(empty).toMatchObject({ ok: false, error: { code: 'budget.empty' } })
    const noHeader = parseBudgetSheet({ name: 'Sheet1', rows: [['服务器', 2, 30], ['存储', 1, 60]] })
    expect(noHeader.ok).toBe(false)
    if (!noHeader.ok) {
      expect(noHeader.error.code).toBe('budget.no-header')
      expect(noHeader.error.message).toContain('Sheet1')
    }
  })
})
