/** Every revision of this expert's sheet for the project, with its signature check (已篡改 is never counted). */
import { Card, Table } from 'antd'
import type { RevisionView } from '../../../../shared/api/reviewTypes'
import { call } from '../../api'
import { Badge } from '../../components/Badge'
import { formatTime } from '../../format'
import { useQuery } from '../../hooks/useQuery'

const STATUS = { draft: '草稿', submitted: '已提交', reopened: '已退回' } as const

export function RevisionsCard({ projectId, version }: { projectId: string; version: string }) {
  const q = useQuery(() => call('sheets.revisions', { projectId }), [projectId, version])
  const rows = q.data ?? []
  if (rows.length < 1 || rows.every((r) => r.status === 'draft')) return null
  return (
    <Card title="评分表版本" size="small">
      <Table<RevisionView>
        size="small"
        rowKey="sheetId"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '版本', dataIndex: 'revision', width: 70, render: (r: number) => `第 ${r} 版` },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: RevisionView['status']) => STATUS[s] },
          { title: '提交时间', dataIndex: 'submittedAt', render: (t: string | null) => (t ? formatTime(t) : '—') },
          { title: '总分', dataIndex: 'total', width: 70, align: 'right', render: (t: number | null) => t ?? '—' },
          {
            title: '签名',
            dataIndex: 'check',
            render: (c: RevisionView['check']) => (c ? <Badge tone={c.status === 'valid' ? 'success' : 'danger'}>{c.label}</Badge> : '—')
          },
          { title: '退回理由', dataIndex: 'reopenReason', render: (r: string) => r || '—' }
        ]}
      />
    </Card>
  )
}
