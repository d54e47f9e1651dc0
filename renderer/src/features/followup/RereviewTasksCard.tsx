/** 我的评审 → 复核任务 (issue 12): the re-reviews this expert is named for, their progress and what is left. */
import { Card, Space, Table, Typography } from 'antd'
import type { RereviewTask } from '../../../../shared/api/followupTypes'
import { call } from '../../api'
import { Badge } from '../../components/Badge'
import { useQuery } from '../../hooks/useQuery'
import { TodoList } from '../../components/TodoList'
import { routeHref } from '../../hooks/useRoute'

const SIGNATURE = { unsigned: ['neutral', '未签署'], signed: ['success', '已签署'], stale: ['warning', '需重新签署'] } as const

export function RereviewTasksCard({ meetingId }: { meetingId: string }) {
  const q = useQuery(() => call('versions.myRereviews', { meetingId }), [meetingId])
  const tasks = q.data ?? []
  if (q.error || tasks.length === 0) return null
  return (
    <Card title="复核任务">
      <Table<RereviewTask>
        rowKey="versionId"
        dataSource={tasks}
        pagination={false}
        columns={[
          {
            title: '项目',
            dataIndex: 'projectName',
            render: (_: unknown, t) => (
              <Space orientation="vertical" size={0}>
                <a href={routeHref({ page: 'rereview', versionId: t.versionId })}>
                  {t.projectName}（修改稿第 {t.version} 版）
                </a>
                <Typography.Text type="secondary">打开整改落实表</Typography.Text>
              </Space>
            )
          },
          { title: '身份', dataIndex: 'role', width: 100 },
          {
            title: '落实情况',
            width: 260,
            render: (_: unknown, t) => `已落实 ${t.counts.done}，部分 ${t.counts.partial}，未落实 ${t.counts.open}，待核 ${t.counts.pending}`
          },
          { title: '我的签名', width: 120, render: (_: unknown, t) => <Badge tone={SIGNATURE[t.mySignature][0]}>{SIGNATURE[t.mySignature][1]}</Badge> },
          {
            title: '待办',
            dataIndex: 'todo',
            render: (todo: string[]) => <TodoList items={todo} />
          }
        ]}
      />
    </Card>
  )
}
