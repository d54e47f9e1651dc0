/** The pieces of the 概算 grid (BudgetGrid): its columns, toolbar, header row and totals. */
import { flexRender, type ColumnDef, type HeaderGroup } from '@tanstack/react-table'
import { Input, Select, Space, Typography } from 'antd'
import type { Dispatch, SetStateAction } from 'react'
import type { BudgetView } from '../../../../shared/api/packageTypes'
import { BUDGET_CATEGORIES } from '../../../../shared/domain/budget/types'
import type { BudgetFilter } from '../../../../shared/domain/packages/budgetTree'
import { CLEAR_INPUT, CLEAR_SELECT } from '../../components/clear'
import { formatWan } from '../../format'
import { ariaSort, budgetNote, cellClass, formatQuantity, KIND_LABEL, sortMark } from './budgetGridLogic'
import type { BudgetRow } from './useBudgetGrid'

function text(value: string | null) {
  return value ? <span title={value}>{value}</span> : ''
}

function NameCell({ row, toggle }: { row: BudgetRow; toggle: (id: string) => void }) {
  const { line, depth, expandable, expanded } = row
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

export function budgetColumns(toggle: (id: string) => void): ColumnDef<BudgetRow>[] {
  return [
    { id: 'numbering', header: '序号', size: 56, enableSorting: false, cell: ({ row }) => row.original.line.numbering ?? '' },
    { id: 'name', header: '工程或费用名称', accessorFn: (r) => r.line.name, size: 220, cell: ({ row }) => <NameCell row={row.original} toggle={toggle} /> },
    { id: 'unit', header: '单位', size: 48, enableSorting: false, cell: ({ row }) => row.original.line.unit ?? '' },
    { id: 'quantity', accessorFn: (r) => r.line.quantity, header: '数量', size: 60, meta: { num: true }, cell: ({ row }) => formatQuantity(row.original.line.quantity) },
    { id: 'unitPrice', accessorFn: (r) => r.line.unitPrice, header: '单价（万元）', size: 106, meta: { num: true }, cell: ({ row }) => (row.original.line.unitPrice === null ? '' : formatWan(row.original.line.unitPrice)) },
    { id: 'amount', accessorFn: (r) => r.line.amount, header: '金额（万元）', size: 108, meta: { num: true }, cell: ({ row }) => (row.original.line.amount === null ? '' : formatWan(row.original.line.amount)) },
    { id: 'category', accessorFn: (r) => r.line.category, header: '类别', size: 92, cell: ({ row }) => row.original.line.category },
    { id: 'spec', header: '规格/技术参数', size: 140, enableSorting: false, cell: ({ row }) => text(row.original.line.spec) },
    { id: 'remark', header: '备注', size: 140, enableSorting: false, cell: ({ row }) => text(row.original.line.remark) }
  ]
}

export const isNumColumn = (def: { meta?: unknown }): boolean | undefined => (def.meta as { num?: boolean } | undefined)?.num

export function BudgetToolbar({ budget, sheetLabel, filter, setFilter }: { budget: BudgetView; sheetLabel: string; filter: BudgetFilter; setFilter: Dispatch<SetStateAction<BudgetFilter>> }) {
  return (
    <Space wrap className="pd-toolbar" size={8}>
      <Input.Search
        allowClear={CLEAR_INPUT}
        size="small"
        placeholder="筛选：名称、序号、规格、备注"
        aria-label="筛选概算行"
        style={{ width: 230 }}
        onSearch={(text) => setFilter((f) => ({ ...f, text }))}
        onChange={(e) => e.target.value === '' && setFilter((f) => ({ ...f, text: '' }))}
      />
      <Select
        size="small"
        allowClear={CLEAR_SELECT}
        placeholder="按类别筛选"
        aria-label="按类别筛选"
        style={{ width: 150 }}
        value={filter.category}
        onChange={(category: string | undefined) => setFilter((f) => ({ ...f, category: category ?? null }))}
        options={BUDGET_CATEGORIES.map((c) => ({ value: c, label: c }))}
      />
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {budgetNote({ sourceUnit: budget.sourceUnit, path: budget.path, sheetName: budget.sheetName, lineCount: budget.lines.length }, sheetLabel)}
      </Typography.Text>
    </Space>
  )
}

export function BudgetHead({ groups }: { groups: HeaderGroup<BudgetRow>[] }) {
  return (
    <thead>
      {groups.map((hg) => (
        <tr key={hg.id}>
          {hg.headers.map((h) => {
            const sorted = h.column.getIsSorted()
            return (
              <th key={h.id} className={cellClass(h.column.id, isNumColumn(h.column.columnDef))} aria-sort={ariaSort(sorted)} scope="col">
                {h.column.getCanSort() ? (
                  <button type="button" className="pd-sort" onClick={h.column.getToggleSortingHandler()}>
                    {flexRender(h.column.columnDef.header, h.getContext())}
                    <span aria-hidden>{sortMark(sorted)}</span>
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
  )
}

export function BudgetTotals({ budget, total, filterActive }: { budget: BudgetView; total: number; filterActive: boolean }) {
  return (
    <dl className="pd-totals" aria-label="概算合计">
      <div>
        <dt>{filterActive ? '筛选结果金额' : '逐项合计'}</dt>
        <dd className="num" data-testid="budget-selected-total">{formatWan(total)} 万元</dd>
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
  )
}
