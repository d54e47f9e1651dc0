/**
 * A page of the library: sortable by 日期, 参考单价 and 名称 (on the backend), paged over every match. Each row takes
 * the focus: Enter edits it, ↑/↓ move between rows. 历史核定 entries are marked as such.
 */
import { Button, Space, Table, Tooltip, Typography } from 'antd'
import type { SortOrder } from 'antd/es/table/interface'
import type { KeyboardEvent, ReactNode } from 'react'
import type { PriceLibraryRowView } from '../../../../../shared/api/priceTypes'
import { Badge } from '../../../components/Badge'
import { yuanText } from '../../budget/LinePrice'
import { sortOf, timeText, type LibraryFilterState } from './libraryView'

function rowKeys(e: KeyboardEvent<HTMLElement>, onEnter: () => void): void {
  if (e.target !== e.currentTarget) return
  if (e.key === 'Enter') {
    e.preventDefault()
    onEnter()
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault()
    const next = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling
    if (next instanceof HTMLElement && next.tabIndex >= 0) next.focus()
  }
}

export function LibraryTable(p: {
  rows: PriceLibraryRowView[]
  loading: boolean
  filter: LibraryFilterState
  page: number
  pageSize: number
  matches: number
  empty: ReactNode
  onPage: (page: number) => void
  onSort: (s: Pick<LibraryFilterState, 'sort' | 'order'>) => void
  onEdit: (r: PriceLibraryRowView) => void
  onRetire: (r: PriceLibraryRowView) => void
}) {
  const order = (col: LibraryFilterState['sort']): SortOrder => (p.filter.sort === col ? (p.filter.order === 'asc' ? 'ascend' : 'descend') : null)
  return (
    <Table<PriceLibraryRowView>
      size="small"
      rowKey="id"
      loading={p.loading}
      dataSource={p.rows}
      locale={{ emptyText: p.empty }}
      scroll={{ x: 980 }}
      pagination={{ current: p.page, pageSize: p.pageSize, total: p.matches, showSizeChanger: false, showTotal: (t) => `共 ${t.toLocaleString('zh-CN')} 条`, onChange: p.onPage }}
      onChange={(_pg, _f, sorter, extra) => {
        if (extra.action !== 'sort' || Array.isArray(sorter)) return
        p.onSort(sortOf(sorter.field, sorter.order))
      }}
      onRow={(r) => ({
        tabIndex: 0,
        'aria-label': `${r.name}，${yuanText(r.unitPriceFen)}，${r.source}，${r.date}；按 Enter 修改`,
        onKeyDown: (e: KeyboardEvent<HTMLElement>) => rowKeys(e, () => p.onEdit(r)),
        onDoubleClick: () => p.onEdit(r)
      })}
      columns={[
        {
          title: '名称',
          dataIndex: 'name',
          sorter: true,
          sortOrder: order('name'),
          render: (_, r) => (
            <span>
              {r.name}
              {r.note && <div className="pd-price-note">{r.note}</div>}
            </span>
          )
        },
        { title: '规格', dataIndex: 'spec', ellipsis: { showTitle: true }, width: 170 },
        { title: '单位', dataIndex: 'unit', width: 60 },
        {
          title: '参考单价',
          dataIndex: 'unitPriceFen',
          align: 'right',
          width: 140,
          sorter: true,
          sortOrder: order('price'),
          render: (_, r) => (
            <span className="num">
              {yuanText(r.unitPriceFen)}
              {r.submittedPriceFen !== null && <div className="pd-price-note">送审 {yuanText(r.submittedPriceFen)}</div>}
            </span>
          )
        },
        {
          title: '来源',
          key: 'src',
          width: 180,
          render: (_, r) => (
            <span>
              {r.source}
              {r.kind === 'meeting' && <Badge tone="info">会议核定</Badge>}
              {(r.project || r.group) && <div className="pd-price-note">{[r.project, r.group].filter(Boolean).join(' · ')}</div>}
            </span>
          )
        },
        { title: '日期', dataIndex: 'date', width: 110, sorter: true, sortOrder: order('date'), sortDirections: ['descend', 'ascend'] },
        {
          title: '状态',
          key: 'st',
          width: 160,
          render: (_, r) => (
            <Space size={0} wrap>
              {r.retired ? <Badge tone="neutral">已停用</Badge> : <Badge tone="success">有效</Badge>}
              <Button size="small" type="link" onClick={() => p.onEdit(r)} aria-label={`修改「${r.name}」`}>
                修改
              </Button>
              <Button size="small" type="link" onClick={() => p.onRetire(r)} aria-label={`${r.retired ? '恢复' : '停用'}「${r.name}」`}>
                {r.retired ? '恢复' : '停用'}
              </Button>
              {r.lastEdit && (
                <Tooltip title={`最后修改：${r.lastEdit.by}`}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    修改于 {timeText(r.lastEdit.at)}
                  </Typography.Text>
                </Tooltip>
              )}
            </Space>
          )
        }
      ]}
    />
  )
}
