/**
 * Under the 分配 matrix: each expert's declaration per project (回避 with its reason, 无利害关系 with its
 * explanation) beside the unit-match warnings the expert saw when declaring (kept with the declaration), so the
 * secretariat sees what the expert saw and said. Warnings recomputed from the registered units are shown, labelled
 * as such, for pairs not yet declared, for declarations made before the shown warnings were kept, and when the
 * registered units now give other warnings than the expert saw.
 */
import { Card, Table, Typography } from 'antd'
import type { AssignmentMatrix } from '../../../../shared/api/secretariatTypes'
import { Badge } from '../../components/Badge'
import { formatTime } from '../../format'
import { sameWarnings } from '../../../../shared/domain/shownConflicts'

export interface DeclarationRow {
  key: string
  project: string
  expert: string
  kind: 'none' | 'recuse' | null
  reason: string
  declaredAt: string | null
  /** What the expert was shown when declaring; null when not recorded (no declaration, or an old one). */
  shown: string[] | null
  /** Recomputed now from the registered units. */
  current: string[]
}

/** Pairs with a declaration or a unit-match warning (assigned or not), projects in matrix order. Pure. */
export function declarationRows(m: AssignmentMatrix): DeclarationRow[] {
  return m.rows.flatMap((r) =>
    r.cells.flatMap((c, i) => {
      if (!c.declaration && c.conflicts.length === 0) return []
      const d = c.declaration
      return [
        {
          key: `${r.projectId}|${c.expertId}`,
          project: r.name,
          expert: m.experts[i]?.name ?? '',
          kind: d?.kind ?? null,
          reason: d?.reason ?? '',
          declaredAt: d?.declaredAt ?? null,
          shown: d?.shownConflicts ?? null,
          current: c.conflicts
        }
      ]
    })
  )
}

export function DeclarationsList({ matrix }: { matrix: AssignmentMatrix }) {
  const rows = declarationRows(matrix)
  return (
    <Card size="small" title="回避声明与单位比对" data-testid="declarations-list">
      {rows.length === 0 ? (
        <Typography.Text type="secondary">专家尚未作出回避声明，也没有单位比对提示。</Typography.Text>
      ) : (
        <Table<DeclarationRow>
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={rows}
          columns={[
            { title: '项目', dataIndex: 'project' },
            { title: '专家', dataIndex: 'expert', width: 100 },
            {
              title: '声明',
              width: 260,
              render: (_: unknown, r) =>
                r.kind === null ? (
                  <Typography.Text type="secondary">尚未声明</Typography.Text>
                ) : (
                  <div>
                    {r.kind === 'recuse' ? <Badge tone="neutral">回避</Badge> : <Badge tone="success">无利害关系</Badge>}
                    <div>{r.reason ? `理由：${r.reason}` : <Typography.Text type="secondary">未填写说明</Typography.Text>}</div>
                    {r.declaredAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(r.declaredAt)}</Typography.Text>}
                  </div>
                )
            },
            { title: '单位比对提示', render: (_: unknown, r) => <WarningsCell row={r} /> }
          ]}
        />
      )}
    </Card>
  )
}

function WarningList({ items }: { items: string[] }) {
  if (items.length === 0) return <Typography.Text type="secondary">无</Typography.Text>
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }}>
      {items.map((w) => (
        <li key={w}>{w}</li>
      ))}
    </ul>
  )
}

function Label({ children }: { children: string }) {
  return <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>{children}</Typography.Text>
}

/** The warnings the expert saw (when kept), else the recomputed ones, each labelled with where it comes from. */
export function WarningsCell({ row }: { row: DeclarationRow }) {
  if (row.shown === null) {
    return (
      <div data-testid="warnings-recomputed">
        <Label>{row.kind === null ? '按当前登记单位比对' : '按当前登记单位重新比对（该声明未保存专家当时看到的提示）'}</Label>
        <WarningList items={row.current} />
      </div>
    )
  }
  const changed = !sameWarnings(row.shown, row.current)
  return (
    <div data-testid="warnings-shown">
      <Label>声明时专家看到的提示</Label>
      <WarningList items={row.shown} />
      {changed && (
        <div style={{ marginTop: 6 }}>
          <Label>按当前登记单位重新比对，结果已不同：</Label>
          <WarningList items={row.current} />
        </div>
      )}
    </div>
  )
}
