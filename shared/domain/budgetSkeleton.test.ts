import { describe, expect, it } from 'vitest'
import { parseBudgetSheet } from './budget/parseBudget'
import type { BudgetLine, CellValue } from './budget/types'
import { budgetSkeleton, groupLabel, groupPath, skeletonRows, topLevelSummary, type SkeletonRow, type StructureLine } from './budgetSkeleton'

const HEAD: CellValue[] = ['序号', '工程或费用名称', '单位', '数量', '单价（万元）', '金额（万元）']

function parse(rows: CellValue[][]): BudgetLine[] {
  const r = parseBudgetSheet({ name: '概算表', rows: [HEAD, ...rows] })
  if (!r.ok) throw new Error(r.error.message)
  return r.budget.lines
}

/** The stored form of parsed lines (what services read from budget_lines). */
function structure(lines: readonly BudgetLine[]): StructureLine[] {
  return lines.map((l) => ({
    id: l.id,
    parentId: l.parentId,
    numbering: l.numbering,
    name: l.name,
    kind: l.isTotal ? 'total' : l.isSubtotal ? 'subtotal' : l.isMemo ? 'memo' : 'item'
  }))
}

function reviewable(lines: readonly BudgetLine[], approved: Record<string, number> = {}) {
  const parents = new Set(lines.map((l) => l.parentId))
  return lines
    .filter((l) => !l.isTotal && !l.isSubtotal && !l.isMemo && !parents.has(l.id))
    .map((l) => ({ lineId: l.id, name: l.name, category: l.category, submitted: l.amount ?? 0, approved: approved[l.name] ?? l.amount ?? 0 }))
}

/** Rows as text: groups as "G<depth> label 送审/核定/审减/核增", lines as "L<depth> name". */
function show<T extends { name: string }>(rows: SkeletonRow<T>[]): string[] {
  return rows.map((r) =>
    r.kind === 'group'
      ? `G${r.group.depth} ${groupLabel(r.group)} ${r.totals.submitted}/${r.totals.approved}/-${r.totals.cut}/+${r.totals.increase}`
      : `L${r.depth} ${r.line.name}`
  )
}

