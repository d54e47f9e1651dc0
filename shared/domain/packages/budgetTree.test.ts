import { describe, expect, it } from 'vitest'
import { ancestorIds, buildTree, compareValues, flattenTree, selectedAmount, visibleIds, type TreeLine } from './budgetTree'

const line = (id: string, parentId: string | null, name: string, amount: number | null, extra: Partial<TreeLine> = {}): TreeLine => ({
  id, parentId, name, amount, numbering: null, spec: null, remark: null, category: '其他', kind: 'item', hasChildren: false, ...extra
})

const lines: TreeLine[] = [
  line('a', null, '硬件购置', 30, { hasChildren: true }),
  line('a1', 'a', '服务器', 20, { category: '硬件购置' }),
  line('a2', 'a', '存储设备', 10, { category: '硬件购置' }),
  line('as', 'a', '小计', 30, { kind: 'subtotal' }),
  line('b', null, '应用软件开发', 50, { hasChildren: true }),
  line('b1', 'b', '统一门户', 50, { category: '应用软件开发' }),
  line('bm', 'b1', '其中：服务器授权', 5, { kind: 'memo' }),
  line('t', null, '合计', 80, { kind: 'total' })
]

describe('budget tree', () => {
  it('nests lines under their parents and keeps orphans as roots', () => {
    const tree = buildTree([...lines, line('x', 'missing', '孤行', 1)])
    expect(tree.map((n) => n.id)).toEqual(['a', 'b', 't', 'x'])
    expect(tree[0]?.subRows.map((n) => n.id)).toEqual(['a1', 'a2', 'as'])
    expect(tree[1]?.subRows[0]?.subRows.map((n) => n.id)).toEqual(['bm'])
  })

  it('shows matches with their ancestors, and filters by category', () => {
    expect([...visibleIds(lines, { text: '服务器', category: null })].sort()).toEqual(['a', 'a1', 'b', 'b1', 'bm'])
    expect([...visibleIds(lines, { text: '', category: '应用软件开发' })].sort()).toEqual(['b', 'b1'])
  })

  it('sums what is selected once: groups cover their lines, subtotals, totals and memos never count', () => {
    expect(selectedAmount(lines, { text: '', category: null })).toBe(80)
    expect(selectedAmount(lines, { text: '服务器', category: null })).toBe(20)
    expect(selectedAmount(lines, { text: '', category: '硬件购置' })).toBe(30)
    expect(ancestorIds(lines, 'bm')).toEqual(['b1', 'b'])
  })
})

describe('flattenTree', () => {
  it('lists expanded rows in order with depth, and sorts siblings without breaking groups', () => {
    const tree = buildTree(lines)
    const all = flattenTree(tree, () => true)
    expect(all.map((r) => `${r.line.id}:${r.depth}`)).toEqual(['a:0', 'a1:1', 'a2:1', 'as:1', 'b:0', 'b1:1', 'bm:2', 't:0'])
    const collapsed = flattenTree(tree, (n) => n.id !== 'a')
    expect(collapsed.map((r) => r.line.id)).toEqual(['a', 'b', 'b1', 'bm', 't'])
    expect(collapsed[0]).toMatchObject({ expandable: true, expanded: false })
    const byAmount = flattenTree(tree, () => true, { compare: (x, y) => compareValues(x.amount, y.amount), desc: true })
    expect(byAmount.map((r) => r.line.id)).toEqual(['t', 'b', 'b1', 'bm', 'a', 'as', 'a1', 'a2'])
  })

  it('compares numbers, text and empties', () => {
    expect([3, null, 1, 2].sort(compareValues)).toEqual([1, 2, 3, null])
    expect(compareValues('a', 'b')).toBeLessThan(0)
  })
})
