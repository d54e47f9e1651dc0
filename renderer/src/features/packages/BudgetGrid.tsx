/**
 * 概算: the budget lines as a virtualised tree grid (10,000 lines stay smooth): hierarchy, 小计/合计 rows, sort,
 * filter by text and category, totals. Amounts in 万元, two decimals, right-aligned. A finding can ask it to jump to
 * a line: it scrolls there, highlights and focuses the row.
 */
import { flexRender, type ColumnDef } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { Input, Select, Space, Typography } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { BudgetView } from '../../../../shared/api/packageTypes'
import { BUDGET_CATEGORIES } from '../../../../shared/domain/budget/types'
import { formatWan } from '../../format'
import { useBudgetGrid, useWindowTable, type BudgetRow } from './useBudgetGrid'
import { CLEAR_INPUT, CLEAR_SELECT } from '../../components/clear'

const KIND_LABEL = { subtotal: '小计', total: '合计', memo: '其中', item: '' } as const
const ROW_HEIGHT = 34

const QTY = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 4 })
function num(x: number | null): string {
  return x === null ? '' : QTY.format(x)
}

function text(value: string | null) {
  return value ? <span title={value}>{value}</span> : ''
}

function columns(toggle: (id: string) => void): ColumnDef<BudgetRow>[] {
  return [
    { id: 'numbering', header: '序号', size: 56, enableSorting: false, cell: ({ row }) => row.original.line.numbering ?? '' },
    {
      id: 'name',
      header: '工程或费用名称',
      accessorFn: (r) => r.line.name,
      size: 220,
      cell: ({ row }) => {
        const { line, depth, expandable, expanded } = row.original
        return (
          <span className="pd-name" style={{ paddingLeft: depth * 16 }}>
            {expandable ? (
              <button type="button" className="pd-expander" onClick={() => toggle(line.id)} aria-expanded={expanded} aria-label={`${expanded ? '收起' : '展开'}“${line.name}”`}>
                {expanded ? '▾' : '▸'}
              </button>
            ) : (
              <span className="pd-expander-space" />
            )}
            {line.kind !== 'item' && <span className="pd-kind">{KIND_LABEL[line.kind]}</span>}
            <span title={line.name}>{line.name}</span>
          </span>
        )
      }
    },
    { id: 'unit', header: '单位', size: 48, enableSorting: false, cell: ({ row }) => row.original.line.unit ?? '' },
    { id: 'quantity', accessorFn: (r) => r.line.quantity, header: '数量', size: 60, meta: { num: true }, cell: ({ row }) => num(row.original.line.quantity) },
    { id: 'unitPrice', accessorFn: (r) => r.line.unitPrice, header: '单价（万元）', size: 106, meta: { num: true }, cell: ({ row }) => (row.original.line.unitPrice === null ? '' : formatWan(row.original.line.unitPrice)) },
    { id: 'amount', accessorFn: (r) => r.line.amount, header: '金额（万元）', size: 108, meta: { num: true }, cell: ({ row }) => (row.original.line.amount === null ? '' : formatWan(row.original.line.amount)) },
    { id: 'category', accessorFn: (r) => r.line.category, header: '类别', size: 92, cell: ({ row }) => row.original.line.category },
    { id: 'spec', header: '规格/技术参数', size: 140, enableSorting: false, cell: ({ row }) => text(row.original.line.spec) },
    { id: 'remark', header: '备注', size: 140, enableSorting: false, cell: ({ row }) => text(row.original.line.remark) }
  ]
}

/** 金额 stays in view: in a narrow pane its column sticks to the right edge while the others scroll under it. */
const cellClass = (columnId: string, isNum: boolean | undefined): string | undefined =>
  [isNum ? 'num' : '', columnId === 'amount' ? 'pd-col-amount' : ''].filter(Boolean).join(' ') || undefined

export interface LineFocus {
  lineId: string
  /** Changes on every request, so that asking twice for the same line jumps again. */
  nonce: number
}

