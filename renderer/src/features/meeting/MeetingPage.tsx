/** One meeting: its projects (to open for scoring) and its panel (and whom this laptop scores as). */
import { Badge } from '../../components/Badge'
import { useState } from 'react'
import { Breadcrumb, Button, Card, Descriptions, Input, Modal, Space, Table, Typography, App as AntApp } from 'antd'
import { SECRETARIAT_VIEW_LOCKED } from '../../../../shared/api/secretariatView'
import type { AppInfo, ExpertSummary, ProjectSummary } from '../../../../shared/api/types'
import { call, errorMessage } from '../../api'
import { ClosedBanner } from '../../components/ClosedBanner'
import { PageError } from '../../components/PageError'
import { formatDate, formatWan } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { navigate } from '../../hooks/useRoute'
import { MeetingMaterialsBar } from '../packages/MeetingMaterialsBar'
import { PageTitle } from '../../components/PageTitle'

export function MeetingPage({ meetingId, info, onInfo }: { meetingId: string; info: AppInfo | null; onInfo: (i: AppInfo) => void }) {
  const q = useQuery(() => call('meetings.get', { meetingId }), [meetingId])
  const { message } = AntApp.useApp()
  const m = q.data
  const actAs = async (e: ExpertSummary) => {
    try {
      onInfo(await call('session.actAs', { expertId: e.id }))
      void message.success(`本机现在以专家「${e.name}」的身份评审`)
    } catch (err) {
      void message.error(errorMessage(err))
    }
  }
  // The secretariat's view needs the secretariat's key unlocked with its PIN in this session (docs/sync.md).
  const [askPin, setAskPin] = useState(false)
  const [pin, setPin] = useState('')
  const [pinError, setPinError] = useState<string | null>(null)
  const actAsSecretariat = async () => {
    try {
      onInfo(await call('session.actAs', { expertId: null }))
      void message.success('本机现在由秘书处使用，可查看全部评分')
    } catch (err) {
      if (errorMessage(err) === SECRETARIAT_VIEW_LOCKED) {
        setPinError(null)
        setAskPin(true)
      } else void message.error(errorMessage(err))
    }
  }
  const unlockAndAct = async () => {
    try {
      await call('trust.unlockSecretariat', { pin })
      setAskPin(false)
      setPin('')
      await actAsSecretariat()
    } catch (err) {
      setPinError(errorMessage(err)) // the PIN stays typed: the user corrects it
    }
  }
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Modal
        title="解锁秘书处视图"
        open={askPin}
        okText="解锁"
        cancelText="取消"
        onOk={() => void unlockAndAct()}
        onCancel={() => setAskPin(false)}
        okButtonProps={{ disabled: pin.length === 0 }}
      >
        <Typography.Paragraph>秘书处视图可查看全部专家的评分，需要本机的秘书处密钥。请输入秘书处 PIN 码（本次运行期间有效）。</Typography.Paragraph>
        <Input.Password aria-label="秘书处 PIN 码" value={pin} onChange={(e) => setPin(e.target.value)} onPressEnter={() => void unlockAndAct()} autoFocus />
        {pinError && <Typography.Text type="danger">{pinError}</Typography.Text>}
      </Modal>
      <Breadcrumb items={[{ title: <a href="#/">评审会议</a> }, { title: m?.name ?? '…' }]} />
      <Space align="center">
        <PageTitle>
          {m?.name ?? '加载中…'}
        </PageTitle>
        {m?.isDemo && <Badge tone="demo">示例</Badge>}
        <Button type="primary" href={`#/meetings/${encodeURIComponent(meetingId)}/console/settings`}>
          秘书处工作台
        </Button>
        <Button href={`#/meetings/${encodeURIComponent(meetingId)}/documents`}>文档导出</Button>
      </Space>
      {m?.status === 'closed' && <ClosedBanner />}
      {m && (
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label="日期">{formatDate(m.date)}</Descriptions.Item>
          <Descriptions.Item label="地点">{m.place || '—'}</Descriptions.Item>
          <Descriptions.Item label="组织单位">{m.organiser || '—'}</Descriptions.Item>
          <Descriptions.Item label="评分细则" span={3}>
            {m.rubric.name}（第 {m.rubric.version} 版）
          </Descriptions.Item>
        </Descriptions>
      )}
      {/* A closed meeting takes no new packages (nor 修改稿): the backend refuses them too. */}
      {m && m.status !== 'closed' && <MeetingMaterialsBar meetingId={meetingId} onChanged={() => void q.reload()} />}
      <Card title={`评审项目（${m?.projects.length ?? 0}）`}>
        <Table<ProjectSummary>
          rowKey="id"
          loading={q.loading}
          dataSource={m?.projects ?? []}
          pagination={false}
          locale={{ emptyText: '本次会议还没有项目。请导入项目申报材料（.pdpkg）。' }}
          onRow={(p) => ({ onClick: () => navigate({ page: 'project', projectId: p.id }), style: { cursor: 'pointer' } })}
          columns={[
            { title: '序号', dataIndex: 'sortOrder', width: 70, align: 'right' },
            { title: '项目名称', dataIndex: 'name', render: (_: unknown, p) => <a href={`#/projects/${p.id}`}>{p.name}</a> },
            { title: '建设单位', dataIndex: 'ownerUnit', ellipsis: true },
            { title: '编制单位', dataIndex: 'authorUnit', ellipsis: true },
            {
              title: '送审投资（万元）',
              dataIndex: 'declaredInvestment',
              width: 160,
              align: 'right',
              render: (x: number) => <span className="num">{formatWan(x)}</span>
            }
          ]}
        />
      </Card>
      <Card
        title={`评审专家（${m?.experts.length ?? 0}）`}
        extra={
          info?.actingExpertId ? (
            <Button onClick={() => void actAsSecretariat()}>本机改为秘书处使用（不以专家身份）</Button>
          ) : (
            <Typography.Text type="secondary">本机当前由秘书处使用</Typography.Text>
          )
        }
      >
        <Table<ExpertSummary>
          rowKey="id"
          loading={q.loading}
          dataSource={m?.experts ?? []}
          pagination={false}
          locale={{ emptyText: '还没有专家。请添加专家或导入专家名单。' }}
          columns={[
            {
              title: '姓名',
              dataIndex: 'name',
              width: 240,
              render: (_: unknown, e) => (
                <Space style={{ whiteSpace: 'nowrap' }}>
                  {e.name}
                  {e.isLeader && <Badge tone="info">组长</Badge>}
                  {info?.actingExpertId === e.id && <Badge tone="success">本机身份</Badge>}
                </Space>
              )
            },
            { title: '工作单位', dataIndex: 'unit', ellipsis: true },
            { title: '职称', dataIndex: 'title', width: 130 },
            { title: '专业', dataIndex: 'specialty', width: 120 },
            {
              title: '操作',
              width: 150,
              render: (_: unknown, e) =>
                info?.actingExpertId === e.id ? (
                  <Typography.Text type="secondary">当前身份</Typography.Text>
                ) : (
                  <Button size="small" onClick={() => void actAs(e)}>
                    以此身份评审
                  </Button>
                )
            }
          ]}
        />
      </Card>
    </Space>
  )
}
