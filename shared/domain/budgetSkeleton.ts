/**
 * The submitted structure as the skeleton of a budget (issue 14 item 2): the groups the 建设单位 wrote
 * (一、工程费用 / （一）硬件设备购置 / 1. 服务器 …) with their numbering, and for each reviewable line the group it sits
 * in. Review, merge and documents show rows in this structure, each group with its subtotal (送审, 核定, 审减 and
 * 核增 apart, in exact 分); the tool's categories are a facet beside it. Pure: no UI, no database.
 */
import { fenToWan, wanToFen } from './money'

/** A line of the parsed budget as stored (budget_lines): what the skeleton needs of it, in budget order. */
export interface StructureLine {
  id: string
  parentId: string | null
  numbering: string | null
  name: string
  kind: 'item' | 'subtotal' | 'total' | 'memo' | string
}

/** A group of the submitted structure: an item line that has item lines under it. */
export interface BudgetGroup {
  id: string
  /** The enclosing group, null at the top level. */
  parentId: string | null
  numbering: string
  name: string
  /** 0 for a top-level group. */
  depth: number
}

export interface BudgetSkeleton {
  /** Groups in budget order (a group before the groups inside it). */
  groups: BudgetGroup[]
  /** Reviewable line id → the group it sits in (null: outside any group). */
  groupOf: Record<string, string | null>
  /** Group and line ids in budget order, so rows interleave as the sheet does. */
  order: string[]
}

/** Lines of these kinds never open a group nor count as a line of one. */
const isItem = (l: StructureLine) => l.kind === 'item'

/**
 * Reads the skeleton from the stored lines. Only item lines with item children are groups (a line whose only
 * children are 其中 rows is a line, not a group); 小计/合计/其中 rows are left out. A parent id that names no line
 * (a damaged row) is treated as the top level. Linear in the number of lines; ancestor walks are bounded by the
 * number of lines, so a cycle in bad data cannot hang.
 */
export function budgetSkeleton(lines: readonly StructureLine[]): BudgetSkeleton {
  const byId = new Map(lines.map((l) => [l.id, l]))
  const hasItemChild = new Set<string>()
  for (const l of lines) if (isItem(l) && l.parentId && byId.has(l.parentId)) hasItemChild.add(l.parentId)
  const enclosing = (l: StructureLine): string | null => {
    let p = l.parentId ? byId.get(l.parentId) : undefined
    for (let guard = 0; p && guard < lines.length; guard++) {
      if (isItem(p) && hasItemChild.has(p.id)) return p.id
      p = p.parentId ? byId.get(p.parentId) : undefined
    }
    return null
  }
  const groups: BudgetGroup[] = []
  const depthOf = new Map<string, number>()
  const groupOf: Record<string, string | null> = {}
  const order: string[] = []
  for (const l of lines) {
    if (!isItem(l)) continue
    const parent = enclosing(l)
    if (hasItemChild.has(l.id)) {
      // A parent listed after its child (bad data) counts as top level rather than a deeper level than known.
      const depth = parent !== null && depthOf.has(parent) ? (depthOf.get(parent) ?? 0) + 1 : 0
      depthOf.set(l.id, depth)
      groups.push({ id: l.id, parentId: parent !== null && depthOf.has(parent) ? parent : null, numbering: l.numbering ?? '', name: l.name, depth })
    } else groupOf[l.id] = parent
    order.push(l.id)
  }
  return { groups, groupOf, order }
}

export interface SkeletonTotals {
  submitted: number
  approved: number
  /** 审减: the lines cut only. */
  cut: number
  /** 核增: the lines raised or added, never netted against 审减. */
  increase: number
  cutRate: number
}

export interface SkeletonLineInput {
  lineId: string
  /** 送审 (万元). */
  submitted: number
  /** 核定 (万元). */
  approved: number
}

export type SkeletonRow<T> =
  | { kind: 'group'; group: BudgetGroup; totals: SkeletonTotals; lineCount: number }
  | { kind: 'line'; line: T; depth: number; groupId: string | null }

interface Fen {
  s: number
  a: number
  cut: number
  inc: number
  n: number
}

function totalsOf(f: Fen): SkeletonTotals {
  return { submitted: fenToWan(f.s), approved: fenToWan(f.a), cut: fenToWan(f.cut), increase: fenToWan(f.inc), cutRate: f.s > 0 ? f.cut / f.s : 0 }
}

/** Subtotals of every group over all its lines (nested groups included), in exact 分. */
export function groupTotals(sk: BudgetSkeleton, lines: readonly SkeletonLineInput[]): Map<string, SkeletonTotals & { lineCount: number }> {
  const parentOf = new Map(sk.groups.map((g) => [g.id, g.parentId]))
  const sums = new Map<string, Fen>(sk.groups.map((g) => [g.id, { s: 0, a: 0, cut: 0, inc: 0, n: 0 }]))
  for (const l of lines) {
    const s = wanToFen(l.submitted)
    const a = wanToFen(l.approved)
    let g = sk.groupOf[l.lineId] ?? null
    for (let guard = 0; g !== null && guard <= sk.groups.length; guard++) {
      const f = sums.get(g)
      if (!f) break
      f.s += s
      f.a += a
      if (a < s) f.cut += s - a
      else f.inc += a - s
      f.n++
      g = parentOf.get(g) ?? null
    }
  }
  return new Map([...sums].map(([id, f]) => [id, { ...totalsOf(f), lineCount: f.n }]))
}

