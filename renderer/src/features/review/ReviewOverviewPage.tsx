/** 我的评审: the projects assigned to this laptop's expert, their status, and what is left to do. */
import { Alert, Button, Card, Empty, Space, Table, Typography } from 'antd'
import type { ReviewOverviewItem } from '../../../../shared/api/reviewTypes'
import type { AppInfo } from '../../../../shared/api/types'
import { call } from '../../api'
import { Badge, type Tone } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { formatWan } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { navigate } from '../../hooks/useRoute'
import { CommitmentCard } from './CommitmentCard'
import { TodoList } from '../../components/TodoList'
import { RereviewTasksCard } from '../followup/RereviewTasksCard'
import { PageTitle } from '../../components/PageTitle'
import { ClosedBanner, useMeetingClosed } from '../../components/ClosedBanner'

const TONE: Record<ReviewOverviewItem['status'], Tone> = {
  未开始: 'neutral',
  评审中: 'info',
  已提交: 'success',
  已回避: 'warning',
  已退回: 'danger'
}

export function ReviewOverviewPage({ info }: { info: AppInfo | null }) {
  const meetingId = info?.actingMeetingId ?? null
  if (!info) return null
  if (!meetingId) {
    return (
      <Card>
        <Empty description="本机还没有选择评审身份。请在会议页面的专家名单中选择“以此身份评审”。">
          <Button type="primary" onClick={() => navigate({ page: 'meetings' })}>
            前往会议
          </Button>
        </Empty>
      </Card>
    )
  }
  return <Overview meetingId={meetingId} />
}

function Overview({ meetingId }: { meetingId: string }) {
  const q = useQuery(() => call('review.overview', { meetingId }), [meetingId])
  const closed = useMeetingClosed(meetingId)
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const o = q.data
  if (!o) return null
  const left = o.items.filter((i) => i.status === '未开始' || i.status === '评审中' || i.status === '已退回').length
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <PageTitle>
          我的评审
        </PageTitle>
        <Typography.Text type="secondary">
          {o.meetingName} · 专家：{o.expertName}
        </Typography.Text>
      </div>
      {closed && <ClosedBanner />}
      {!closed && !o.commitmentAccepted && <CommitmentCard meetingId={meetingId} onAccepted={() => void q.reload()} />}
      {!closed && o.commitmentAccepted && (
        <Alert type={left ? 'info' : 'success'} showIcon title={left ? `还有 ${left} 个项目待完成` : '所有项目均已提交或回避'} />
      )}
      <Card>
        <Table<ReviewOverviewItem>
          rowKey="projectId"
          dataSource={o.items}
          pagination={false}
          locale={{ emptyText: '您在本次会议中没有被分配评审项目' }}
          columns={[
            {
              title: '项目',
              dataIndex: 'projectName',
              render: (_: unknown, i) => (
                <Space orientation="vertical" size={0}>
                  <a href={`#/projects/${i.projectId}`}>{i.projectName}</a>
                  <Typography.Text type="secondary">{i.ownerUnit}</Typography.Text>
                </Space>
              )
            },
            { title: '送审投资（万元）', dataIndex: 'declaredInvestment', align: 'right', width: 150, render: (x: number) => formatWan(x) },
            {
              title: '状态',
              dataIndex: 'status',
              width: 140,
              render: (_: unknown, i) => (
                <Space orientation="vertical" size={2}>
                  <Badge tone={TONE[i.status]}>{i.status}</Badge>
                  {i.hasConflictHint && i.status !== '已回避' && <Badge tone="warning">单位有关联</Badge>}
                </Space>
              )
            },
            { title: '得分', dataIndex: 'total', align: 'right', width: 80, render: (t: number | null) => (t === null ? '—' : t) },
            {
              title: '待办',
              dataIndex: 'todo',
              // A closed meeting takes no more changes: what was left stays undone, and is not asked for.
              render: (todo: string[]) => (closed ? <Typography.Text type="secondary">会议已关闭</Typography.Text> : <TodoList items={todo} />)
            }
          ]}
        />
      </Card>
      <RereviewTasksCard meetingId={meetingId} />
    </Space>
  )
}
