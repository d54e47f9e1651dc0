/**
 * One budget line in the 概算审核: keep it, or set a 核定金额 with a reason; accept a finding's suggestion. Two
 * compact rows (name, findings, 送审; then the decision) so that many lines fit the pane. A decision the sheet
 * cannot take yet (an amount without a reason) is kept as a marked local draft (budgetDrafts.ts), never dropped.
 * The reason select filters as the expert types, and has no clear button: Tab from it goes straight to 说明 (an
 * English "Clear" button used to sit in between and pass the typed 说明 to the select's search box).
 */
import { Button, Input, Select, Tooltip, Typography } from 'antd'
import { useState, type ReactNode } from 'react'
import type { BudgetReviewLineView } from '../../../../shared/api/budgetTypes'
import { validateLineReview } from '../../../../shared/domain/budgetReview'
import { CUT_REASONS, INCREASE_REASON, type ReviewReason } from '../../../../shared/domain/sheet'
import { articleLabel } from '../../../../shared/domain/packages/findingsView'
import { Badge } from '../../components/Badge'
import { NumberField } from '../../components/NumberField'
import { formatWan } from '../../format'
import type { LineDraft } from './budgetDrafts'

export interface LineDecision {
  lineId: string
  approvedAmount: number | null
  reason: ReviewReason | null
  note: string
}

export interface BudgetLineRowProps {
  line: BudgetReviewLineView
  editable: boolean
  onSave: (d: LineDecision) => void
  onAccept: (findingId: string) => void
  price?: ReactNode
  /** A locally kept incomplete decision for this line, shown instead of the saved one. */
  draft?: LineDraft
  onDraft: (lineId: string, draft: LineDraft | null) => void
  /** Removes an added (漏项) line. */
  onRemove?: (lineId: string) => void
}

/** The most a 核增 may reach (万元): a bound on typing, far above any real line. */
const INCREASE_MAX = 100_000_000

export function BudgetLineRow({ line, editable, onSave, onAccept, price, draft, onDraft, onRemove }: BudgetLineRowProps) {
  const [approved, setApproved] = useState<number | null>(draft ? draft.approved : (line.review?.approvedAmount ?? null))
  const [reason, setReason] = useState<ReviewReason | null>(draft ? draft.reason : (line.review?.reason ?? null))
  const [note, setNote] = useState(draft ? draft.note : (line.review?.note ?? ''))
  const [problem, setProblem] = useState<string | null>(draft ? (validateOf(line, draft) ?? null) : null)
  // Something typed into 核定 (not yet committed): the reason and note are open already, so Tab reaches them.
  const [typing, setTyping] = useState(false)
  const increasing = reason === INCREASE_REASON
  const open = editable && (approved !== null || typing || increasing)
  const cut = approved !== null ? line.submitted - approved : 0

  const commit = (next: LineDraft) => {
    const message = validateOf(line, next)
    setProblem(message ?? null)
    if (message) {
      onDraft(line.lineId, next)
      return
    }
    onDraft(line.lineId, null)
    onSave({ lineId: line.lineId, approvedAmount: next.approved, reason: next.reason, note: next.note })
  }
  return (
    <div className={`pd-budget-row${problem ? ' pd-budget-draft' : ''}`} role="listitem" data-line-id={line.lineId}>
      <div className="pd-budget-top">
        <Typography.Text strong className="pd-budget-name" title={line.name}>
          {line.numbering ? `${line.numbering} ` : ''}
          {line.name}
          {line.added && <Badge tone="info">漏项·核增</Badge>}
        </Typography.Text>
        <Typography.Text type="secondary" className="pd-budget-cat">
          {line.category}
        </Typography.Text>
        <span className="num pd-budget-sub">送审 {formatWan(line.submitted)}</span>
        {editable && !line.added && (
          <Button
            size="small"
            className="pd-budget-increase"
            aria-pressed={increasing}
            type={increasing ? 'primary' : 'link'}
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
      </div>
      {(line.findings.length > 0 || price) && (
        <div className="pd-budget-meta">
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
      )}
      <div className="pd-budget-controls">
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
          style={{ width: 128 }}
          onValue={(v) => {
            setApproved(v)
            commit({ approved: v, reason, note })
          }}
        />
        <span
          className={`${cut < -0.004 ? 'pd-increase' : 'pd-cut'} pd-budget-cut`}
          aria-label={cut > 0.004 ? `审减 ${formatWan(cut)} 万元` : cut < -0.004 ? `核增 ${formatWan(-cut)} 万元` : undefined}
        >
          {cut > 0.004 ? `−${formatWan(cut)}` : cut < -0.004 ? `+${formatWan(-cut)}` : ''}
        </span>
        <Select<ReviewReason>
          aria-label={`「${line.name}」审减理由`}
          value={reason ?? undefined}
          disabled={!open}
          placeholder="审减理由"
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 140 }}
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
          style={{ flex: '1 1 140px', minWidth: 120 }}
          onChange={(e) => setNote(e.target.value)}
          onBlur={() => commit({ approved, reason, note })}
        />
      </div>
      {problem && (
        <Typography.Text type="danger" role="alert" className="pd-budget-problem">
          草稿未保存：{problem}（已保留在本机，补全后自动保存）
        </Typography.Text>
      )}
    </div>
  )
}

function validateOf(line: BudgetReviewLineView, d: LineDraft): string | undefined {
  const v = validateLineReview(line, { lineId: line.lineId, approvedAmount: d.approved, reason: d.reason, note: d.note })
  return v.ok ? undefined : v.message
}
