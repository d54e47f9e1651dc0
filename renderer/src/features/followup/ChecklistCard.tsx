/**
 * 整改落实 (issue 12): each 主要问题 and 修改建议 of the signed 专家组评审意见, the 建设单位's answer from the 修改说明
 * (or typed in when matching failed), the re-reviewer's verdict 已落实 / 部分落实 / 未落实 with a note, and links to
 * the changed budget lines and chapters of the comparison below. Verdicts are radio groups (Tab to a row, arrow
 * keys to choose); each change is saved at once, and a refusal is shown at its field with what was typed kept.
 */
import { Alert, Card, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import { VERDICT_LABELS, type ChecklistView } from '../../../../shared/api/followupTypes'
import { call } from '../../api'
import { Badge } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { useQuery } from '../../hooks/useQuery'
import { ChecklistItem } from './ChecklistItem'

const SOURCE_LABELS = { table: '修改说明表', document: '修改说明文档', section: '文档中的“修改说明”一节', none: '' } as const

export function ChecklistCard({ versionId, readOnly, onChanged }: { versionId: string; readOnly: boolean; onChanged?: () => void }) {
  const q = useQuery(() => call('versions.checklist', { versionId }), [versionId])
  const [reviewerId, setReviewerId] = useState<string | null>(null)
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const v = q.data
  if (!v) return <Card loading title="整改落实情况" />
  const recorder = reviewerId ?? v.reviewers[0]?.id ?? ''
  const locked = readOnly || v.readOnlyReason !== ''
  return (
    <Card
      title={
        <Space wrap>
          <span>整改落实情况</span>
          <Badge tone="success">{VERDICT_LABELS.done} {v.counts.done}</Badge>
          <Badge tone="warning">{VERDICT_LABELS.partial} {v.counts.partial}</Badge>
          <Badge tone="danger">{VERDICT_LABELS.open} {v.counts.open}</Badge>
          <Badge tone="neutral">待核 {v.counts.pending}</Badge>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {v.source.kind === 'none' ? v.source.note : `建设单位的答复读自${SOURCE_LABELS[v.source.kind]}“${v.source.path}”。${v.source.note}`}
        </Typography.Text>
        {v.opinionNote && <Alert type="warning" showIcon message={v.opinionNote} />}
        {v.readOnlyReason && <Alert type="info" showIcon message={v.readOnlyReason} />}
        {v.reviewers.length > 0 && (
          <Space wrap>
            <span id="checklist-recorder">记录人（复核专家）</span>
            <Select aria-labelledby="checklist-recorder" style={{ minWidth: 200 }} value={recorder} onChange={setReviewerId} disabled={locked} options={v.reviewers.map((r) => ({ value: r.id, label: r.name }))} />
          </Space>
        )}
        {v.rows.map((row) => (
          <ChecklistItem key={`${row.kind}:${row.number}`} versionId={versionId} row={row} reviewerId={recorder} locked={locked} onSaved={(next: ChecklistView) => (q.setData(next), onChanged?.())} />
        ))}
        {v.unmatched.length > 0 && (
          <Alert
            type="warning"
            showIcon
            message={`修改说明中有 ${v.unmatched.length} 条答复未能对应到评审意见`}
            description={v.unmatched.slice(0, 20).map((u, i) => (
              <div key={i}>
                {u.number !== null ? `第 ${u.number} 条` : '无编号'}：{u.quote ? `“${u.quote}”——` : ''}
                {u.answer}
              </div>
            ))}
          />
        )}
      </Space>
    </Card>
  )
}
