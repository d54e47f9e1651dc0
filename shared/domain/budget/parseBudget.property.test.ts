import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkBudgetArithmetic } from './arithmetic'
import { parseBudgetSheet } from './parseBudget'
import type { CellValue } from './types'

const CHINESE = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

interface Item {
  quantity: number
  /** in 分 of 万元 (integers keep the generated sheet exact) */
  priceCents: number
}

const itemArb = fc.record({ quantity: fc.integer({ min: 1, max: 50 }), priceCents: fc.integer({ min: 1, max: 100_000 }) })
const budgetArb = fc.array(fc.array(itemArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 })

function sheetFor(groups: Item[][], scale: 1 | 10000, withSubtotals: boolean): CellValue[][] {
  const rows: CellValue[][] = [
    ['某项目投资概算表'],
    [scale === 1 ? '单位：万元' : '单位：元'],
    ['序号', '名称', '单位', '数量', '单价', '金额', '备注']
  ]
  let total = 0
  groups.forEach((items, g) => {
    const groupSum = items.reduce((s, it) => s + it.quantity * it.priceCents, 0)
    total += groupSum
    rows.push([`${CHINESE[g]}、`, `第${g + 1}部分`, null, null, null, (groupSum / 100) * scale, null])
    items.forEach((it, i) => {
      rows.push([i + 1, `设备${g}-${i}`, '台', it.quantity, (it.priceCents / 100) * scale, ((it.quantity * it.priceCents) / 100) * scale, null])
    })
    if (withSubtotals) rows.push([null, '小计', null, null, null, (groupSum / 100) * scale, null])
  })
  rows.push(['合计', null, null, null, null, (total / 100) * scale, null])
  return rows
}

describe('budget parsing properties', () => {
  it('a consistent sheet, in 万元 or 元, with or without 小计, parses to the same lines and has no arithmetic finding', () => {
    fc.assert(
      fc.property(budgetArb, fc.constantFrom<1 | 10000>(1, 10000), fc.boolean(), (groups, scale, subtotals) => {
        const result = parseBudgetSheet({ name: 's', rows: sheetFor(groups, scale, subtotals) })
        expect(result.ok).toBe(true)
        if (!result.ok) return
        const { budget } = result
        const expectedTotal = groups.flat().reduce((s, it) => s + it.quantity * it.priceCents, 0) / 100
        expect(budget.computedTotal).toBeCloseTo(expectedTotal, 6)
        expect(budget.sheetTotal).toBeCloseTo(expectedTotal, 6)
        const leaves = budget.lines.filter((l) => !l.hasChildren && !l.isSubtotal && !l.isTotal)
        expect(leaves).toHaveLength(groups.flat().length)
        expect(budget.lines.filter((l) => l.level === 0 && !l.isTotal)).toHaveLength(groups.length)
        expect(checkBudgetArithmetic(budget, expectedTotal)).toEqual([])
      })
    )
  })

  it('changing one line amount is reported on that line with the difference', () => {
    fc.assert(
      fc.property(budgetArb, fc.nat(), fc.integer({ min: 2, max: 10_000 }), (groups, pick, deltaCents) => {
        const rows = sheetFor(groups, 1, false)
        const itemRows = rows.map((r, i) => ({ r, i })).filter(({ r }) => typeof r[0] === 'number')
        const target = itemRows[pick % itemRows.length]
        if (!target) return
        const delta = deltaCents / 100
        target.r[5] = (target.r[5] as number) + delta
        const result = parseBudgetSheet({ name: 's', rows })
        if (!result.ok) throw new Error('parse failed')
        const checks = checkBudgetArithmetic(result.budget, null)
        const product = checks.filter((c) => c.kind === 'line-product')
        expect(product).toHaveLength(1)
        expect(product[0]?.lineId).toBe(`r${target.i + 1}`)
        expect(product[0]?.difference).toBeCloseTo(delta, 6)
      })
    )
  })
})
