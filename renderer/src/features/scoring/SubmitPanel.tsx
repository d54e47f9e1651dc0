/**
 * 提交并签名: checks what is missing (and takes the expert there), then asks for the PIN — showing what is signed:
 * project, total, conclusion and 审减 — and signs. After submission shows the signature check of the stored revision.
 */
import { Alert, Button, Card, Descriptions, Space, Typography, App as AntApp } from 'antd'
import { useState } from 'react'
import type { SheetView } from '../../../../shared/api/types'
import { CONCLUSION_LABELS } from '../../../../shared/domain/conclusion'
import type { SubmissionProblem } from '../../../../shared/domain/submission'
import { call, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { PinSignDialog, type SignedItem } from '../../components/PinSignDialog'
import { formatTime, formatWan } from '../../format'
import { focusProblem } from './focus'

export interface SubmitPanelProps {
  sheet: SheetView
  projectName: string
  total: number
  totalPoints: number
  beforeSubmit: () => Promise<void>
  onSubmitted: (s: SheetView) => void
  /** The reason for a conclusion that departs from the suggestion, as typed ('' when none). */
  conclusionReason?: string
}

export function SubmitPanel(props: SubmitPanelProps) {
  const { sheet, beforeSubmit, onSubmitted } = props
  const [problems, setProblems] = useState<SubmissionProblem[] | null>(null)
  const [summary, setSummary] = useState<SignedItem[] | null>(null)
  const [busy, setBusy] = useState(false)
  const [pinError, setPinError] = useState<string | null>(null)
  const { message } = AntApp.useApp()

  if (sheet.status !== 'draft') return <SubmittedCard sheet={sheet} />

  const check = async () => {
    setBusy(true)
    try {
      await beforeSubmit()
      const r = await call('sheets.check', { sheetId: sheet.sheetId })
      setProblems(r.problems)
      if (r.problems.length === 0) {
        const budget = await call('budgetReview.get', { projectId: sheet.projectId })
        setPinError(null)
        setSummary(signedSummary(props, budget.lines.length > 0 ? budget.totals : null))
      }
    } catch (err) {
      void message.error(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  const submit = async (pin: string) => {
    setBusy(true)
    setPinError(null)
    try {
      const s = await call('sheets.submit', { sheetId: sheet.sheetId, pin })
      setSummary(null)
      void message.success('评分表已签名提交')
      onSubmitted(s)
    } catch (err) {
      setPinError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title="提交评分表">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">提交时用您的 PIN 码解锁本机私钥，对评分表内容进行 SM2 签名。提交后不能再修改。</Typography.Text>
        {problems && problems.length > 0 && <ProblemList problems={problems} />}
        <Button type="primary" size="large" loading={busy && !summary} onClick={() => void check()}>
          检查并提交
        </Button>
      </Space>
      <PinSignDialog
        open={summary !== null}
        title="输入 PIN 码签名提交"
        okText="签名并提交"
        summary={summary ?? []}
        note="提交后评分表将被锁定，如需修改须由秘书处退回。"
        busy={busy}
        error={pinError}
        onSign={(pin) => void submit(pin)}
        onCancel={() => setSummary(null)}
      />
    </Card>
  )
}

type BudgetTotals = { overall: { submitted: number; cut: number; cutRate: number }; changedLines: number }

function signedSummary(p: SubmitPanelProps, budget: BudgetTotals | null): SignedItem[] {
  const c = p.sheet.conclusion
  const cut = budget
    ? budget.overall.cut > 0
      ? `审减 ${formatWan(budget.overall.cut)} 万元（${(budget.overall.cutRate * 100).toFixed(2)}%，调整 ${budget.changedLines} 行；送审 ${formatWan(budget.overall.submitted)} 万元）`
      : `未审减（送审 ${formatWan(budget.overall.submitted)} 万元）`
    : '无概算表'
  return [
    { label: '项目', value: p.projectName },
    { label: '总分', value: `${p.total.toFixed(1)} / ${p.totalPoints} 分` },
    { label: '评审结论', value: c ? CONCLUSION_LABELS[c] : '—' },
    ...(p.conclusionReason?.trim() ? [{ label: '不同于建议结论的理由', value: p.conclusionReason.trim() }] : []),
    { label: '概算审减', value: cut },
    { label: '主要问题 / 修改建议', value: `${p.sheet.mainProblems.length} 条 / ${p.sheet.suggestions.length} 条` }
  ]
}

function ProblemList({ problems }: { problems: SubmissionProblem[] }) {
  return (
    <Alert
      type="warning"
      showIcon
      title={`还有 ${problems.length} 项需要完成`}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="submit-problems">
          {problems.map((p, i) => (
            <li key={i}>
              {p.message}{' '}
              {(p.kind === 'score' || p.kind === 'opinion' || p.kind === 'conclusion') && (
                <Button type="link" size="small" onClick={() => focusProblem(p)}>
                  去填写
                </Button>
              )}
              {p.kind === 'key' && (
                <Button type="link" size="small" href="#/identity">
                  去生成密钥
                </Button>
              )}
            </li>
          ))}
        </ul>
      }
    />
  )
}

function SubmittedCard({ sheet }: { sheet: SheetView }) {
  const c = sheet.check
  return (
    <Card title="已提交并签名" data-testid="submitted">
      <Descriptions column={1} size="small">
        <Descriptions.Item label="提交时间">{sheet.submittedAt ? formatTime(sheet.submittedAt) : '—'}</Descriptions.Item>
        <Descriptions.Item label="签名验证">
          {c ? <Badge tone={c.status === 'valid' ? 'success' : 'danger'}>{c.label}</Badge> : '—'} {c?.reason}
        </Descriptions.Item>
        <Descriptions.Item label="内容摘要（SM3）">{c?.digestShort}</Descriptions.Item>
        <Descriptions.Item label="签名编号">{c?.signatureId}</Descriptions.Item>
        <Descriptions.Item label="公钥指纹">{c?.fingerprint}</Descriptions.Item>
        {sheet.status === 'reopened' && <Descriptions.Item label="已被秘书处退回">{sheet.reopenReason}</Descriptions.Item>}
      </Descriptions>
    </Card>
  )
}
