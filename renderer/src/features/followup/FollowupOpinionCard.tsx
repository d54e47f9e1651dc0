/**
 * 专家组复核意见 (issue 12, item 4): who signs (the 组长 first, then every named re-reviewer), whether each signed
 * exactly what is composed now, the 组长's conclusion and remarks, signing with the PIN dialog on the signer's own
 * laptop (the card in 我的评审's re-review task; the signature reaches the secretariat through sync), the signatures
 * received that do not count and why, and export of the Word document (written into the data folder's export folder
 * and offered for saving). A change to the checklist after signing shows the signatures as 需重新签署 and the export
 * waits.
 */
import { Alert, App as AntApp, Button, Card, Descriptions, Input, Radio, Space, Typography } from 'antd'
import { useState } from 'react'
import type { FollowupExport, FollowupOpinionView } from '../../../../shared/api/followupTypes'
import { call, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { PinSignDialog } from '../../components/PinSignDialog'
import { useQuery } from '../../hooks/useQuery'
import { saveBlob } from '../../transfer'

const STATE = { unsigned: ['neutral', '未签署'], signed: ['success', '已签署'], stale: ['warning', '需重新签署'] } as const
const CONCLUSION = { agree: '同意', revise: '仍需修改' } as const

function download(x: FollowupExport): void {
  const bytes = Uint8Array.from(atob(x.base64), (c) => c.charCodeAt(0))
  saveBlob(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }), x.fileName)
}

export function FollowupOpinionCard({ versionId, refresh, readOnly }: { versionId: string; refresh: number; readOnly: boolean }) {
  const q = useQuery(() => call('versions.followup', { versionId }), [versionId, refresh])
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const v = q.data
  if (!v) return <Card loading title="专家组复核意见" />
  return <Loaded v={v} readOnly={readOnly} onChanged={(next) => q.setData(next)} />
}

function Loaded({ v, readOnly, onChanged }: { v: FollowupOpinionView; readOnly: boolean; onChanged: (v: FollowupOpinionView) => void }) {
  const { message } = AntApp.useApp()
  const acting = v.signers.find((s) => s.id === v.actingSignerId) ?? null
  const [conclusion, setConclusion] = useState<'agree' | 'revise' | null>(v.conclusion)
  const [remarks, setRemarks] = useState(v.remarks)
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [exported, setExported] = useState<FollowupExport | null>(null)
  const locked = readOnly || v.blocked !== ''
  const sign = async (pin: string) => {
    setBusy(true)
    setError(null)
    try {
      const next = await call('versions.followupSign', { versionId: v.versionId, pin, ...(acting?.leader ? { conclusion: conclusion ?? undefined, remarks } : {}) })
      setOpen(false)
      void message.success('已签署专家组复核意见')
      onChanged(next)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const exportDoc = async () => {
    setBusy(true)
    try {
      const x = await call('versions.followupExport', { versionId: v.versionId })
      setExported(x)
      download(x)
    } catch (e) {
      void message.error(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title="专家组复核意见">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {v.blocked && <Alert type="info" showIcon message={v.blocked} />}
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="落实情况">
            已落实 {v.counts.done} 条，部分落实 {v.counts.partial} 条，未落实 {v.counts.open} 条；未按核定调整的概算项目 {v.counts.notAsApproved} 项
          </Descriptions.Item>
          <Descriptions.Item label="复核结论">{v.conclusion ? CONCLUSION[v.conclusion] : '组长签署时给出'}</Descriptions.Item>
          {v.remarks ? <Descriptions.Item label="复核意见">{v.remarks}</Descriptions.Item> : null}
          <Descriptions.Item label="签署">
            <Space wrap>
              {v.signers.map((s) => (
                <span key={s.id}>
                  {s.leader ? '组长' : '复核专家'}
                  {s.name} <Badge tone={STATE[s.state][0]}>{STATE[s.state][1]}</Badge>
                  {s.legacy ? <Badge tone="neutral">旧版本签名</Badge> : null}
                </span>
              ))}
            </Space>
            {v.signers
              .filter((s) => s.legacy)
              .map((s) => (
                <div key={s.id}>
                  <Typography.Text type="secondary">
                    {s.name}：{s.legacy}
                  </Typography.Text>
                </div>
              ))}
          </Descriptions.Item>
        </Descriptions>
        {v.refused.length > 0 && (
          <Alert
            type="warning"
            showIcon
            message="收到的签名中有未采用的"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {v.refused.map((r) => (
                  <li key={r.id}>{r.reason}</li>
                ))}
              </ul>
            }
          />
        )}
        {!acting && v.signers.length > 0 && (
          <Typography.Text type="secondary">
            复核意见由组长和复核专家在本人的电脑上用本人的签名密钥签署（我的评审 → 复核任务），签名经同步送达秘书处，在此按登记的公钥核验。
          </Typography.Text>
        )}
        {acting?.leader && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Radio.Group aria-label="复核结论" disabled={locked} value={conclusion} onChange={(e) => setConclusion(e.target.value as 'agree' | 'revise')}>
              <Radio value="agree">同意</Radio>
              <Radio value="revise">仍需修改</Radio>
            </Radio.Group>
            <label htmlFor="followup-remarks">复核意见（可选）</label>
            <Input.TextArea id="followup-remarks" disabled={locked} value={remarks} onChange={(e) => setRemarks(e.target.value)} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} showCount />
          </Space>
        )}
        <Space wrap>
          {acting && (
            <Button type="primary" disabled={locked || busy || (acting.leader && !conclusion)} onClick={() => (setError(null), setOpen(true))}>
              {acting.state === 'signed' ? `${acting.name}已签署（重新签署…）` : `以${acting.name}的身份签署…`}
            </Button>
          )}
          <Button disabled={busy || v.exportReason !== ''} onClick={() => void exportDoc()}>
            导出专家组复核意见
          </Button>
          {v.exportReason && !v.blocked && <Typography.Text type="secondary">{v.exportReason}</Typography.Text>}
        </Space>
        {exported && <Alert type="success" showIcon message={`已导出：${exported.path}`} description="可在“验证文档”中核验。" />}
      </Space>
      <PinSignDialog
        open={open}
        title="签署专家组复核意见"
        okText="签署"
        summary={[
          { label: '复核结论', value: acting?.leader ? (conclusion ? CONCLUSION[conclusion] : '（未选择）') : v.conclusion ? CONCLUSION[v.conclusion] : '' },
          { label: '落实情况', value: `已落实 ${v.counts.done}，部分落实 ${v.counts.partial}，未落实 ${v.counts.open}` },
          { label: '投资', value: `未按核定调整 ${v.counts.notAsApproved} 项` }
        ]}
        note={acting?.leader ? '其他复核专家将签署与您相同的内容。' : '您签署的是组长已签署的复核意见。'}
        busy={busy}
        error={error}
        onSign={(pin) => void sign(pin)}
        onCancel={() => setOpen(false)}
      />
    </Card>
  )
}