export function BudgetGrid({ budget, focus, sheetLabel = '读取工作表' }: { budget: BudgetView; focus: LineFocus | null; sheetLabel?: string }) {
  const grid = useBudgetGrid(budget.lines, budget.computedTotal)
  const cols = useMemo(() => columns(grid.toggle), [grid.toggle])
  const flat = grid.flat
  const scroller = useRef<HTMLDivElement>(null)
  const virtual = useVirtualizer({ count: flat.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 })
  const items = virtual.getVirtualItems()
  const inView = useMemo(() => items.map((vi) => flat[vi.index]).filter((r): r is BudgetRow => r !== undefined), [items, flat])
  const table = useWindowTable(inView, cols, grid.sorting, grid.setSorting)
  const rows = table.getRowModel().rows
  const [highlight, setHighlight] = useState<string | null>(null)
  const [pending, setPending] = useState<LineFocus | null>(null)

  useEffect(() => {
    if (focus) setPending(focus)
  }, [focus])
  // Jump once the line is in the row model (the filter or expansion may need a render first).
  const { reveal } = grid
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
  }, [pending, flat, reveal, virtual])

  const padTop = items[0]?.start ?? 0
  const padBottom = virtual.getTotalSize() - (items[items.length - 1]?.end ?? 0)
  const width = cols.reduce((s, c) => s + (c.size ?? 100), 0)
  return (
    <div className="pd-budget">
      <Space wrap className="pd-toolbar" size={8}>
        <Input.Search
          allowClear={CLEAR_INPUT}
          size="small"
          placeholder="筛选：名称、序号、规格、备注"
          aria-label="筛选概算行"
          style={{ width: 230 }}
          onSearch={(text) => grid.setFilter((f) => ({ ...f, text }))}
          onChange={(e) => e.target.value === '' && grid.setFilter((f) => ({ ...f, text: '' }))}
        />
        <Select
          size="small"
          allowClear={CLEAR_SELECT}
          placeholder="按类别筛选"
          aria-label="按类别筛选"
          style={{ width: 150 }}
          value={grid.filter.category}
          onChange={(category: string | undefined) => grid.setFilter((f) => ({ ...f, category: category ?? null }))}
          options={BUDGET_CATEGORIES.map((c) => ({ value: c, label: c }))}
        />
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {budget.sourceUnit === '元' ? '原表单位为元，已换算为万元' : '单位：万元'} · 共 {budget.lines.length} 行
          {/\.xlsx?$/i.test(budget.path) && budget.sheetName ? ` · ${sheetLabel}：${budget.sheetName}` : ''}
        </Typography.Text>
      </Space>
      <div className="pd-grid-scroll" ref={scroller} tabIndex={0} role="region" aria-label="投资概算表" data-testid="budget-grid">
        <table className="pd-grid" style={{ width, minWidth: '100%' }}>
          <colgroup>
            {cols.map((c) => (
              <col key={c.id} style={{ width: c.size }} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const sorted = h.column.getIsSorted()
                  const isNum = (h.column.columnDef.meta as { num?: boolean } | undefined)?.num
                  return (
                    <th key={h.id} className={cellClass(h.column.id, isNum)} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined} scope="col">
                      {h.column.getCanSort() ? (
                        <button type="button" className="pd-sort" onClick={h.column.getToggleSortingHandler()}>
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          <span aria-hidden>{sorted === 'asc' ? ' ↑' : sorted === 'desc' ? ' ↓' : ''}</span>
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  )
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {padTop > 0 && (
              <tr aria-hidden style={{ height: padTop }}>
                <td colSpan={cols.length} />
              </tr>
            )}
            {rows.map((row) => {
              const l = row.original.line
              const focused = highlight === l.id
              return (
                <tr
                  key={row.id}
                  data-line-id={l.id}
                  data-testid={focused ? 'budget-row-focused' : undefined}
                  tabIndex={focused ? -1 : undefined}
                  className={`pd-row pd-row-${l.kind}${focused ? ' pd-row-focus' : ''}`}
                  style={{ height: ROW_HEIGHT }}
                >
                  {row.getVisibleCells().map((cell) => {
                    const isNum = (cell.column.columnDef.meta as { num?: boolean } | undefined)?.num
                    return (
                      <td key={cell.id} className={cellClass(cell.column.id, isNum)}>
                        {cell.column.id === 'numbering' && focused && <span className="pd-sr-only">当前定位的行：</span>}
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    )
                  })}
                </tr>
              )
            })}
            {padBottom > 0 && (
              <tr aria-hidden style={{ height: padBottom }}>
                <td colSpan={cols.length} />
              </tr>
            )}
          </tbody>
        </table>
        {flat.length === 0 && <p className="pd-empty">没有符合筛选条件的概算行。</p>}
      </div>
      <dl className="pd-totals" aria-label="概算合计">
        <div>
          <dt>{grid.filterActive ? '筛选结果金额' : '逐项合计'}</dt>
          <dd className="num" data-testid="budget-selected-total">{formatWan(grid.total)} 万元</dd>
        </div>
        <div>
          <dt>表内合计</dt>
          <dd className="num">{budget.sheetTotal === null ? '—' : `${formatWan(budget.sheetTotal)} 万元`}</dd>
        </div>
        <div>
          <dt>送审投资</dt>
          <dd className="num">{formatWan(budget.declaredTotal)} 万元</dd>
        </div>
      </dl>
    </div>
  )
}