describe('budgetSkeleton: the submitted structure as the rows', () => {
  it('two levels: 一、二、三 groups with numbered lines, subtotals per group, 审减 and 核增 apart', () => {
    const lines = parse([
      ['一', '工程费用', null, null, null, 150],
      [1, '服务器', '台', 2, 30, 60],
      [2, '应用系统开发', '项', 1, 90, 90],
      [null, '小计', null, null, null, 150],
      ['二', '工程建设其他费用', null, null, null, 20],
      [1, '监理费', '项', 1, 10, 10],
      [2, '等保测评费', '项', 1, 10, 10],
      ['三', '预备费', null, null, null, 5],
      ['合计', null, null, null, null, 175]
    ])
    const sk = budgetSkeleton(structure(lines))
    expect(sk.groups.map(groupLabel)).toEqual(['一 工程费用', '二 工程建设其他费用'])
    const rows = skeletonRows(sk, reviewable(lines, { 服务器: 50, 监理费: 12 }))
    expect(show(rows)).toEqual([
      'G0 一 工程费用 150/140/-10/+0',
      'L1 服务器',
      'L1 应用系统开发',
      'G0 二 工程建设其他费用 20/22/-0/+2',
      'L1 监理费',
      'L1 等保测评费',
      // A top-level line without lines under it is a line outside any group, in its place.
      'L0 预备费'
    ])
  })

  it('three levels: 一、/（一）/1. nest, a group subtotal covers its sub-groups, labels keep the numbering', () => {
    const lines = parse([
      ['一、', '工程费用', null, null, null, 130],
      ['（一）', '硬件设备购置', null, null, null, 100],
      ['1', '数据库服务器', '台', 2, 30, 60],
      ['2', '存储设备', '套', 1, 40, 40],
      ['（二）', '软件开发', null, null, null, 30],
      ['1', '门户开发', '项', 1, 30, 30],
      ['二、', '工程建设其他费用', null, null, null, 10],
      ['（一）', '监理费', '项', 1, 10, 10]
    ])
    const sk = budgetSkeleton(structure(lines))
    const rows = skeletonRows(sk, reviewable(lines, { 存储设备: 30 }))
    expect(show(rows)).toEqual([
      'G0 一、工程费用 130/120/-10/+0',
      'G1 （一）硬件设备购置 100/90/-10/+0',
      'L2 数据库服务器',
      'L2 存储设备',
      'G1 （二）软件开发 30/30/-0/+0',
      'L2 门户开发',
      'G0 二、工程建设其他费用 10/10/-0/+0',
      'L1 监理费'
    ])
    expect(topLevelSummary(sk, reviewable(lines, { 存储设备: 30 })).map((s) => `${groupLabel(s)} ${s.totals.cut}`)).toEqual(['一、工程费用 10', '二、工程建设其他费用 0'])
  })

  it('unnumbered groups closed by 小计 and lines outside any group; added lines come last', () => {
    const structureLines: StructureLine[] = [
      { id: 'a', parentId: null, numbering: null, name: '硬件', kind: 'item' },
      { id: 'a1', parentId: 'a', numbering: null, name: '服务器', kind: 'item' },
      { id: 'a2', parentId: 'a', numbering: null, name: '交换机', kind: 'item' },
      { id: 'as', parentId: 'a', numbering: null, name: '小计', kind: 'subtotal' },
      { id: 'b', parentId: null, numbering: null, name: '培训费', kind: 'item' },
      { id: 'c', parentId: null, numbering: null, name: '设备采购', kind: 'item' },
      { id: 'c0', parentId: 'c', numbering: null, name: '其中：进口', kind: 'memo' },
      { id: 't', parentId: null, numbering: null, name: '合计', kind: 'total' }
    ]
    const sk = budgetSkeleton(structureLines)
    // 设备采购 has only a 其中 row under it: it is a line, not a group.
    expect(sk.groups.map((g) => g.id)).toEqual(['a'])
    expect(sk.groupOf).toEqual({ a1: 'a', a2: 'a', b: null, c: null })
    const lines = [
      { lineId: 'a1', name: '服务器', submitted: 10, approved: 8 },
      { lineId: 'a2', name: '交换机', submitted: 5, approved: 5 },
      { lineId: 'b', name: '培训费', submitted: 2, approved: 2 },
      { lineId: 'c', name: '设备采购', submitted: 3, approved: 3 },
      { lineId: 'added-1', name: '密评费', submitted: 0, approved: 4 }
    ]
    expect(show(skeletonRows(sk, lines))).toEqual(['G0 硬件 15/13/-2/+0', 'L1 服务器', 'L1 交换机', 'L0 培训费', 'L0 设备采购', 'L0 密评费'])
    expect(topLevelSummary(sk, lines).map((s) => `${s.name} ${s.totals.submitted}/${s.totals.approved}/-${s.totals.cut}/+${s.totals.increase}`)).toEqual([
      '硬件 15/13/-2/+0',
      '不属于任何分组的行 5/9/-0/+4'
    ])
  })

  it('a filter keeps the groups that hold a shown line, with the subtotal of the whole group', () => {
    const lines = parse([
      ['一', '工程费用', null, null, null, 150],
      [1, '服务器', '台', 2, 30, 60],
      [2, '应用系统开发', '项', 1, 90, 90],
      ['二', '工程建设其他费用', null, null, null, 20],
      [1, '监理费', '项', 1, 20, 20]
    ])
    const sk = budgetSkeleton(structure(lines))
    const rows = skeletonRows(sk, reviewable(lines, { 服务器: 50 }), (l) => l.approved !== l.submitted)
    expect(show(rows)).toEqual(['G0 一 工程费用 150/140/-10/+0', 'L1 服务器'])
  })

  it('money is exact in 分 (no float noise in subtotals)', () => {
    const sk = budgetSkeleton([
      { id: 'g', parentId: null, numbering: '一、', name: '工程费用', kind: 'item' },
      { id: 'x', parentId: 'g', numbering: '1', name: 'x', kind: 'item' },
      { id: 'y', parentId: 'g', numbering: '2', name: 'y', kind: 'item' }
    ])
    const [g] = skeletonRows(sk, [
      { lineId: 'x', submitted: 0.1, approved: 0.1 },
      { lineId: 'y', submitted: 0.2, approved: 0.2 }
    ])
    expect(g?.kind === 'group' && g.totals.submitted).toBe(0.3)
  })

  it('bad data never hangs or throws: a parent cycle and unknown parents are the top level', () => {
    const sk = budgetSkeleton([
      { id: 'p', parentId: 'q', numbering: null, name: 'p', kind: 'item' },
      { id: 'q', parentId: 'p', numbering: null, name: 'q', kind: 'item' },
      { id: 'r', parentId: 'nowhere', numbering: null, name: 'r', kind: 'item' }
    ])
    const rows = skeletonRows(sk, [{ lineId: 'r', submitted: 1, approved: 1 }])
    expect(rows.map((r) => r.kind)).toEqual(['line'])
  })
})

