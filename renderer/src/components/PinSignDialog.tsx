/**
 * The PIN dialog of every signature: it shows what is about to be signed (project, total, conclusion, 审减) so
 * that the signer sees the content, not only a PIN box. Enter in the PIN field confirms; a refusal (wrong PIN,
 * locked key) is shown under the field and the dialog stays open.
 */
import { Descriptions, Input, Modal, Space, Typography } from 'antd'
import { useState } from 'react'

export interface SignedItem {
  label: string
  value: string
}

export interface PinSignDialogProps {
  open: boolean
  title: string
  okText: string
  /** What is signed, shown above the PIN field. */
  summary: SignedItem[]
  note?: string
  pinLabel?: string
  busy: boolean
  error: string | null
  onSign: (pin: string) => void
  onCancel: () => void
}

export function PinSignDialog(p: PinSignDialogProps) {
  const [pin, setPin] = useState('')
  const [empty, setEmpty] = useState(false)
  const sign = () => {
    if (p.busy) return
    if (!pin) {
      setEmpty(true)
      return
    }
    p.onSign(pin)
    setPin('')
  }
  const shown = empty ? '请输入 PIN 码' : p.error
  return (
    <Modal title={p.title} open={p.open} okText={p.okText} cancelText="取消" confirmLoading={p.busy} onOk={sign} onCancel={p.onCancel} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text strong>您将签署：</Typography.Text>
        <Descriptions column={1} size="small" bordered data-testid="signed-summary">
          {p.summary.map((s) => (
            <Descriptions.Item key={s.label} label={s.label}>
              {s.value}
            </Descriptions.Item>
          ))}
        </Descriptions>
        {p.note && <Typography.Text type="secondary">{p.note}</Typography.Text>}
        <label htmlFor="pin-sign">{p.pinLabel ?? 'PIN 码'}</label>
        <Input.Password
          id="pin-sign"
          aria-label={p.pinLabel ?? 'PIN 码'}
          autoFocus
          autoComplete="off"
          inputMode="numeric"
          value={pin}
          status={shown ? 'error' : undefined}
          aria-invalid={shown ? true : undefined}
          onChange={(e) => {
            setPin(e.target.value)
            setEmpty(false)
          }}
          onPressEnter={sign}
        />
        {shown && (
          <Typography.Text type="danger" role="alert">
            {shown}
          </Typography.Text>
        )}
      </Space>
    </Modal>
  )
}
