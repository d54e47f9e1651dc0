/**
 * The budget grid's state: tanstack table (hierarchy through subRows, sorting, expansion) over the lines a filter
 * leaves visible (shared/domain/packages/budgetTree), and "jump to line" (clear the filter if it hides the line,
 * expand its ancestors, report its row index).
 */
import {
  getCoreRowModel,
  getExpandedRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type ExpandedState,
  type SortingState
} from '@tanstack/react-table'
import { useMemo, useState } from 'react'
import type { BudgetLineView } from '../../../../shared/api/packageTypes'
import { ancestorIds, buildTree, isFilterActive, selectedAmount, visibleIds, type BudgetFilter, type TreeNode } from '../../../../shared/domain/packages/budgetTree'

export type BudgetRow = TreeNode<BudgetLineView>

export function useBudgetGrid(lines: readonly BudgetLineView[], columns: ColumnDef<BudgetRow>[]) {
  const [filter, setFilter] = useState<BudgetFilter>({ text: '', category: null })
  const [sorting, setSorting] = useState<SortingState>([])
  const [expanded, setExpanded] = useState<ExpandedState>(true)
  const active = isFilterActive(filter)
  const visible = useMemo(() => (active ? visibleIds(lines, filter) : null), [lines, filter, active])
  const data = useMemo(() => buildTree(visible ? lines.filter((l) => visible.has(l.id)) : lines), [lines, visible])
  const total = useMemo(() => selectedAmount(lines, filter), [lines, filter])
  const table = useReactTable<BudgetRow>({
    data,
    columns,
    state: { sorting, expanded: active ? true : expanded },
    onSortingChange: setSorting,
    onExpandedChange: setExpanded,
    getSubRows: (r) => r.subRows,
    getRowId: (r) => r.id,
    getCoreRowModel: getCoreRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
    getSortedRowModel: getSortedRowModel()
  })

  /** Makes a line visible; returns true when the table had to change (the index is known after the next render). */
  const reveal = (lineId: string): boolean => {
    let changed = false
    if (visible && !visible.has(lineId)) {
      setFilter({ text: '', category: null })
      changed = true
    }
    if (expanded !== true) {
      const need = ancestorIds(lines, lineId).filter((id) => !(expanded as Record<string, boolean>)[id])
      if (need.length) {
        setExpanded((e) => (e === true ? e : { ...e, ...Object.fromEntries(need.map((id) => [id, true])) }))
        changed = true
      }
    }
    return changed
  }

  return { table, filter, setFilter, filterActive: active, total, reveal }
}
