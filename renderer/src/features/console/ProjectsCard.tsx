/** 会议设置: the meeting's projects — their order, and removal before the meeting opens. */
import { Button, Card, Popconfirm, Space, Table, Typography } from 'antd'
import type { ConsoleMeeting, ConsoleProject } from '../../../../shared/api/secretariatTypes'
import { call } from '../../api'
import { formatWan } from '../../format'

export function ProjectsCard({ meeting, act }: { meeting: ConsoleMeeting; act: (f: () => Promise<unknown>, done: string) => Promise<void> }) {
  const s = meeting.settings
  const closed = s.phase === 'closed'
  const move = (i: number, d: -1 | 1) => {
    const ids = meeting.projects.map((p) => p.id)
    const j = i + d
    if (j < 0 || j >= ids.length) return
    ;[ids[i], ids[j]] = [ids[j]!, ids[i]!]
    void act(() => call('console.reorderProjects', { meetingId: s.meetingId, projectIds: ids }), '已调整项目顺序')
  }
  return (
    <Card title={`评审项目（${meeting.projects.length}）`} extra={<a href={`#/meetings/${encodeURIComponent(s.meetingId)}`}>导入项目材料（会议页）</a>}>
      <Table<ConsoleProject>
        rowKey="id"
        size="small"
        dataSource={meeting.projects}
        pagination={false}
        locale={{ emptyText: '还没有项目。请在会议页“导入项目材料”中导入申报包（.pdpkg）。' }}
        columns={[
          { title: '序号', dataIndex: 'sortOrder', width: 70, align: 'right' },
          { title: '项目名称', dataIndex: 'name' },
          { title: '建设单位', dataIndex: 'ownerUnit', ellipsis: true },
          { title: '送审投资（万元）', dataIndex: 'declaredInvestment', align: 'right', width: 150, render: (x: number) => <span className="num">{formatWan(x)}</span> },
          {
            title: '操作',
            width: 240,
            render: (_: unknown, p, i) => (
              <Space size="small">
                <Button autoInsertSpace={false} size="small" disabled={closed || i === 0} onClick={() => move(i, -1)} aria-label={`上移：${p.name}`}>
                  上移
                </Button>
                <Button autoInsertSpace={false} size="small" disabled={closed || i === meeting.projects.length - 1} onClick={() => move(i, 1)} aria-label={`下移：${p.name}`}>
                  下移
                </Button>
                <Popconfirm title={`移除「${p.name}」？`} okText="移除" cancelText="取消" onConfirm={() => void act(() => call('console.removeProject', { projectId: p.id }), '已移除项目')}>
                  <Button autoInsertSpace={false} size="small" danger disabled={closed || s.phase !== 'preparing' || p.hasSheets} aria-label={`移除：${p.name}`}>
                    移除
                  </Button>
                </Popconfirm>
              </Space>
            )
          }
        ]}
      />
      {s.phase !== 'preparing' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          会议已开始：项目不能再移除（可调整顺序）。
        </Typography.Paragraph>
      )}
    </Card>
  )
}
