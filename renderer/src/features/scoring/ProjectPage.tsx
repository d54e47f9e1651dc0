/** The project workspace: the proposal's facts on the left, the expert's scoring form on the right. */
import { Alert, Breadcrumb, Button, Card, Descriptions, Empty, Space, Spin, Typography, App as AntApp } from 'antd'
import { useState } from 'react'
import { call, errorMessage } from '../../api'
import { PageError } from '../../components/PageError'
import { formatWan } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { ScoringForm } from './ScoringForm'

export function ProjectPage({ projectId }: { projectId: string }) {
  const q = useQuery(() => call('projects.workspace', { projectId }), [projectId])
  const [opening, setOpening] = useState(false)
  const { message } = AntApp.useApp()
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const w = q.data
  if (!w) return <Spin />
  const start = async () => {
    setOpening(true)
    try {
      await call('sheets.open', { projectId })
      await q.reload()
    } catch (err) {
      void message.error(errorMessage(err))
    } finally {
      setOpening(false)
    }
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <a href="#/">评审会议</a> }, { title: <a href={`#/meetings/${w.meeting.id}`}>{w.meeting.name}</a> }, { title: w.project.name }]} />
      <Typography.Title level={3} style={{ margin: 0 }}>
        {w.project.name}
      </Typography.Title>
      <div className="pd-split">
        <Card title="项目概况" size="small">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="项目编号">{w.project.code || '—'}</Descriptions.Item>
            <Descriptions.Item label="建设单位">{w.project.ownerUnit || '—'}</Descriptions.Item>
            <Descriptions.Item label="编制单位">{w.project.authorUnit || '—'}</Descriptions.Item>
            <Descriptions.Item label="送审投资">
              <span className="num">{formatWan(w.project.declaredInvestment)} 万元</span>
            </Descriptions.Item>
            {w.project.approvedEstimate !== null && (
              <Descriptions.Item label="原批复概算">
                <span className="num">{formatWan(w.project.approvedEstimate)} 万元</span>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Paragraph style={{ marginTop: 12 }}>{w.project.summary}</Typography.Paragraph>
        </Card>
        <div>
          {!w.expert ? (
            <Alert type="info" showIcon title="本机尚未选择评审身份" description="请在会议页面的专家列表中选择“以此身份评审”。" />
          ) : !w.sheet ? (
            <Card>
              <Empty description={`专家：${w.expert.name}。开始评审后，评分和意见会随输入自动保存。`}>
                <Button type="primary" loading={opening} onClick={() => void start()}>
                  开始评审
                </Button>
              </Empty>
            </Card>
          ) : (
            <ScoringForm key={w.sheet.sheetId} rubric={w.rubric} initial={w.sheet} />
          )}
        </div>
      </div>
    </Space>
  )
}
