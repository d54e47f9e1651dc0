/**
 * 结束会议: lists what is unfinished (unscored sheets, unsigned 专家组意见) and closes only after the secretariat
 * types the confirmation phrase; from then on the meeting is read-only everywhere.
 */
import { Alert, Button, Card, Input, Modal, Space, Typography } from 'antd'
import { useState } from 'react'
import type { ConsoleMeeting } from '../../../../shared/api/secretariatTypes'
import { call, errorMessage } from '../../api'
import { formatTime } from '../../format'
import { useQuery } from '../../hooks/useQuery'

export const CLOSE_PHRASE = '关闭会议'

export function CloseMeetingCard({ meeting, onClosed }: { meeting: ConsoleMeeting; onClosed: () => void }) {
  const meetingId = meeting.settings.meetingId
  const closed = meeting.settings.phase === 'closed'
  const [open, setOpen] = useState(false)
  const check = useQuery(() => call('meeting.closeCheck', { meetingId }), [meetingId, closed, open])
  if (closed) {
    return (
      <Card title="结束会议">
        <Alert type="info" showIcon title={`会议已于 ${formatTime(meeting.settings.closedAt ?? '')} 关闭`} description="会议数据只读：任何修改都会被拒绝；关闭状态通过同步告知各专家的电脑。" />
      </Card>
    )
  }
  const warnings = check.data?.warnings ?? []
  return (
    <Card title="结束会议">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {warnings.length > 0 ? (
          <Typography.Text type="warning">尚有 {warnings.length} 项未完成，关闭前会逐项列出。</Typography.Text>
        ) : (
          <Typography.Text type="secondary">全部评分表已提交，组长已签署专家组意见。</Typography.Text>
        )}
        <Button autoInsertSpace={false} danger onClick={() => setOpen(true)}>
          关闭会议（只读）…
        </Button>
      </Space>
      {open && <CloseDialog meetingId={meetingId} warnings={warnings} onCancel={() => setOpen(false)} onClosed={() => { setOpen(false); onClosed() }} />}
    </Card>
  )
}

function CloseDialog({ meetingId, warnings, onCancel, onClosed }: { meetingId: string; warnings: string[]; onCancel: () => void; onClosed: () => void }) {
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ok = typed.trim() === CLOSE_PHRASE
  const close = async () => {
    if (!ok) {
      setError(`请输入“${CLOSE_PHRASE}”四个字以确认`)
      return
    }
    setBusy(true)
    setError(null)
    try {
      await call('meeting.close', { meetingId, confirm: true })
      onClosed()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open title="关闭会议" okText="关闭会议" cancelText="取消" okButtonProps={{ danger: true, disabled: !ok }} confirmLoading={busy} onOk={() => void close()} onCancel={onCancel}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {warnings.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            title={`以下 ${warnings.length} 项尚未完成，关闭后不能再补做：`}
            description={
              <ul style={{ margin: 0, paddingLeft: 20, maxHeight: 240, overflowY: 'auto' }} data-testid="close-unfinished" tabIndex={0}>
                {warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            }
          />
        ) : (
          <Typography.Text>全部评分表已提交，组长已签署专家组意见。</Typography.Text>
        )}
        <Typography.Text>关闭后本会议的全部数据只读，不能再修改（仍可导出文档和归档）。</Typography.Text>
        <label htmlFor="close-confirm">请输入“{CLOSE_PHRASE}”以确认：</label>
        <Input
          id="close-confirm"
          autoFocus
          value={typed}
          status={error ? 'error' : undefined}
          onChange={(e) => {
            setTyped(e.target.value)
            setError(null)
          }}
          onPressEnter={() => void close()}
        />
        {error && (
          <Typography.Text type="danger" role="alert">
            {error}
          </Typography.Text>
        )}
      </Space>
    </Modal>
  )
}
