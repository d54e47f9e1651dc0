/** The assignment matrix: projects × experts (a @tanstack/react-table grid), 回避 flags, panel size checks. */
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table'
import { Alert, App as AntApp, Button, Checkbox, Space, Tooltip, Typography } from 'antd'
import { useMemo } from 'react'
import type { AssignmentMatrix, MatrixRow } from '../../../../shared/api/secretariatTypes'
import { call, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { useQuery } from '../../hooks/useQuery'
import { DeclarationsList } from './DeclarationsList'

const col = createColumnHelper<MatrixRow>()

export function AssignmentTab({ meetingId, readOnly }: { meetingId: string; readOnly: boolean }) {
  const { message } = AntApp.useApp()
  const q = useQuery(() => call('assignments.matrix', { meetingId }), [meetingId])
  const m = q.data
  const update = async (f: () => Promise<AssignmentMatrix>) => {
    try {
      q.setData(await f())
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }
  const columns = useMemo(() => {
    if (!m) return []
    return [
      col.accessor('name', {
        header: '项目',
        cell: (c) => (
          <div style={{ minWidth: 220 }}>
            <div style={{ fontWeight: 600 }}>{c.getValue()}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              建设单位：{c.row.original.ownerUnit}；编制单位：{c.row.original.authorUnit}
            </Typography.Text>
          </div>
        )
      }),
      col.accessor('panelSize', {
        header: '人数',
        cell: (c) => (
          <Space orientation="vertical" size={2}>
            <span className="num">{c.getValue()} 人</span>
            {c.row.original.problems.length === 0 ? <Badge tone="success">符合</Badge> : <Badge tone="warning">需调整</Badge>}
          </Space>
        )
      }),
      ...m.experts.map((e, i) =>
        col.display({
          id: e.id,
          header: () => (
            <span>
              {e.name}
              {e.isLeader && <Badge tone="info">组长</Badge>}
            </span>
          ),
          cell: (c) => {
            const cell = c.row.original.cells[i]!
            const label = `${c.row.original.name}：${e.name}`
            return (
              <Space orientation="vertical" size={2} style={{ alignItems: 'center' }}>
                <Checkbox
                  aria-label={label}
                  checked={cell.assigned}
                  disabled={readOnly || (cell.assigned && cell.hasSheet)}
                  onChange={(ev) => void update(() => call('assignments.set', { meetingId, projectId: c.row.original.projectId, expertId: e.id, assigned: ev.target.checked }))}
                />
                {cell.recused && <Badge tone="neutral">已回避</Badge>}
                {cell.declaration?.kind === 'none' && <Badge tone="success">无利害关系</Badge>}
                {cell.conflicts.length > 0 && (
                  <Tooltip title={cell.conflicts.join('；')}>
                    <span tabIndex={0}>
                      <Badge tone="danger">回避</Badge>
                    </span>
                  </Tooltip>
                )}
              </Space>
            )
          }
        })
      )
    ]
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [m, readOnly, meetingId])
  const table = useReactTable({ data: m?.rows ?? [], columns, getCoreRowModel: getCoreRowModel() })
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  if (!m) return null
  const problems = m.rows.flatMap((r) => r.problems.map((p) => `${r.name}：${p}`))
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Button autoInsertSpace={false} type="primary" disabled={readOnly || m.rows.length === 0 || m.experts.length === 0} onClick={() => void update(() => call('assignments.everyone', { meetingId }))}>
          全员评审所有项目
        </Button>
        <Typography.Text type="secondary">
          规则：每个项目至少 {m.rules.minPerProject} 人{m.rules.requireOdd ? '，人数为单数' : ''}；与项目建设单位、编制单位相同或相近的专家标“回避”，不会被自动分配。
        </Typography.Text>
      </Space>
      {problems.length > 0 ? (
        <Alert type="warning" showIcon title={`${problems.length} 处需要调整`} description={<ul style={{ margin: 0, paddingLeft: 20 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} />
      ) : m.rows.length > 0 ? (
        <Alert type="success" showIcon title="分配符合规则" />
      ) : null}
      {m.rows.length === 0 || m.experts.length === 0 ? (
        <Typography.Paragraph>先导入项目并添加专家，再在这里分配。</Typography.Paragraph>
      ) : (
        <div style={{ overflowX: 'auto' }}>
          <table className="pd-matrix" data-testid="assignment-matrix">
            <thead>
              {table.getHeaderGroups().map((hg) => (
                <tr key={hg.id}>
                  {hg.headers.map((h) => (
                    <th key={h.id} scope="col">
                      {flexRender(h.column.columnDef.header, h.getContext())}
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody>
              {table.getRowModel().rows.map((r) => (
                <tr key={r.id}>
                  {r.getVisibleCells().map((c) => (
                    <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {m.rows.length > 0 && <DeclarationsList matrix={m} />}
    </Space>
  )
}
