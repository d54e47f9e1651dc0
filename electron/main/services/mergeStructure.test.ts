import { describe, expect, it } from 'vitest'
import { budgetSkeleton } from '../../../shared/domain/budgetSkeleton'
import { mergeBudget } from '../../../shared/domain/merge'
import { structureTotals } from './merging'

describe('merge screen: the merged budget in the submitted structure', () => {
  it('totals every group (nested ones inside their parent) with 审减 and 核增 apart; unknown and added lines last', () => {
    const sk = budgetSkeleton([
      { id: 'g1', parentId: null, numbering: '一、', name: '工程费用', kind: 'item' },
      { id: 'g11', parentId: 'g1', numbering: '（一）', name: '硬件设备购置', kind: 'item' },
      { id: 'server', parentId: 'g11', numbering: '1', name: '服务器', kind: 'item' },
      { id: 'g2', parentId: null, numbering: '二、', name: '工程建设其他费用', kind: 'item' },
      { id: 'supervision', parentId: 'g2', numbering: '1', name: '监理费', kind: 'item' },
      { id: 'test', parentId: 'g2', numbering: '2', name: '第三方测试费', kind: 'item' },
      { id: 'total', parentId: null, numbering: null, name: '合计', kind: 'total' }
    ])
    const approvals = (amounts: number[]) => amounts.map((amount, i) => ({ expertId: `e${i}`, amount, reason: null }))
    const merge = mergeBudget(
      [
        { lineId: 'server', name: '服务器', category: '硬件购置', submitted: 100, approvals: approvals([80, 80, 80]) },
        { lineId: 'supervision', name: '监理费', category: '监理', submitted: 10, approvals: approvals([8, 8, 8]) },
        { lineId: 'test', name: '第三方测试费', category: '第三方测试', submitted: 5, approvals: approvals([7, 7, 7]) },
        { lineId: 'added', name: '密评费', category: '密评', submitted: 0, approvals: approvals([3, 3, 0]) }
      ],
      'median'
    )
    expect(structureTotals(sk, merge.lines).map((g) => [g.label, g.depth, g.submitted, g.approved, g.cut, g.increase])).toEqual([
      ['一、工程费用', 0, 100, 80, 20, 0],
      ['（一）硬件设备购置', 1, 100, 80, 20, 0],
      // Within 二、 a cut of 2 and a raise of 2: shown apart, not netted to 0.
      ['二、工程建设其他费用', 0, 15, 15, 2, 2],
      ['不属于任何分组的行', 0, 0, 3, 0, 3]
    ])
  })
})
