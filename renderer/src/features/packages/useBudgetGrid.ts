/**
 * The budget grid's state. The tree, filter, expansion and sorting are computed by shared/domain/packages/budgetTree
 * over all lines (linear, cheap); tanstack table then works on the rows in view only (manual sorting and expansion),
 * so that 10,000 lines render as fast as 40. "Jump to line" clears a filter that hides the line and expands its
 * ancestors.
 */
import { getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table'
import { useCallback, useMemo, useState } from 'react'
import type { BudgetLineView } from '../../../../shared/api/packageTypes'
import {
  ancestorIds,
  buildTree,
  compareValues,
  flattenTree,
  isFilterActive,
  selectedAmount,
  visibleIds,
  type BudgetFilter,
  type FlatRow
} from '../../../../shared/domain/packages/budgetTree'

export type BudgetRow = FlatRow<BudgetLineView>

const SORT_KEYS: Record<string, (l: BudgetLineView) => string | number | null> = {
  name: (l) => l.name,
  quantity: (l) => l.quantity,
  unitPrice: (l) => l.unitPrice,
  amount: (l) => l.amount,
  category: (l) => l.category
}

export function isSortable(columnId: string): boolean {
  return columnId in SORT_KEYS
}

export function useBudgetGrid(lines: readonly BudgetLineView[], computedTotal: number) {
  const [filter, setFilter] = useState<BudgetFilter>({ text: '', category: null })
  const [sorting, setSorting] = useState<SortingState>([])
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set())
  const active = isFilterActive(filter)
  const tree = useMemo(() => {
    const visible = active ? visibleIds(lines, filter) : null
    return buildTree(visible ? lines.filter((l) => visible.has(l.id)) : lines)
  }, [lines, filter, active])
  const sort = sorting[0]
  const flat = useMemo(() => {
    const key = sort ? SORT_KEYS[sort.id] : undefined
    return flattenTree(tree, (n) => active || !collapsed.has(n.id), key ? { compare: (a, b) => compareValues(key(a), key(b)), desc: sort?.desc ?? false } : null)
  }, [tree, collapsed, active, sort])
  const total = useMemo(() => (active ? selectedAmount(lines, filter) : computedTotal), [lines, filter, active, computedTotal])

  const toggle = useCallback((id: string) => {
    setCollapsed((c) => {
      const next = new Set(c)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })
  }, [])

  /** Makes a line visible; returns true when something had to change (its index is known after the next render). */
  const reveal = useCallback(
    (lineId: string): boolean => {
      let changed = false
      if (active && !visibleIds(lines, filter).has(lineId)) {
        setFilter({ text: '', category: null })
        changed = true
      }
      const hidden = ancestorIds(lines, lineId).filter((id) => collapsed.has(id))
      if (hidden.length) {
        setCollapsed((c) => new Set([...c].filter((id) => !hidden.includes(id))))
        changed = true
      }
      return changed
    },
    [active, lines, filter, collapsed]
  )
  return { flat, filter, setFilter, filterActive: active, total, reveal, toggle, sorting, setSorting }
}

/** tanstack table over the rows in view only. */
export function useWindowTable(rows: BudgetRow[], columns: ColumnDef<BudgetRow>[], sorting: SortingState, setSorting: (s: SortingState) => void) {
  return useReactTable<BudgetRow>({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: (u) => setSorting(typeof u === 'function' ? u(sorting) : u),
    manualSorting: true,
    enableSortingRemoval: true,
    getRowId: (r) => r.line.id,
    getCoreRowModel: getCoreRowModel()
  })
}
