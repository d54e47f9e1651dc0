import { fenToWan } from '../money'
import type { BudgetLine, Numbering } from './types'

/** What the hierarchy builder needs to know about a row. */
export interface RawLine {
  id: string
  numbering: Numbering | null
  isSubtotal: boolean
  isTotal: boolean
  isMemo: boolean
}

export interface LinePlacement {
  parentId: string | null
  level: number
}

/**
 * Rebuilds the tree from numbering ranks (一、 > （一） > 1 > 1.1 > （1） > ①) and 小计/合计 rows.
 * - A numbered line closes every open line of the same or a deeper rank and becomes a child of the
 *   innermost remaining one.
 * - An unnumbered line is a child of the innermost open line (it does not open a group itself).
 * - A 小计 row belongs to the innermost open line that has children (it sums that group) and closes it.
 * - A 合计/总计 row is top-level and closes everything.
 * - "其中" memo rows are children of the line just above them.
 */
export function buildHierarchy(lines: readonly RawLine[]): Map<string, LinePlacement> {
  const placements = new Map<string, LinePlacement>()
  const stack: { id: string; rank: number; hasChildren: boolean }[] = []
  let previousId: string | null = null

  const place = (id: string, parentId: string | null) => {
    const parentLevel = parentId === null ? -1 : (placements.get(parentId)?.level ?? -1)
    placements.set(id, { parentId, level: parentLevel + 1 })
  }
  const markChild = () => {
    const top = stack[stack.length - 1]
    if (top) top.hasChildren = true
    return top?.id ?? null
  }

  for (const line of lines) {
    if (line.isTotal) {
      stack.length = 0
      place(line.id, null)
    } else if (line.isMemo) {
      place(line.id, previousId ?? stack[stack.length - 1]?.id ?? null)
      continue
    } else if (line.isSubtotal) {
      while (stack.length > 0 && !stack[stack.length - 1]?.hasChildren) stack.pop()
      const group = stack.pop()
      place(line.id, group?.id ?? null)
    } else if (line.numbering) {
      const rank = line.numbering.rank
      while (stack.length > 0 && (stack[stack.length - 1]?.rank ?? 0) >= rank) stack.pop()
      place(line.id, markChild())
      stack.push({ id: line.id, rank, hasChildren: false })
    } else {
      place(line.id, markChild())
    }
    previousId = line.id
  }
  return placements
}

/** Children by parent id, in sheet order. */
export function childrenByParent(lines: readonly BudgetLine[]): Map<string | null, BudgetLine[]> {
  const map = new Map<string | null, BudgetLine[]>()
  for (const line of lines) {
    const list = map.get(line.parentId)
    if (list) list.push(line)
    else map.set(line.parentId, [line])
  }
  return map
}

/** Lines that carry cost on their own: no children, not 小计/合计/其中. Summing them never double counts. */
export function costLeaves(lines: readonly BudgetLine[]): BudgetLine[] {
  return lines.filter((l) => !l.hasChildren && !l.isSubtotal && !l.isTotal && !l.isMemo)
}

/** The lines that sum to a group: its children except 小计/其中 rows. */
export function summableChildren(children: readonly BudgetLine[] | undefined): BudgetLine[] {
  return (children ?? []).filter((c) => !c.isSubtotal && !c.isTotal && !c.isMemo)
}

/** A line's amount in 分, or when blank, the sum of its summable children's. */
export function effectiveFen(line: BudgetLine, children: Map<string | null, BudgetLine[]>): number {
  if (line.amountFen !== null) return line.amountFen
  const kids = summableChildren(children.get(line.id))
  return kids.reduce((sum, kid) => sum + effectiveFen(kid, children), 0)
}

/** A line's amount (万元), or when blank, the sum of its summable children's effective amounts. */
export function effectiveAmount(line: BudgetLine, children: Map<string | null, BudgetLine[]>): number {
  return fenToWan(effectiveFen(line, children))
}
