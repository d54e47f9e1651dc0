/**
 * 概算: the budget lines as a virtualised tree grid (10,000 lines stay smooth): hierarchy, 小计/合计 rows, sort,
 * filter by text and category, totals. Amounts in 万元, two decimals, right-aligned. A finding can ask it to jump to
 * a line: it scrolls there, highlights and focuses the row.
 */
import { flexRender, type Row } from '@tanstack/react-table'
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import type { BudgetView } from '../../../../shared/api/packageTypes'
import { cellClass, ROW_HEIGHT, windowPadding } from './budgetGridLogic'
import { BudgetHead, BudgetToolbar, BudgetTotals, budgetColumns, isNumColumn } from './BudgetGridParts'
import { useBudgetGrid, useWindowTable, type BudgetRow } from './useBudgetGrid'

export interface LineFocus {
  lineId: string
  /** Changes on every request, so that asking twice for the same line jumps again. */
  nonce: number
}

/** Jumps to the asked line once it is in the row model (the filter or expansion may need a render first). */
function useLineFocus(
  focus: LineFocus | null,
  flat: BudgetRow[],
  reveal: (lineId: string) => boolean,
  virtual: Virtualizer<HTMLDivElement, Element>,
  scroller: RefObject<HTMLDivElement | null>
): string | null {
  const [highlight, setHighlight] = useState<string | null>(null)
  const [pending, setPending] = useState<LineFocus | null>(null)
  useEffect(() => {
    if (focus) setPending(focus)
  }, [focus])
  useEffect(() => {
    if (!pending) return
    const index = flat.findIndex((r) => r.line.id === pending.lineId)
    if (index < 0) {
      if (!reveal(pending.lineId)) setPending(null)
      return
    }
    setHighlight(pending.lineId)
    setPending(null)
    virtual.scrollToIndex(index, { align: 'center' })
    requestAnimationFrame(() => {
      requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`tr[data-line-id="${CSS.escape(pending.lineId)}"]`)?.focus())
    })
  }, [pending, flat, reveal, virtual, scroller])
  return highlight
}

function BudgetLineRow({ row, focused }: { row: Row<BudgetRow>; focused: boolean }) {
  const l = row.original.line
  return (
    <tr
      data-line-id={l.id}
      data-testid={focused ? 'budget-row-focused' : undefined}
      tabIndex={focused ? -1 : undefined}
      className={`pd-row pd-row-${l.kind}${focused ? ' pd-row-focus' : ''}`}
      style={{ height: ROW_HEIGHT }}
    >
      {row.getVisibleCells().map((cell) => (
        <td key={cell.id} className={cellClass(cell.column.id, isNumColumn(cell.column.columnDef))}>
          {cell.column.id === 'numbering' && focused && <span className="pd-sr-only">当前定位的行：</span>}
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  )
}

function Spacer({ height, span }: { height: number; span: number }) {
  if (height <= 0) return null
  return (
    <tr aria-hidden style={{ height }}>
      <td colSpan={span} />
    </tr>
  )
}

export function BudgetGrid({ budget, focus, sheetLabel = '读取工作表' }: { budget: BudgetView; focus: LineFocus | null; sheetLabel?: string }) {
  const grid = useBudgetGrid(budget.lines, budget.computedTotal)
  const cols = useMemo(() => budgetColumns(grid.toggle), [grid.toggle])
  const flat = grid.flat
  const scroller = useRef<HTMLDivElement>(null)
  const virtual = useVirtualizer({ count: flat.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 })
  const items = virtual.getVirtualItems()
  const inView = useMemo(() => items.map((vi) => flat[vi.index]).filter((r): r is BudgetRow => r !== undefined), [items, flat])
  const table = useWindowTable(inView, cols, grid.sorting, grid.setSorting)
  const highlight = useLineFocus(focus, flat, grid.reveal, virtual, scroller)

  const pad = windowPadding(items, virtual.getTotalSize())
  const width = cols.reduce((s, c) => s + (c.size ?? 100), 0)
  return (
    <div className="pd-budget">
      <BudgetToolbar budget={budget} sheetLabel={sheetLabel} filter={grid.filter} setFilter={grid.setFilter} />
      <div className="pd-grid-scroll" ref={scroller} tabIndex={0} role="region" aria-label="投资概算表" data-testid="budget-grid">
        <table className="pd-grid" style={{ width, minWidth: '100%' }}>
          <colgroup>
            {cols.map((c) => (
              <col key={c.id} style={{ width: c.size }} />
            ))}
          </colgroup>
          <BudgetHead groups={table.getHeaderGroups()} />
          <tbody>
            <Spacer height={pad.top} span={cols.length} />
            {table.getRowModel().rows.map((row) => (
              <BudgetLineRow key={row.id} row={row} focused={highlight === row.original.line.id} />
            ))}
            <Spacer height={pad.bottom} span={cols.length} />
          </tbody>
        </table>
        {flat.length === 0 && <p className="pd-empty">没有符合筛选条件的概算行。</p>}
      </div>
      <BudgetTotals budget={budget} total={grid.total} filterActive={grid.filterActive} />
    </div>
  )
}
