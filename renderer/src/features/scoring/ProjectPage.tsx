/**
 * The project workspace: the proposal on the left, the expert's side on the right — the 承诺书 and 回避 declaration
 * first, then the scoring form, submission and revisions. Alt+← / Alt+→ move to the previous / next project.
 */
import { Alert, Breadcrumb, Button, Card, Descriptions, Empty, Space, Spin, Tabs, Typography, App as AntApp } from 'antd'
import { useMemo, useState } from 'react'
import { call, errorMessage } from '../../api'
import { ClosedBanner } from '../../components/ClosedBanner'
import { PageError } from '../../components/PageError'
import { formatWan, sentence } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { navigate } from '../../hooks/useRoute'
import type { Shortcut } from '../../hooks/useShortcuts'
import { CommitmentCard } from '../review/CommitmentCard'
import { DeclarationPanel } from '../review/DeclarationPanel'
import { RevisionsCard } from './RevisionsCard'
import { DeviationNotesCard } from './DeviationNotesCard'
import { SplitView } from '../../components/SplitView'
import { MaterialViewer } from '../packages/MaterialViewer'
import { ScoringForm } from './ScoringForm'
import { BudgetReviewPanel } from '../budget/BudgetReviewPanel'

export function ProjectPage({ projectId }: { projectId: string }) {
  const q = useQuery(() => call('projects.workspace', { projectId }), [projectId])
  const meetingId = q.data?.meeting.id
  const meeting = useQuery(() => (meetingId ? call('meetings.get', { meetingId }) : Promise.resolve(null)), [meetingId])
  const commitment = useQuery(() => (meetingId && q.data?.expert ? call('review.commitment', { meetingId }) : Promise.resolve(null)), [meetingId, q.data?.expert?.id])
  const conflicts = useQuery(() => (q.data?.expert ? call('review.conflicts', { projectId }) : Promise.resolve(null)), [projectId, q.data?.expert?.id])
  const [opening, setOpening] = useState(false)
  const { message } = AntApp.useApp()

  const neighbours = useMemo(() => {
    const list = meeting.data?.projects ?? []
    const i = list.findIndex((p) => p.id === projectId)
    return { prev: i > 0 ? list[i - 1] : undefined, next: i >= 0 && i < list.length - 1 ? list[i + 1] : undefined }
  }, [meeting.data, projectId])
  const projectShortcuts: Shortcut[] = useMemo(
    () => [
      { keys: 'Alt+ArrowLeft', label: '上一个项目', run: () => neighbours.prev && navigate({ page: 'project', projectId: neighbours.prev.id }) },
      { keys: 'Alt+ArrowRight', label: '下一个项目', run: () => neighbours.next && navigate({ page: 'project', projectId: neighbours.next.id }) }
    ],
    [neighbours]
  )

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
  const declaration = conflicts.data?.declaration ?? null
  const committed = !!commitment.data?.acceptedAt
  const reopenedLatest = w.sheet?.status === 'reopened'
  const closed = w.meeting.status === 'closed'

  let right: React.ReactNode
  if (!w.expert) {
    right = <Alert type="info" showIcon title="本机尚未选择评审身份" description="请在会议页面的专家列表中选择“以此身份评审”。" />
  } else if (!commitment.data || !conflicts.data) {
    right = <Spin />
  } else if (closed && !w.sheet) {
    right = <Alert type="info" showIcon title="会议已关闭，本项目没有您的评分表。" />
  } else if (!committed && !closed) {
    right = <CommitmentCard meetingId={w.meeting.id} onAccepted={() => void commitment.reload()} />
  } else if (!w.sheet || ((reopenedLatest || declaration?.kind === 'recuse') && !closed)) {
    right = (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <DeclarationPanel projectId={projectId} onDeclared={() => void conflicts.reload()} />
        {declaration?.kind === 'recuse' ? (
          <Alert type="warning" showIcon title="您已申请回避该项目，不能评分。" description="如声明有误，可在上方更新声明。" />
        ) : declaration?.kind === 'none' ? (
          <Card>
            <Empty description={reopenedLatest ? `秘书处退回了您的评分表：${sentence(w.sheet?.reopenReason ?? '')}继续评审会生成新的一版，原签名版本保留备查。` : `专家：${w.expert.name}。开始评审后，评分和意见会随输入自动保存。`}>
              <Button type="primary" loading={opening} onClick={() => void start()}>
                {reopenedLatest ? '继续评审（新版本）' : '开始评审'}
              </Button>
            </Empty>
          </Card>
        ) : null}
        {w.sheet && <RevisionsCard projectId={projectId} version={w.sheet.updatedAt} />}
      </Space>
    )
  } else {
    right = (
      <Tabs
        defaultActiveKey="scoring"
        items={[
          {
            key: 'scoring',
            label: '评分与意见',
            children: (
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                {w.sheet.status === 'submitted' && <DeviationNotesCard projectId={projectId} version={w.sheet.sheetId} />}
                <ScoringForm key={`${w.sheet.sheetId}:${w.sheet.status}`} rubric={w.rubric} initial={w.sheet} projectName={w.project.name} onSubmitted={() => void q.reload()} extraShortcuts={projectShortcuts} closed={closed} />
                <RevisionsCard projectId={projectId} version={w.sheet.status + w.sheet.updatedAt} />
              </Space>
            )
          },
          { key: 'budget', label: '概算审核', children: <BudgetReviewPanel projectId={projectId} version={w.sheet.sheetId + w.sheet.status} closed={closed} /> }
        ]}
      />
    )
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <a href="#/">评审会议</a> }, { title: <a href={`#/meetings/${w.meeting.id}`}>{w.meeting.name}</a> }, { title: w.project.name }]} />
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {w.project.name}
        </Typography.Title>
        <Space>
          <Button disabled={!neighbours.prev} onClick={() => neighbours.prev && navigate({ page: 'project', projectId: neighbours.prev.id })}>
            上一个项目
          </Button>
          <Button disabled={!neighbours.next} onClick={() => neighbours.next && navigate({ page: 'project', projectId: neighbours.next.id })}>
            下一个项目
          </Button>
        </Space>
      </Space>
      {closed && <ClosedBanner />}
      <SplitView
        left={
          <MaterialViewer
            projectId={projectId}
            canWrite={!!w.expert}
            overview={
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
            }
          />
        }
        right={<div>{right}</div>}
      />
    </Space>
  )
}