describe('classification: the enclosing group before the keywords (through the parser)', () => {
  const lines = parse([
    ['一、', '工程费用', null, null, null, null],
    ['（一）', '硬件设备购置', null, null, null, null],
    ['1', '数据库服务器', '台', 2, 30, 60],
    ['2', '随机操作系统', '套', 2, 1, 2],
    ['3', '下一代防火墙', '台', 1, 10, 10],
    ['4', '硬件原厂维保（3年）', '项', 1, 5, 5],
    ['（二）', '应用系统开发', null, null, null, null],
    ['1', '数据库设计', '项', 1, 20, 20],
    ['（三）', '安全设备购置', null, null, null, null],
    ['1', '日志服务器', '台', 1, 8, 8],
    ['（四）', '云资源租赁', null, null, null, null],
    ['1', '应用服务器', '台·年', 4, 1, 4],
    ['（五）', '软件购置', null, null, null, null],
    ['1', '备份服务器', '台', 1, 6, 6],
    ['二、', '工程建设其他费用', null, null, null, null],
    ['1', '工程监理费', '项', 1, 3, 3],
    ['2', '数据库设计咨询', '项', 1, 2, 2]
  ])
  const cat = (name: string) => lines.find((l) => l.name === name)?.category

  it('a goods group decides for general words: hardware, development, security, rented', () => {
    expect(cat('数据库服务器')).toBe('硬件购置')
    expect(cat('随机操作系统')).toBe('硬件购置')
    expect(cat('数据库设计')).toBe('应用软件开发')
    expect(cat('日志服务器')).toBe('安全')
    expect(cat('应用服务器')).toBe('云资源租赁')
  })

  it('specific words win over the group: services and fees, security and crypto goods, a server under 软件', () => {
    expect(cat('下一代防火墙')).toBe('安全')
    expect(cat('硬件原厂维保（3年）')).toBe('运维/维保')
    expect(cat('备份服务器')).toBe('硬件购置')
    expect(cat('工程监理费')).toBe('监理')
    // Under a group that names no category (工程建设其他费用) the line's own words decide.
    expect(cat('数据库设计咨询')).toBe('可研编制/咨询')
  })
})

describe('groupPath', () => {
  it('names the enclosing groups outermost first; [] outside any group; a cycle in bad data does not hang', () => {
    const sk = budgetSkeleton([
      { id: 'a', parentId: null, numbering: '一、', name: '工程费用', kind: 'item' },
      { id: 'b', parentId: 'a', numbering: '（一）', name: '硬件设备购置', kind: 'item' },
      { id: 'c', parentId: 'b', numbering: '1', name: '服务器', kind: 'item' },
      { id: 'd', parentId: null, numbering: '', name: '预备费', kind: 'item' }
    ])
    expect(groupPath(sk, 'c')).toEqual(['一、工程费用', '（一）硬件设备购置'])
    expect(groupPath(sk, 'd')).toEqual([])
    expect(groupPath(sk, 'unknown')).toEqual([])
    const cyclic = { groups: [{ id: 'x', parentId: 'y', numbering: '一、', name: 'X', depth: 0 }, { id: 'y', parentId: 'x', numbering: '二、', name: 'Y', depth: 1 }], groupOf: { l: 'x' }, order: [] }
    expect(groupPath(cyclic, 'l').length).toBeLessThanOrEqual(3)
  })
})
