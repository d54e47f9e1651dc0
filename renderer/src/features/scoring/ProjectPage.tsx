/**
 * The project workspace: the proposal on the left, the expert's side on the right (ExpertSide). The two panes fill
 * the window below the title and scroll on their own, so the proposal stays readable while the form is scrolled
 * (issue 11 item 3). Alt+← / Alt+→ move to the previous / next project.
 */
import { Breadcrumb, Button, Card, Descriptions, Space, Spin, Typography, App as AntApp } from 'antd'
import { useMemo, useState } from 'react'
import type { ProjectWorkspace } from '../../../../shared/api/types'
import { call, errorMessage } from '../../api'
import { ClosedBanner } from '../../components/ClosedBanner'
import { PageError } from '../../components/PageError'
import { PageTitle } from '../../components/PageTitle'
import { formatWan } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { navigate } from '../../hooks/useRoute'
import type { Shortcut } from '../../hooks/useShortcuts'
import { SplitView } from '../../components/SplitView'
import { MaterialViewer } from '../packages/MaterialViewer'
import { ExpertSide } from './ExpertSide'

function useNeighbours(meetingId: string | undefined, projectId: string) {
  const meeting = useQuery(() => (meetingId ? call('meetings.get', { meetingId }) : Promise.resolve(null)), [meetingId])
  return useMemo(() => {
    const list = meeting.data?.projects ?? []
    const i = list.findIndex((p) => p.id === projectId)
    const prev = i > 0 ? list[i - 1] : undefined
    const next = i >= 0 && i < list.length - 1 ? list[i + 1] : undefined
    const go = (p: { id: string } | undefined) => p && navigate({ page: 'project', projectId: p.id })
    const shortcuts: Shortcut[] = [
      { keys: 'Alt+ArrowLeft', label: '上一个项目', run: () => go(prev) },
      { keys: 'Alt+ArrowRight', label: '下一个项目', run: () => go(next) }
    ]
    return { prev, next, go, shortcuts }
  }, [meeting.data, projectId])
}

export function ProjectPage({ projectId }: { projectId: string }) {
  const q = useQuery(() => call('projects.workspace', { projectId }), [projectId])
  const meetingId = q.data?.meeting.id
  const expertId = q.data?.expert?.id
  const commitment = useQuery(() => (meetingId && expertId ? call('review.commitment', { meetingId }) : Promise.resolve(null)), [meetingId, expertId])
  const conflicts = useQuery(() => (expertId ? call('review.conflicts', { projectId }) : Promise.resolve(null)), [projectId, expertId])
  const nb = useNeighbours(meetingId, projectId)
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
    <div className="pd-project">
      <Breadcrumb items={[{ title: <a href="#/">评审会议</a> }, { title: <a href={`#/meetings/${w.meeting.id}`}>{w.meeting.name}</a> }, { title: w.project.name }]} />
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <PageTitle>{w.project.name}</PageTitle>
        <Space>
          <Button disabled={!nb.prev} onClick={() => nb.go(nb.prev)}>
            上一个项目
          </Button>
          <Button disabled={!nb.next} onClick={() => nb.go(nb.next)}>
            下一个项目
          </Button>
        </Space>
      </Space>
      {w.meeting.status === 'closed' && <ClosedBanner />}
      <SplitView
        left={<MaterialViewer projectId={projectId} canWrite={!!w.expert} overview={<ProjectOverview w={w} />} />}
        right={
          <ExpertSide
            w={w}
            committed={commitment.data ? !!commitment.data.acceptedAt : w.expert ? null : false}
            declaration={conflicts.data ? conflicts.data.declaration : undefined}
            opening={opening}
            onStart={() => void start()}
            onCommitted={() => void commitment.reload()}
            onDeclared={() => void conflicts.reload()}
            onSubmitted={() => void q.reload()}
            shortcuts={nb.shortcuts}
          />
        }
      />
    </div>
  )
}

function ProjectOverview({ w }: { w: ProjectWorkspace }) {
  return (
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
  )
}
