/**
 * 复核 (issue 12): per project of the meeting, its stage (评审 → 修改稿已收 → 复核中 → 复核完成), the 修改稿 versions
 * (imported from the meeting page: a package naming the digest it revises lands here), the re-reviewers, and what
 * changed from the reviewed package — the budget line by line against the signed 核定, the chapters, the lists.
 */
import { App as AntApp, Button, Card, Descriptions, Empty, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import type { ProjectVersionsView, VersionStage } from '../../../../shared/api/packageTypes'
import type { ConsoleMeeting } from '../../../../shared/api/secretariatTypes'
import { call, errorMessage } from '../../api'
import { Badge, type Tone } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { formatWan } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { ChecklistCard } from './ChecklistCard'
import { FollowupOpinionCard } from './FollowupOpinionCard'
import { VersionDiffView } from './VersionDiffView'

export const STAGE_LABELS: Record<VersionStage | 'review', string> = { review: '评审', received: '修改稿已收', rereview: '复核中', done: '复核完成' }
const STAGE_TONES: Record<VersionStage | 'review', Tone> = { review: 'neutral', received: 'info', rereview: 'warning', done: 'success' }
const STAGES: VersionStage[] = ['received', 'rereview', 'done']

export function FollowupTab({ meeting, readOnly }: { meeting: ConsoleMeeting; readOnly: boolean }) {
  const [picked, setPicked] = useState<string | null>(null)
  const projectId = picked ?? meeting.projects[0]?.id ?? null
  if (!projectId) return <Empty description="还没有项目。" />
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        建设单位的修改稿（申报包 manifest.json 中 revises 写明所修改的申报包的 SHA-256）在会议页“导入项目材料”导入后，作为该项目的新版本列在这里；送审材料和已签署的评审意见保持不变。
      </Typography.Paragraph>
      <Space wrap>
        <span>项目</span>
        <Select aria-label="选择项目" style={{ minWidth: 420 }} value={projectId} onChange={setPicked} options={meeting.projects.map((p) => ({ value: p.id, label: p.name }))} />
      </Space>
      <ProjectFollowup key={projectId} projectId={projectId} meeting={meeting} readOnly={readOnly} />
    </Space>
  )
}

function ProjectFollowup({ projectId, meeting, readOnly }: { projectId: string; meeting: ConsoleMeeting; readOnly: boolean }) {
  const q = useQuery(() => call('versions.list', { projectId }), [projectId])
  const [saved, setSaved] = useState(0)
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const v = q.data
  if (!v) return null
  const latest = v.versions.at(-1)
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span>版本</span>
            <Badge tone={STAGE_TONES[v.stage]}>{STAGE_LABELS[v.stage]}</Badge>
          </Space>
        }
      >
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="送审稿（第 1 版）">
            {v.reviewed ? `${v.reviewed.sourceName}，送审投资 ${formatWan(v.reviewed.declaredTotal)} 万元，SHA-256 ${v.reviewed.sha256.slice(0, 12)}…` : '尚无送审材料'}
          </Descriptions.Item>
          {v.versions.map((x) => (
            <Descriptions.Item key={x.id} label={`修改稿（第 ${x.version} 版）`}>
              {x.sourceName}，送审投资 {formatWan(x.declaredTotal)} 万元，导入于 {x.importedAt.slice(0, 10)}；
              {x.revisesVersion !== null ? `声明修改第 ${x.revisesVersion} 版` : '未声明所修改的版本（由秘书处指定）'}
            </Descriptions.Item>
          ))}
        </Descriptions>
        {!latest && <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>该项目还没有修改稿。</Typography.Paragraph>}
      </Card>
      {latest && <StageCard view={v} meeting={meeting} readOnly={readOnly} onChanged={() => void q.reload()} />}
      {latest && <ChecklistCard key={`${latest.id}:${latest.stage}:${latest.reviewers.map((r) => r.id).join(',')}`} versionId={latest.id} readOnly={readOnly} onChanged={() => setSaved((n) => n + 1)} />}
      {latest && <FollowupOpinionCard versionId={latest.id} refresh={saved + latest.reviewers.length * 1000 + STAGES.indexOf(latest.stage as VersionStage)} readOnly={readOnly} />}
      {latest && <VersionDiffView versionId={latest.id} version={latest.version} />}
    </Space>
  )
}

function StageCard({ view, meeting, readOnly, onChanged }: { view: ProjectVersionsView; meeting: ConsoleMeeting; readOnly: boolean; onChanged: () => void }) {
  const { message } = AntApp.useApp()
  const latest = view.versions.at(-1)!
  const [reviewers, setReviewers] = useState<string[]>(latest.reviewers.map((r) => r.id))
  const [busy, setBusy] = useState(false)
  const locked = readOnly || view.arrangeRefusal !== ''
  const save = async (stage?: VersionStage) => {
    setBusy(true)
    try {
      await call('versions.update', { versionId: latest.id, reviewers, ...(stage ? { stage } : {}) })
      message.success(stage ? `已进入“${STAGE_LABELS[stage]}”` : '已保存复核专家')
      onChanged()
    } catch (e) {
      message.error(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title="复核安排">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {view.arrangeRefusal && <Typography.Text type="secondary">{view.arrangeRefusal}</Typography.Text>}
        <Space wrap>
          <span id="followup-reviewers">复核专家</span>
          <Select
            aria-labelledby="followup-reviewers"
            mode="multiple"
            style={{ minWidth: 420 }}
            disabled={locked}
            value={reviewers}
            onChange={setReviewers}
            placeholder="选择复核专家（通常为组长）"
            options={meeting.experts.map((e) => ({ value: e.id, label: `${e.name}（${e.unit}）` }))}
          />
          <Button disabled={locked || busy} onClick={() => void save()}>
            保存复核专家
          </Button>
        </Space>
        <Space wrap>
          <span>阶段：</span>
          {STAGES.map((s) => (
            <Button key={s} type={latest.stage === s ? 'primary' : 'default'} disabled={locked || busy || latest.stage === s} onClick={() => void save(s)}>
              {STAGE_LABELS[s]}
            </Button>
          ))}
        </Space>
      </Space>
    </Card>
  )
}