/**
 * The rows to show: groups and lines in budget order, each group followed by what it holds, with its subtotal over
 * all its lines. `visible` filters lines (a filter of the screen); a group is shown when it holds a visible line.
 * Lines the skeleton does not know (lines an expert added, 核增漏项) come last, outside any group.
 */
export function skeletonRows<T extends SkeletonLineInput>(sk: BudgetSkeleton, lines: readonly T[], visible: (l: T) => boolean = () => true): SkeletonRow<T>[] {
  const totals = groupTotals(sk, lines)
  const byId = new Map(lines.map((l) => [l.lineId, l]))
  const parentOf = new Map(sk.groups.map((g) => [g.id, g.parentId]))
  const depthOf = new Map(sk.groups.map((g) => [g.id, g.depth]))
  const shownGroups = new Set<string>()
  for (const l of lines) {
    if (!visible(l)) continue
    let g = sk.groupOf[l.lineId] ?? null
    for (let guard = 0; g !== null && !shownGroups.has(g) && guard <= sk.groups.length; guard++) {
      shownGroups.add(g)
      g = parentOf.get(g) ?? null
    }
  }
  const groupById = new Map(sk.groups.map((g) => [g.id, g]))
  const rows: SkeletonRow<T>[] = []
  const placed = new Set<string>()
  for (const id of sk.order) {
    const group = groupById.get(id)
    if (group) {
      const t = totals.get(id)
      if (shownGroups.has(id) && t) {
        const { lineCount, ...rest } = t
        rows.push({ kind: 'group', group, totals: rest, lineCount })
      }
      continue
    }
    const line = byId.get(id)
    if (!line) continue
    placed.add(id)
    if (!visible(line)) continue
    const groupId = sk.groupOf[id] ?? null
    rows.push({ kind: 'line', line, depth: groupId === null ? 0 : (depthOf.get(groupId) ?? 0) + 1, groupId })
  }
  for (const l of lines) if (!placed.has(l.lineId) && visible(l)) rows.push({ kind: 'line', line: l, depth: 0, groupId: null })
  return rows
}

/** The top-level summary: each top-level group's subtotal, and lines outside any group as one row. */
export function topLevelSummary(sk: BudgetSkeleton, lines: readonly SkeletonLineInput[]): { id: string; numbering: string; name: string; totals: SkeletonTotals }[] {
  const totals = groupTotals(sk, lines)
  const out = sk.groups.filter((g) => g.parentId === null).map((g) => {
    const { lineCount: _n, ...t } = totals.get(g.id) ?? { ...totalsOf({ s: 0, a: 0, cut: 0, inc: 0, n: 0 }), lineCount: 0 }
    return { id: g.id, numbering: g.numbering, name: g.name, totals: t }
  })
  const outside = linesOutside(sk, lines)
  if (outside.length > 0) out.push({ id: '', numbering: '', name: '不属于任何分组的行', totals: sumLines(outside) })
  return out
}

/** The lines no group holds (lines outside the groups, lines an expert added). */
export function linesOutside<T extends SkeletonLineInput>(sk: BudgetSkeleton, lines: readonly T[]): T[] {
  return lines.filter((l) => (sk.groupOf[l.lineId] ?? null) === null)
}

/** The totals of some lines in exact 分: 审减 and 核增 apart. */
export function sumLines(lines: readonly SkeletonLineInput[]): SkeletonTotals {
  const f: Fen = { s: 0, a: 0, cut: 0, inc: 0, n: 0 }
  for (const l of lines) {
    const s = wanToFen(l.submitted)
    const a = wanToFen(l.approved)
    f.s += s
    f.a += a
    if (a < s) f.cut += s - a
    else f.inc += a - s
  }
  return totalsOf(f)
}

/** A group as a label: its numbering and name ("（一）硬件设备购置"). */
export function groupLabel(g: Pick<BudgetGroup, 'numbering' | 'name'>): string {
  const n = g.numbering.trim()
  if (!n) return g.name
  return /[、.．）)]$/.test(n) ? `${n}${g.name}` : `${n} ${g.name}`
}

/**
 * The labels of the groups enclosing a line, outermost first (["一、工程费用", "（一）硬件设备购置"]); [] for a line
 * outside any group. This is what a signed sheet carries per line (`group`), so documents can show the structure.
 */
export function groupPath(sk: BudgetSkeleton, lineId: string): string[] {
  const byId = new Map(sk.groups.map((g) => [g.id, g]))
  const out: string[] = []
  let g = sk.groupOf[lineId] ?? null
  for (let guard = 0; g !== null && guard <= sk.groups.length; guard++) {
    const group = byId.get(g)
    if (!group) break
    out.unshift(groupLabel(group))
    g = group.parentId
  }
  return out
}
