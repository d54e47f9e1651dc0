/**
 * The submitted structure of the budget in the documents (issue 14 item 2): when the signed lines carry their
 * `group` path (the labels of the enclosing groups, signed since then), the 投资核定 table and the 概算审核对比表
 * show each group as a row with its 小计 (送审, 核定, 审减 and 核增 apart, in exact 分), the lines under it. Sheets
 * signed before carry no path: their documents keep the category subtotals, so they still regenerate byte for byte.
 */
import { panelBudgetTotals } from '../../../shared/domain/budgetReview'
import type { PanelBudgetLine, PanelOpinion } from './model'
import { formatAmount } from './style'
import { textEm } from './comparisonLayout'
import type { FigureBook, TextStyle } from './blocks'
import type { Cell } from './tables'

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

/** What the grouping reads of a line: its path, and its amounts (核定 as the document counts it). */
export interface GroupedLine {
  group?: string[]
  submittedAmount: number
  approvedAmount: number
}

export type BudgetDocRow<L extends GroupedLine = PanelBudgetLine> = GroupRow | { kind: 'line'; line: L; depth: number }

interface Node<L> {
  label: string
  items: (Node<L> | L)[]
  children: Map<string, Node<L>>
}

/** Whether the opinion's lines carry the submitted structure (documents made before do not). */
export function hasGroups(o: PanelOpinion): boolean {
  return o.budget.lines.some((l) => l.group !== undefined)
}

function linesUnder<L extends GroupedLine>(n: Node<L>): L[] {
  return n.items.flatMap((i) => (isNode(i) ? linesUnder(i) : [i]))
}

function isNode<L>(i: Node<L> | L): i is Node<L> {
  return typeof i === 'object' && i !== null && 'items' in i && 'children' in i
}

/**
 * The rows in the submitted structure: each group (in order of its first line) before what it holds, lines in
 * the order signed; lines outside any group (and lines an expert added) at the top level where they fall.
 */
export function groupedRows(o: PanelOpinion): BudgetDocRow[] {
  return groupedLineRows(o.budget.lines)
}

/** `groupedRows` of any lines that carry a group path (an expert's sheet as well as the panel's opinion). */
export function groupedLineRows<L extends GroupedLine>(lines: readonly L[]): BudgetDocRow<L>[] {
  const root: Node<L> = { label: '', items: [], children: new Map() }
  for (const l of lines) {
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
  const rows: BudgetDocRow<L>[] = []
  let index = 0
  const walk = (n: Node<L>, depth: number): void => {
    for (const item of n.items) {
      if (!isNode(item)) {
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
  if (hasGroups(o)) groupRowFigures(groupedRows(o), add, increase)
}

/** The figures of the given group rows (the rows a document shows). */
export function groupRowFigures(rows: readonly BudgetDocRow<GroupedLine>[], add: (key: string, what: string, value: string) => void, increase: (g: GroupRow) => boolean): void {
  for (const g of rows) {
    if (g.kind !== 'group') continue
    add(`group.${g.index}.label`, `分组「${g.label}」`, g.label)
    add(`group.${g.index}.submitted`, `「${g.label}」小计送审金额`, formatAmount(g.submitted))
    add(`group.${g.index}.approved`, `「${g.label}」小计核定金额`, formatAmount(g.approved))
    add(`group.${g.index}.cut`, `「${g.label}」小计审减额`, formatAmount(g.cut))
    if (increase(g)) add(`group.${g.index}.increase`, `「${g.label}」小计核增额`, formatAmount(g.increase))
  }
}

/**
 * The rows of an expert's own table (专家个人评审意见表, issue 14 item 2): the groups of the submitted structure
 * that hold a line the expert changed, with their 小计 over all their lines (kept lines at their submitted
 * amount), and only the changed lines under them. Null for a sheet signed without group paths.
 */
export function expertGroupRows<L extends GroupedLine & { lineId: string }>(lines: readonly L[], changed: ReadonlySet<string>): BudgetDocRow<L>[] | null {
  if (!lines.some((l) => l.group !== undefined)) return null
  const rows = groupedLineRows(lines)
  return rows.filter((r, i) => {
    if (r.kind === 'line') return changed.has(r.line.lineId)
    // A group holds the rows after it that are deeper than it.
    for (let j = i + 1; j < rows.length && rows[j]!.depth > r.depth; j++) {
      const x = rows[j]!
      if (x.kind === 'line' && changed.has(x.line.lineId)) return true
    }
    return false
  })
}

/**
 * The first cells of a group row in the portrait tables: “一、工程费用（小计）” across 序号, 概算项目 and 类别, then
 * its 送审 and 核定 小计 (shaded; amounts in regular weight, so they fit the columns).
 */
export function groupHeadCells(book: FigureBook, r: GroupRow, st: TextStyle): Cell[] {
  const g = `group.${r.index}`
  return [
    { children: [indentOf(r.depth), book.run(`${g}.label`, st, { bold: true }), '（小计）'], span: 3, shade: true, align: 'left' },
    { children: [book.run(`${g}.submitted`, st)], shade: true },
    { children: [book.run(`${g}.approved`, st)], shade: true }
  ]
}

/**
 * Indexes of the group rows among `rows`: a table keeps them with the row under them (tables.ts `keepWithNext`),
 * so a group's head never stands alone at the foot of a page.
 */
export function groupRowIndexes(rows: readonly BudgetDocRow<GroupedLine>[]): Set<number> {
  const out = new Set<number>()
  rows.forEach((r, i) => {
    if (r.kind === 'group') out.add(i)
  })
  return out
}

/** Width (em) of the widest group row label as printed: indent, label and （小计）. */
export function groupLabelEm(rows: readonly BudgetDocRow<GroupedLine>[]): number {
  let em = 0
  for (const r of rows) if (r.kind === 'group') em = Math.max(em, textEm(`${indentOf(r.depth)}${r.label}（小计）`))
  return em
}

/** The indent of a row's label at its depth (full-width spaces, as the submitted tables indent). */
export function indentOf(depth: number): string {
  return '\u3000'.repeat(Math.min(depth, 6))
}
