/** 会议: every meeting on this device, the demo marked 示例, with the next actions. */
import { Badge } from '../../components/Badge'
import { Button, Card, Empty, Popconfirm, Space, Table, App as AntApp } from 'antd'
import { lazy, Suspense, useState } from 'react'
import type { MeetingSummary } from '../../../../shared/api/types'
import { call, errorMessage } from '../../api'
import { PageError } from '../../components/PageError'
import { formatDate } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { navigate } from '../../hooks/useRoute'
import { PageTitle } from '../../components/PageTitle'
import { PageLoading } from '../../components/Loading'

// The dialog (its form and date picker) loads when first opened: it is not part of the first screen.
const NewMeetingDialog = lazy(() => import('./NewMeetingDialog').then((m) => ({ default: m.NewMeetingDialog })))

export function MeetingsPage() {
  const q = useQuery(() => call('meetings.list', {}), [])
  const [creating, setCreating] = useState(false)
  // Mounted from the first opening on, so closing it keeps its closing animation.
  const [dialogLoaded, setDialogLoaded] = useState(false)
  const { message } = AntApp.useApp()
  const meetings = q.data ?? []
  const hasDemo = meetings.some((m) => m.isDemo)

  const removeDemo = async () => {
    try {
      const r = await call('demo.remove', {})
      void message.success(`已删除示例会议（${r.removedMeetings} 个）`)
      await q.reload()
    } catch (err) {
      void message.error(errorMessage(err))
    }
  }
  const seedDemo = async () => {
    try {
      await call('demo.seed', {})
      await q.reload()
    } catch (err) {
      void message.error(errorMessage(err))
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <PageTitle>
          评审会议
        </PageTitle>
        <Space>
          {hasDemo ? (
            <Popconfirm title="删除示例会议？" description="示例会议及其项目、专家将被移除，不影响其他会议。" okText="删除" cancelText="取消" onConfirm={() => void removeDemo()}>
              <Button danger>删除示例会议</Button>
            </Popconfirm>
          ) : (
            <Button onClick={() => void seedDemo()}>加载示例会议</Button>
          )}
          <Button type="primary" onClick={() => {
              setDialogLoaded(true)
              setCreating(true)
            }}>
            新建会议
          </Button>
        </Space>
      </Space>
      {q.error && <PageError error={q.error} onRetry={() => void q.reload()} />}
      <Card>
        <Table<MeetingSummary>
          rowKey="id"
          loading={q.loading}
          dataSource={meetings}
          pagination={false}
          locale={{
            emptyText: (
              <Empty description="还没有评审会议。新建一个会议，导入项目申报材料并邀请专家；或加载示例会议先熟悉流程。" />
            )
          }}
          onRow={(m) => ({ onClick: () => navigate({ page: 'meeting', meetingId: m.id }), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: '会议名称',
              dataIndex: 'name',
              render: (_: unknown, m) => (
                <Space>
                  <a href={`#/meetings/${m.id}`}>{m.name}</a>
                  {m.isDemo && <Badge tone="demo">示例</Badge>}
                </Space>
              )
            },
            { title: '日期', dataIndex: 'date', width: 150, render: (d: string) => formatDate(d) },
            { title: '地点', dataIndex: 'place', ellipsis: true },
            { title: '项目数', dataIndex: 'projectCount', width: 90, align: 'right' },
            { title: '专家数', dataIndex: 'expertCount', width: 90, align: 'right' }
          ]}
        />
      </Card>
      {dialogLoaded && (
        <Suspense fallback={creating ? <PageLoading text="正在打开新建会议…" /> : null}>
          <NewMeetingDialog
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={(id) => {
              setCreating(false)
              navigate({ page: 'meeting', meetingId: id })
            }}
          />
        </Suspense>
      )}
    </Space>
  )
}
