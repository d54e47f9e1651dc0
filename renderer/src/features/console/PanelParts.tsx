/** Parts of the 组长's panel opinion editor: the merged summary, the 核定 overrides and the signature. */
import { App as AntApp, Button, Card, Descriptions, Form, Input, Select, Space, Typography } from 'antd'
import { useState } from 'react'
import type { BudgetLineView, PanelOpinionView } from '../../../../shared/api/secretariatTypes'
import type { AppInfo } from '../../../../shared/api/types'
import { CONCLUSION_LABELS, type Conclusion } from '../../../../shared/domain/conclusion'
import { call, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { NumberField } from '../../components/NumberField'
import { PinSignDialog } from '../../components/PinSignDialog'
import { formatTime, formatWan } from '../../format'
import { percent, score } from './labels'

const STATUS = { draft: { tone: 'warning', label: '草稿，未签署' }, signed: { tone: 'success', label: '组长已签署' }, stale: { tone: 'danger', label: '签署后数据已变化，须重新签署' } } as const

export function PanelSummary({ v }: { v: PanelOpinionView }) {
  return (
    <Descriptions size="small" bordered column={3}>
      <Descriptions.Item label="组长">{v.leader?.name}</Descriptions.Item>
      <Descriptions.Item label="状态">
        <Badge tone={STATUS[v.status].tone}>{STATUS[v.status].label}</Badge>
        {v.signedAt && ` ${formatTime(v.signedAt)}`}
      </Descriptions.Item>
      <Descriptions.Item label="签名">{v.signatureCheck ? <Badge tone={v.signatureCheck.status === 'valid' ? 'success' : 'danger'}>{v.signatureCheck.reason}</Badge> : '—'}</Descriptions.Item>
      <Descriptions.Item label="专家组总分">
        <span className="num">{score(v.total)}</span>（{v.dimensions.map((d) => `${d.name} ${score(d.score)}`).join('，')}）
      </Descriptions.Item>
      <Descriptions.Item label="按阈值建议">{CONCLUSION_LABELS[v.suggestedConclusion]}</Descriptions.Item>
      <Descriptions.Item label="投资核定">{budgetText(v)}</Descriptions.Item>
    </Descriptions>
  )
}

function budgetText(v: PanelOpinionView): string {
  const b = v.budget
  return `送审 ${formatWan(b.submittedTotal)} 万元，核定 ${formatWan(b.approvedTotal)} 万元，审减 ${b.cutTotal > 0 ? '−' : ''}${formatWan(b.cutTotal)} 万元（${percent(b.cutRate)}）`
}

type Run = (f: () => Promise<unknown>, done: string) => Promise<void>

export function OverrideCard({ projectId, v, lines, disabled, run }: { projectId: string; v: PanelOpinionView; lines: BudgetLineView[]; disabled: boolean; run: Run }) {
  const [override, setOverride] = useState<{ lineId?: string; amount: number | null; reason: string }>({ amount: null, reason: '' })
  const line = lines.find((l) => l.lineId === override.lineId)
  return (
    <Card size="small" title={`组长调整核定（已调整 ${v.budget.overrides} 行）`}>
      <Form layout="inline" onFinish={() => void run(() => call('panel.setOverride', { projectId, lineId: override.lineId!, amount: override.amount, reason: override.reason }), '已调整核定')} disabled={disabled}>
        <Form.Item label="明细行">
          <Select
            aria-label="明细行"
            style={{ width: 360 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={override.lineId}
            onChange={(lineId) => setOverride({ ...override, lineId })}
            options={lines.map((l) => ({ value: l.lineId, label: `${l.name}（送审 ${formatWan(l.submitted)}，专家组 ${formatWan(l.merged)}）` }))}
          />
        </Form.Item>
        <Form.Item label="核定（万元）">
          <NumberField
            label="核定金额"
            value={override.amount}
            decimals={2}
            rules={{ min: 0, decimals: 2, ...(line ? { max: line.submitted, maxLabel: `送审金额 ${formatWan(line.submitted)} 万元` } : {}) }}
            disabled={disabled}
            style={{ width: 130 }}
            onValue={(amount) => setOverride({ ...override, amount })}
          />
        </Form.Item>
        <Form.Item label="理由">
          <Input aria-label="调整理由" value={override.reason} onChange={(e) => setOverride({ ...override, reason: e.target.value })} />
        </Form.Item>
        <Button autoInsertSpace={false} htmlType="submit" disabled={!override.lineId}>
          调整
        </Button>
      </Form>
    </Card>
  )
}

export interface LeaderSignCardProps {
  v: PanelOpinionView
  conclusion: Conclusion | null
  readOnly: boolean
  info: AppInfo | null
  onInfo: (i: AppInfo) => void
  onReload: () => void
  beforeSign: () => Promise<void>
  onSigned: (v: PanelOpinionView) => void
}

export function LeaderSignCard(p: LeaderSignCardProps) {
  const { v } = p
  const { message } = AntApp.useApp()
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const leader = v.leader
  if (!leader) return null
  const sign = async (pin: string) => {
    setBusy(true)
    setError(null)
    try {
      await p.beforeSign()
      const r = await call('panel.sign', { projectId: v.projectId, pin })
      setOpen(false)
      void message.success('组长已签署专家组意见')
      p.onSigned(r)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  if (!v.actingIsLeader) {
    return (
      <Card size="small" title="组长签署">
        <Space orientation="vertical">
          <Typography.Text>
            专家组意见由组长{leader.name}用本人的签名密钥签署（私钥只在组长的电脑上）。{p.info?.actingExpertName ? `本机当前身份：${p.info.actingExpertName}。` : '本机当前为秘书处身份。'}
          </Typography.Text>
          <Button
            disabled={p.readOnly}
            onClick={() =>
              void call('session.actAs', { expertId: leader.id }).then(
                (i) => (p.onInfo(i), p.onReload()),
                (e: unknown) => void message.error(errorMessage(e))
              )
            }
          >
            本机切换为组长{leader.name}的身份
          </Button>
        </Space>
      </Card>
    )
  }
  return (
    <Card size="small" title="组长签署">
      <Button type="primary" disabled={p.readOnly || v.status === 'signed'} onClick={() => (setError(null), setOpen(true))}>
        {v.status === 'signed' ? '已签署' : '签署专家组意见…'}
      </Button>
      <PinSignDialog
        open={open}
        title="组长签署专家组意见"
        okText="签署"
        pinLabel="组长 PIN 码"
        summary={[
          { label: '项目', value: v.projectName },
          { label: '专家组总分', value: `${score(v.total)} 分` },
          { label: '评审结论', value: p.conclusion ? CONCLUSION_LABELS[p.conclusion] : '—' },
          { label: '投资核定', value: budgetText(v) },
          { label: '不同意见', value: v.dissent.length > 0 ? v.dissent.map((d) => `${d.name}（${CONCLUSION_LABELS[d.conclusion]}）`).join('、') : '无' }
        ]}
        note="签署后专家组意见锁定；如需修改，须点“修改并重新签署”，原签名作废后重新签署。"
        busy={busy}
        error={error}
        onSign={(pin) => void sign(pin)}
        onCancel={() => setOpen(false)}
      />
    </Card>
  )
}
