/**
 * 报到登记: the secretariat types (or pastes from the QR code) the fingerprint an expert reads out. The backend checks
 * it against the expert's key whenever this laptop has seen it; a mismatch (usually one mistyped character) is
 * shown at the field and nothing is registered, unless the secretariat confirms it checked with the expert in person.
 */
import { Checkbox, Input, Modal, Space, Typography } from 'antd'
import { useState } from 'react'
import type { ConsoleExpert } from '../../../../shared/api/secretariatTypes'
import { call, errorMessage } from '../../api'
import { issueFor } from '../../components/fieldErrors'

export function CheckInDialog({ expert, onDone, onCancel }: { expert: ConsoleExpert; onDone: (e: ConsoleExpert) => void; onCancel: () => void }) {
  const [text, setText] = useState('')
  const [confirmed, setConfirmed] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [mismatch, setMismatch] = useState(false)
  const [busy, setBusy] = useState(false)
  const register = async () => {
    setBusy(true)
    setError(null)
    try {
      onDone(await call('console.registerFingerprint', { expertId: expert.id, text, ...(confirmed ? { confirmed: true } : {}) }))
    } catch (e) {
      const m = issueFor(e, 'text') ?? errorMessage(e)
      setError(m)
      setMismatch(/不符/.test(m))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open title={`报到登记：${expert.name}`} okText="登记" cancelText="取消" confirmLoading={busy} okButtonProps={{ 'aria-label': '登记' }} onCancel={onCancel} onOk={() => void register()}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>请专家在本人电脑的“我的身份”页读出公钥指纹（8 组 4 位字符），在下面输入；也可以粘贴扫描专家屏幕二维码得到的文字。留空并登记即清除。</Typography.Text>
        {expert.fingerprint && (
          <Typography.Text type="secondary">
            当前登记：<Typography.Text code>{expert.fingerprintGrouped}</Typography.Text>
          </Typography.Text>
        )}
        <label htmlFor="checkin-fp">公钥指纹</label>
        <Input.TextArea
          id="checkin-fp"
          aria-label="公钥指纹"
          aria-invalid={error ? true : undefined}
          rows={3}
          value={text}
          status={error ? 'error' : undefined}
          onChange={(e) => {
            setText(e.target.value)
            setError(null)
          }}
          placeholder="例如 1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7 F809"
        />
        {error && (
          <Typography.Text type="danger" role="alert" data-testid="checkin-error">
            {error}
          </Typography.Text>
        )}
        {mismatch && (
          <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)}>
            已与专家本人当面核对，专家屏幕上就是这个指纹（例如重新生成过密钥）
          </Checkbox>
        )}
      </Space>
    </Modal>
  )
}
