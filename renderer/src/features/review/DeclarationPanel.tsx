/** 回避声明 for one project: what the app found, and the expert's declaration (无利害关系 or 申请回避). */
import { Alert, Button, Card, Input, Radio, Space, Typography } from 'antd'
import { useState } from 'react'
import type { ConflictView } from '../../../../shared/api/reviewTypes'
import { call, ClientError, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { formatTime } from '../../format'
import { useQuery } from '../../hooks/useQuery'

export function DeclarationPanel({ projectId, onDeclared }: { projectId: string; onDeclared: (v: ConflictView) => void }) {
  const q = useQuery(() => call('review.conflicts', { projectId }), [projectId])
  const v = q.data
  if (!v) return null
  return (
    <DeclarationForm
      key={v.declaration?.declaredAt ?? 'new'}
      view={v}
      onDeclared={(nv) => {
        q.setData(nv)
        onDeclared(nv)
      }}
      onStale={() => void q.reload()}
    />
  )
}

function DeclarationForm({ view, onDeclared, onStale }: { view: ConflictView; onDeclared: (v: ConflictView) => void; onStale: () => void }) {
  const [kind, setKind] = useState<'none' | 'recuse'>(view.declaration?.kind ?? (view.conflicts.length ? 'recuse' : 'none'))
  const [reason, setReason] = useState(view.declaration?.reason ?? '')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const reasonRequired = kind === 'recuse' || view.conflicts.length > 0
  const submit = async () => {
    // The same rule the backend applies, shown at the field before anything is sent.
    if (reasonRequired && !reason.trim()) {
      setProblem(kind === 'recuse' ? '申请回避时请说明理由' : '系统发现您的单位与本项目有关联，如确无利害关系，请说明理由')
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      // The warnings on screen go with the declaration: the backend records them, or refuses when they are stale.
      const shownConflicts = view.conflicts.map((c) => c.description)
      onDeclared(await call('review.declare', { projectId: view.projectId, kind, reason, shownConflicts }))
    } catch (err) {
      setProblem(errorMessage(err))
      // Stale warnings: show the current ones (the form keeps what was typed: its key is the declaration time).
      if (err instanceof ClientError && err.code === 'conflict') onStale()
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title="回避声明" data-testid="declaration">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {view.conflicts.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            title="系统发现您的单位与本项目有关联"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {view.conflicts.map((c) => (
                  <li key={`${c.projectRole}-${c.expertUnit}`}>{c.description}</li>
                ))}
              </ul>
            }
          />
        ) : (
          <Typography.Text type="secondary">未发现您的工作单位（含曾任职单位）与本项目建设单位、编制单位有关联。</Typography.Text>
        )}
        {view.declaration && (
          <div>
            当前声明：{view.declaration.kind === 'none' ? <Badge tone="success">无利害关系</Badge> : <Badge tone="warning">申请回避</Badge>}
            <Typography.Text type="secondary">（{formatTime(view.declaration.declaredAt)}）</Typography.Text>
          </div>
        )}
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as 'none' | 'recuse')}>
          <Radio value="none">本人与该项目无利害关系</Radio>
          <Radio value="recuse">申请回避</Radio>
        </Radio.Group>
        <Input.TextArea
          aria-label="声明理由"
          aria-invalid={problem ? true : undefined}
          aria-required={reasonRequired}
          status={problem ? 'error' : undefined}
          value={reason}
          count={{ show: true, max: 2000 }}
          onChange={(e) => {
            setReason(e.target.value)
            setProblem(null)
          }}
          autoSize={{ minRows: 2, maxRows: 5 }}
          placeholder={kind === 'recuse' ? '请说明回避理由（必填）' : view.conflicts.length ? '系统发现关联，请说明为何无利害关系（必填）' : '可选'}
        />
        {problem && (
          <Typography.Text type="danger" role="alert">
            {problem}
          </Typography.Text>
        )}
        <Button type="primary" loading={busy} onClick={() => void submit()}>
          {view.declaration ? '更新声明' : '确认声明'}
        </Button>
      </Space>
    </Card>
  )
}
