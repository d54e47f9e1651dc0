/**
 * The submitted structure of the budget in the documents (issue 14 item 2): when the signed lines carry their
 * `group` path (the labels of the enclosing groups, signed since then), the 投资核定 table and the 概算审核对比表
 * show each group as a row with its 小计 (送审, 核定, 审减 and 核增 apart, in exact 分), the lines under it. Sheets
 * signed before carry no path: their documents keep the category subtotals, so they still regenerate byte for byte.
 */
import { panelBudgetTotals } from '../../../shared/domain/budgetReview'
import type { PanelBudgetLine, PanelOpinion } from './model'
import { formatAmount } from './style'

/** The deepest group path a document follows (the signed content allows no more). */
const MAX_DEPTH = 20

export interface GroupRow {
  kind: 'group'
  /** 1-based, in the order the rows are shown: the figure keys `group.<index>.…`. */
  index: number
  label: string
  /** 0 for a top-level group. */
  depth: number
  submitted: number
  approved: number
  cut: number
  increase: number
}

export type BudgetDocRow = GroupRow | { kind: 'line'; line: PanelBudgetLine; depth: number }

interface Node {
  label: string
  items: (Node | PanelBudgetLine)[]
  children: Map<string, Node>
}

/** Whether the opinion's lines carry the submitted structure (documents made before do not). */
export function hasGroups(o: PanelOpinion): boolean {
  return o.budget.lines.some((l) => l.group !== undefined)
}

function linesUnder(n: Node): PanelBudgetLine[] {
  return n.items.flatMap((i) => ('items' in i ? linesUnder(i) : [i]))
}

/**
 * The rows in the submitted structure: each group (in order of its first line) before what it holds, lines in
 * the order signed; lines outside any group (and lines an expert added) at the top level where they fall.
 */
export function groupedRows(o: PanelOpinion): BudgetDocRow[] {
  const root: Node = { label: '', items: [], children: new Map() }
  for (const l of o.budget.lines) {
    let n = root
    for (const label of (l.group ?? []).slice(0, MAX_DEPTH)) {
      let child = n.children.get(label)
      if (!child) {
        child = { label, items: [], children: new Map() }
        n.children.set(label, child)
        n.items.push(child)
      }
      n = child
    }
    n.items.push(l)
  }
  const rows: BudgetDocRow[] = []
  let index = 0
  const walk = (n: Node, depth: number): void => {
    for (const item of n.items) {
      if (!('items' in item)) {
        rows.push({ kind: 'line', line: item, depth })
        continue
      }
      const t = panelBudgetTotals(linesUnder(item))
      rows.push({ kind: 'group', index: ++index, label: item.label, depth, submitted: t.submittedTotal, approved: t.approvedTotal, cut: t.cutTotal, increase: t.increaseTotal ?? 0 })
      walk(item, depth + 1)
    }
  }
  walk(root, 0)
  return rows
}

/** The group subtotals as figures (`group.<i>.submitted/approved/cut`, `.increase` when `increase` says so). */
export function groupFigures(o: PanelOpinion, add: (key: string, what: string, value: string) => void, increase: (g: GroupRow) => boolean): void {
  if (!hasGroups(o)) return
  for (const g of groupedRows(o)) {
    if (g.kind !== 'group') continue
    add(`group.${g.index}.label`, `分组「${g.label}」`, g.label)
    add(`group.${g.index}.submitted`, `「${g.label}」小计送审金额`, formatAmount(g.submitted))
    add(`group.${g.index}.approved`, `「${g.label}」小计核定金额`, formatAmount(g.approved))
    add(`group.${g.index}.cut`, `「${g.label}」小计审减额`, formatAmount(g.cut))
    if (increase(g)) add(`group.${g.index}.increase`, `「${g.label}」小计核增额`, formatAmount(g.increase))
  }
}

/** The indent of a row's label at its depth (full-width spaces, as the submitted tables indent). */
export function indentOf(depth: number): string {
  return '\u3000'.repeat(Math.min(depth, 6))
}
