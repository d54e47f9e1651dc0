import { describe, expect, it } from 'vitest'
import { REVIEWED_BUDGET, REVISED_BUDGET } from '../../kits/revision/packages'
import { parseBudgetSheet } from '../../../shared/domain/budget'
import { diffBudgets, MAX_SIMILARITY_PAIRS, type DiffBudgetInput } from '../../../shared/domain/revision/budgetDiff'
import { APPROVAL_LABELS, type BudgetLineDiff } from '../../../shared/domain/revision/types'

function budget(rows: (string | number | null)[][], declared: number): DiffBudgetInput {
  const r = parseBudgetSheet({ name: '概算', rows })
  if (!r.ok) throw new Error(r.error.message)
  return { lines: r.budget.lines, computedTotal: r.budget.computedTotal, sheetTotal: r.budget.sheetTotal, declaredInvestment: declared }
}
const byName = (lines: readonly BudgetLineDiff[], name: string) => lines.find((l) => (l.new ?? l.old)?.name === name) as BudgetLineDiff

describe('budget diff', () => {
  const a = budget(REVIEWED_BUDGET, 234)
  const b = budget(REVISED_BUDGET, 220)

  it('matches lines across versions: changed price and quantity, removed, added, renamed, moved between groups', () => {
    const d = diffBudgets(a, b)
    expect(byName(d.lines, '应用服务器')).toMatchObject({ status: 'changed', changes: ['unitPrice', 'amount'], deltaFen: -4_000_000, moved: null, renamed: null })
    expect(byName(d.lines, '统一受理门户')).toMatchObject({ status: 'changed', changes: ['quantity', 'amount'], deltaFen: -10_000_000 })
    expect(byName(d.lines, '存储设备')).toMatchObject({ status: 'same', changes: [], deltaFen: 0 })
    expect(byName(d.lines, '办公电脑')).toMatchObject({ status: 'removed', new: null, deltaFen: -6_000_000 })
    expect(byName(d.lines, '密码应用安全性评估')).toMatchObject({ status: 'added', old: null, deltaFen: 6_000_000 })
    const renamed = byName(d.lines, '工单管理平台')
    expect(renamed).toMatchObject({ status: 'changed', changes: ['name'], old: { name: '工单管理系统' }, moved: null })
    expect(renamed.renamed?.similarity).toBeGreaterThanOrEqual(0.5)
    expect(byName(d.lines, '知识库系统')).toMatchObject({ status: 'changed', changes: [], moved: { from: ['应用软件开发'], to: ['系统集成'] } })
    // A group's own amount changes with its children; 预备费 keeps its name though its number changed.
    expect(byName(d.lines, '应用软件开发')).toMatchObject({ status: 'changed', changes: ['amount'], new: { isGroup: true } })
    expect(byName(d.lines, '预备费')).toMatchObject({ status: 'same' })
    expect(d.counts).toMatchObject({ added: 1, removed: 1, moved: 1, renamed: 1 })
    expect(d.old.computedFen).toBe(234_000_000)
    expect(d.new).toEqual({ computedFen: 220_000_000, sheetFen: 220_000_000, declaredFen: 220_000_000 })
    expect(d.deltaFen).toBe(-14_000_000)
    expect(d.deltaRate).toBeCloseTo(-14 / 234)
    expect(d.renameMatching).toBe(true)
    // The submitted structure: the removed line sits after the line before it in the old version.
    const order = d.lines.map((l) => (l.new ?? l.old)?.name)
    expect(order.slice(0, 4)).toEqual(['硬件购置', '应用服务器', '存储设备', '办公电脑'])
    expect(d.approval).toBeNull()
    expect(d.lines.every((l) => l.approval === null)).toBe(true)
  })

  it('sets each line against the 核定 of the old line: 按核定调整, 未按核定调整, 新增, 已删除', () => {
    const id = (name: string) => a.lines.find((l) => l.name === name)?.id as string
    const approved = new Map<string, number>([
      [id('应用服务器'), 36],
      [id('存储设备'), 30],
      [id('办公电脑'), 0],
      [id('统一受理门户'), 40],
      [id('工单管理系统'), 60],
      [id('知识库系统'), 20],
      [id('接口对接'), 10],
      [id('等保测评'), 8],
      [id('预备费'), 5]
    ])
    const d = diffBudgets(a, b, approved)
    const status = (name: string) => byName(d.lines, name).approval
    expect(status('应用服务器')).toEqual({ status: 'as-approved', approvedFen: 36_000_000, differenceFen: 0 })
    expect(status('工单管理平台')).toMatchObject({ status: 'as-approved' })
    expect(status('知识库系统')).toEqual({ status: 'not-as-approved', approvedFen: 20_000_000, differenceFen: 5_000_000 })
    expect(status('办公电脑')).toEqual({ status: 'as-approved', approvedFen: 0, differenceFen: 0 })
    expect(status('密码应用安全性评估')).toEqual({ status: 'new', approvedFen: null, differenceFen: 6_000_000 })
    expect(status('硬件购置')).toBeNull()
    expect(d.approval).toEqual({
      approvedTotalFen: 209_000_000,
      newTotalFen: 220_000_000,
      counts: { 'as-approved': 8, 'not-as-approved': 1, new: 1, removed: 0 }
    })
    expect(APPROVAL_LABELS['not-as-approved']).toBe('未按核定调整')
    // A line the 核定 kept but the 修改稿 dropped.
    const kept = diffBudgets(a, b, new Map([[id('办公电脑'), 6]]))
    expect(byName(kept.lines, '办公电脑').approval).toEqual({ status: 'removed', approvedFen: 6_000_000, differenceFen: -6_000_000 })
  })

  it('stays bounded on large budgets: past the pair bound renamed lines show as removed and added', () => {
    const n = Math.ceil(Math.sqrt(MAX_SIMILARITY_PAIRS)) + 10
    const line = (i: number, name: string) => ({ id: `r${i}`, parentId: null, numbering: String(i), name, spec: null, unit: '项', quantity: 1, unitPrice: 1, amount: 1, isSubtotal: false, isTotal: false, isMemo: false, hasChildren: false })
    const big = (prefix: string): DiffBudgetInput => ({ lines: Array.from({ length: n }, (_, i) => line(i, `${prefix}${i}号设备`)), computedTotal: n, sheetTotal: null, declaredInvestment: n })
    const started = Date.now()
    const d = diffBudgets(big('甲'), big('乙'))
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(d.renameMatching).toBe(false)
    expect(d.counts).toMatchObject({ added: n, removed: n })
    const same = diffBudgets(big('甲'), big('甲'))
    expect(same.counts).toMatchObject({ same: n, added: 0, removed: 0 })
  })
})
