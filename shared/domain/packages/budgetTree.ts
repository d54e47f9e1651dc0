/**
 * The budget grid's model, independent of any UI library: lines as a tree (by parentId), text/category filtering
 * that keeps the ancestors of what matches, and the totals shown under the grid (amounts in 万元).
 */
export interface TreeLine {
  id: string
  parentId: string | null
  name: string
  numbering: string | null
  spec: string | null
  remark: string | null
  category: string
  amount: number | null
  kind: 'item' | 'subtotal' | 'total' | 'memo'
  hasChildren: boolean
}

export type TreeNode<T> = T & { subRows: TreeNode<T>[] }

/** Lines (in sheet order) as a forest; a line whose parent is unknown becomes a root. */
export function buildTree<T extends TreeLine>(lines: readonly T[]): TreeNode<T>[] {
  const nodes = new Map<string, TreeNode<T>>()
  for (const line of lines) nodes.set(line.id, { ...line, subRows: [] })
  const roots: TreeNode<T>[] = []
  for (const line of lines) {
    const node = nodes.get(line.id) as TreeNode<T>
    const parent = line.parentId ? nodes.get(line.parentId) : undefined
    if (parent) parent.subRows.push(node)
    else roots.push(node)
  }
  return roots
}

export interface BudgetFilter {
  text: string
  category: string | null
}

export function lineMatches(line: TreeLine, filter: BudgetFilter): boolean {
  if (filter.category && line.category !== filter.category) return false
  const q = filter.text.trim().toLowerCase()
  if (!q) return true
  return [line.numbering, line.name, line.spec, line.remark].some((v) => v !== null && v.toLowerCase().includes(q))
}

export function isFilterActive(filter: BudgetFilter): boolean {
  return filter.text.trim() !== '' || filter.category !== null
}

/** Ids to show: lines that match and their ancestors (so that a match is seen in its group). */
export function visibleIds(lines: readonly TreeLine[], filter: BudgetFilter): Set<string> {
  const byId = new Map(lines.map((l) => [l.id, l]))
  const visible = new Set<string>()
  for (const line of lines) {
    if (!lineMatches(line, filter)) continue
    let cur: TreeLine | undefined = line
    while (cur && !visible.has(cur.id)) {
      visible.add(cur.id)
      cur = cur.parentId ? byId.get(cur.parentId) : undefined
    }
  }
  return visible
}

/**
 * The 送审 amount of what a filter selects: matching cost lines, counted once (a matching group covers its lines;
 * 小计/合计 rows and "其中" rows are never summed). Without a filter this is the sum of the top-level lines.
 */
export function selectedAmount(lines: readonly TreeLine[], filter: BudgetFilter): number {
  const byId = new Map(lines.map((l) => [l.id, l]))
  const counted = new Set<string>()
  let sum = 0
  for (const line of lines) {
    if (line.kind !== 'item' || line.amount === null || !lineMatches(line, filter)) continue
    let ancestorCounted = false
    for (let p = line.parentId ? byId.get(line.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined) {
      if (counted.has(p.id)) {
        ancestorCounted = true
        break
      }
    }
    if (ancestorCounted) continue
    counted.add(line.id)
    sum += line.amount
  }
  return Math.round(sum * 1e6) / 1e6
}

/** Ids of a line's ancestors, nearest first. */
export function ancestorIds(lines: readonly TreeLine[], id: string): string[] {
  const byId = new Map(lines.map((l) => [l.id, l]))
  const out: string[] = []
  for (let p = byId.get(id)?.parentId ?? null; p; p = byId.get(p)?.parentId ?? null) out.push(p)
  return out
}

export interface FlatRow<T> {
  line: T
  depth: number
  expandable: boolean
  expanded: boolean
}

export interface SortSpec<T> {
  compare: (a: T, b: T) => number
  desc: boolean
}

/**
 * The rows a tree grid shows, in order: each node followed by its children when expanded; siblings sorted by
 * `sort` when given (the hierarchy is kept: a group moves with its lines). Linear in the number of nodes.
 */
export function flattenTree<T>(roots: readonly TreeNode<T>[], isExpanded: (node: TreeNode<T>) => boolean, sort?: SortSpec<T> | null): FlatRow<T>[] {
  const out: FlatRow<T>[] = []
  const order = (nodes: readonly TreeNode<T>[]) => {
    if (!sort) return nodes
    const sign = sort.desc ? -1 : 1
    return [...nodes].sort((a, b) => sign * sort.compare(a, b))
  }
  const walk = (nodes: readonly TreeNode<T>[], depth: number) => {
    for (const node of order(nodes)) {
      const expandable = node.subRows.length > 0
      const expanded = expandable && isExpanded(node)
      out.push({ line: node, depth, expandable, expanded })
      if (expanded) walk(node.subRows, depth + 1)
    }
  }
  walk(roots, 0)
  return out
}

/** Numbers ascending with empty cells last; text in Chinese collation. */
export function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === null || a === '') return b === null || b === '' ? 0 : 1
  if (b === null || b === '') return -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a).localeCompare(String(b), 'zh-Hans-CN')
}
