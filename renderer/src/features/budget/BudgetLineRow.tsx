/** One budget line in the 概算审核: keep it, or set a 核定金额 with a reason; accept a finding's suggestion. */
import { Button, Input, Select, Space, Tooltip, Typography } from 'antd'
import { useState, type ReactNode } from 'react'
import type { BudgetReviewLineView } from '../../../../shared/api/budgetTypes'
import { validateLineReview } from '../../../../shared/domain/budgetReview'
import { CUT_REASONS, INCREASE_REASON, type ReviewReason } from '../../../../shared/domain/sheet'
import { articleLabel } from '../../../../shared/domain/packages/findingsView'
import { Badge } from '../../components/Badge'
import { NumberField } from '../../components/NumberField'
import { formatWan } from '../../format'

export interface LineDecision {
  lineId: string
  approvedAmount: number | null
  reason: ReviewReason | null
  note: string
}

/** The most a 核增 may reach (万元): a bound on typing, far above any real line. */
const INCREASE_MAX = 100_000_000

export function BudgetLineRow({ line, editable, onSave, onAccept, onRemove, price }: { line: BudgetReviewLineView; editable: boolean; onSave: (d: LineDecision) => void; onAccept: (findingId: string) => void; onRemove?: (lineId: string) => void; price?: ReactNode }) {
  const [approved, setApproved] = useState<number | null>(line.review?.approvedAmount ?? null)
  const [reason, setReason] = useState<ReviewReason | null>(line.review?.reason ?? null)
  const [note, setNote] = useState(line.review?.note ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  // Something typed into 核定 (not yet committed): the reason and note are open already, so Tab reaches them.
  const [typing, setTyping] = useState(false)
  const increasing = reason === INCREASE_REASON
  const open = editable && (approved !== null || typing || increasing)
  const cut = approved !== null ? line.submitted - approved : 0

  const commit = (next: { approved: number | null; reason: ReviewReason | null; note: string }) => {
    const d: LineDecision = { lineId: line.lineId, approvedAmount: next.approved, reason: next.reason, note: next.note }
    const v = validateLineReview(line, d)
    setProblem(v.ok ? null : v.message)
    if (v.ok) onSave(d)
  }
  return (
    <div className="pd-budget-row" role="listitem" data-line-id={line.lineId}>
      <div className="pd-budget-top">
        <Typography.Text strong className="pd-budget-name">
          {line.numbering ? `${line.numbering} ` : ''}
          {line.name}
          {line.added && <Badge tone="info">漏项·核增</Badge>}
        </Typography.Text>
        <span className="num">送审 {formatWan(line.submitted)}</span>
      </div>
      <div className="pd-budget-meta">
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {line.category}
        </Typography.Text>
        {line.findings.map((f) => (
          <Tooltip key={f.id} title={f.message}>
            <span>
              <Badge tone={f.severity === 'error' ? 'danger' : 'warning'}>
                {f.label ?? articleLabel(f.article)}提示{f.suggestedCut ? `：建议审减 ${formatWan(f.suggestedCut.amount)}` : f.group ? `：「${f.group}」分组审减建议见上方` : ''}
              </Badge>
              {f.suggestedCut && editable && (
                <Button size="small" type="link" onClick={() => onAccept(f.id)} aria-label={`采纳对「${line.name}」的审减建议`}>
                  采纳
                </Button>
              )}
            </span>
          </Tooltip>
        ))}
        {price}
      </div>
      <div className="pd-budget-controls">
        <Space size={4} align="start">
          <NumberField
            label={`「${line.name}」核定金额（万元）`}
            value={approved}
            decimals={2}
            rules={
              increasing
                ? { min: 0, max: INCREASE_MAX, decimals: 2 }
                : { min: 0, max: line.submitted, decimals: 2, maxLabel: `送审金额 ${formatWan(line.submitted)} 万元（确需核增请先点“核增”并说明理由）` }
            }
            commitOn="blur"
            onText={(t) => setTyping(t.trim() !== '')}
            disabled={!editable}
            placeholder="核定（不调整）"
            style={{ width: 130 }}
            onValue={(v) => {
              setApproved(v)
              commit({ approved: v, reason, note })
            }}
          />
          {cut > 0.004 && (
            <span className="pd-cut" aria-label={`审减 ${formatWan(cut)} 万元`}>
              −{formatWan(cut)}
            </span>
          )}
          {cut < -0.004 && (
            <span className="pd-increase" aria-label={`核增 ${formatWan(-cut)} 万元`}>
              +{formatWan(-cut)}
            </span>
          )}
        </Space>
        {editable && !line.added && (
          <Button
            size="small"
            aria-pressed={increasing}
            type={increasing ? 'primary' : 'default'}
            aria-label={`「${line.name}」核增`}
            onClick={() => {
              const next = increasing ? null : INCREASE_REASON
              setReason(next)
              if (approved !== null) commit({ approved, reason: next, note })
            }}
          >
            核增
          </Button>
        )}
        {editable && line.added && onRemove && (
          <Button size="small" danger aria-label={`删除漏项「${line.name}」`} onClick={() => onRemove(line.lineId)}>
            删除
          </Button>
        )}
        <Select<ReviewReason>
          aria-label={`「${line.name}」审减理由`}
          value={reason ?? undefined}
          disabled={!open}
          placeholder="审减理由"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 150 }}
          options={(increasing ? [INCREASE_REASON] : CUT_REASONS).map((r) => ({ value: r, label: r }))}
          onChange={(r) => {
            const next = (r as ReviewReason | undefined) ?? null
            setReason(next)
            commit({ approved, reason: next, note })
          }}
        />
        <Input
          aria-label={`「${line.name}」说明`}
          value={note}
          disabled={!open}
          placeholder={increasing ? '核增理由（必填）' : '说明（理由为“其他”时必填）'}
          style={{ flex: '1 1 160px', minWidth: 140 }}
          onChange={(e) => setNote(e.target.value)}
          onBlur={() => commit({ approved, reason, note })}
        />
      </div>
      {problem && (
        <Typography.Text type="danger" role="alert">
          {problem}
        </Typography.Text>
      )}
    </div>
  )
}
