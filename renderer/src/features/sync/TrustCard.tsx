/**
 * 签名与信任 on the 同步 page (issue 15): the meeting's root of trust on this laptop. On the secretariat's laptop:
 * make the secretariat's key under a PIN and show its fingerprint to read aloud or print; on an expert's laptop:
 * confirm the secretariat's fingerprint heard at check-in; and, where a key was made before sync signing existed,
 * enable signing with the PIN. What this laptop cannot sign is never sent, and the sync report says so.
 */
import { App as AntApp, Alert, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import type { TrustStatus } from '../../../../shared/api/methods/trust'
import { call, errorMessage } from '../../api'
import { useQuery } from '../../hooks/useQuery'

function FieldError({ text }: { text: string | null }) {
  return text ? (
    <Typography.Text type="danger" role="alert">
      {text}
    </Typography.Text>
  ) : null
}

function SecretariatKeyForm({ onDone }: { onDone: (t: TrustStatus) => void }) {
  const [pin, setPin] = useState('')
  const [confirm, setConfirm] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const create = async () => {
    setBusy(true)
    setError(null)
    try {
      onDone(await call('trust.createSecretariatKey', { pin, pinConfirm: confirm }))
    } catch (err) {
      setError(errorMessage(err)) // the PIN typed stays in the fields
    } finally {
      setBusy(false)
    }
  }
  return (
    <Form layout="vertical" style={{ maxWidth: 420 }} onFinish={() => void create()}>
      <Typography.Paragraph>
        秘书处的电脑须先生成秘书处密钥：会议、专家名单、登记的公钥指纹和分配都以它签名，专家电脑只采用它签名的内容。
      </Typography.Paragraph>
      <Form.Item label="秘书处 PIN 码" htmlFor="sec-pin">
        <Input.Password id="sec-pin" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="new-password" />
      </Form.Item>
      <Form.Item label="再次输入 PIN 码" htmlFor="sec-pin2">
        <Input.Password id="sec-pin2" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" />
      </Form.Item>
      <FieldError text={error} />
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} disabled={!pin || !confirm}>
          生成秘书处密钥
        </Button>
      </Form.Item>
    </Form>
  )
}

function PinForm({ label, id, action, placeholder, onDone }: { label: string; id: string; action: (v: string) => Promise<TrustStatus>; placeholder: string; onDone: (t: TrustStatus) => void }) {
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    setBusy(true)
    setError(null)
    try {
      onDone(await action(value))
      setValue('')
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Form layout="inline" onFinish={() => void submit()} style={{ rowGap: 8 }}>
      <Form.Item label={label} htmlFor={id}>
        {id.endsWith('pin') ? (
          <Input.Password id={id} value={value} onChange={(e) => setValue(e.target.value)} style={{ width: 200 }} />
        ) : (
          <Input id={id} value={value} onChange={(e) => setValue(e.target.value)} placeholder={placeholder} style={{ width: 420 }} />
        )}
      </Form.Item>
      <Button htmlType="submit" loading={busy} disabled={!value.trim()}>
        确定
      </Button>
      <FieldError text={error} />
    </Form>
  )
}

export function TrustCard({ acting }: { acting: boolean }) {
  const { message } = AntApp.useApp()
  const q = useQuery(() => call('trust.status', {}), [])
  const t = q.data
  const done = (s: TrustStatus, text: string) => {
    q.setData(s)
    void message.success(text)
  }
  return (
    <Card title="签名与信任">
      {q.error && <Alert type="error" message={q.error} />}
      {t && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label="本机信任的秘书处公钥">
              {t.pinned.length === 0 ? '尚未确认（收到的会议数据暂不采用）' : t.pinned.map((p) => p.grouped).join('；')}
            </Descriptions.Item>
            {t.secretariatKey && (
              <Descriptions.Item label="本机的秘书处公钥指纹">
                <span style={{ fontFamily: 'monospace', fontSize: 16 }}>{t.secretariatKey.grouped}</span>（数字读法：{t.secretariatKey.digits}）
              </Descriptions.Item>
            )}
          </Descriptions>
          {t.secretariatKey && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              报到时把这组指纹读给各位专家（或印在分发单上），专家在自己电脑的本页确认。
              {t.secretariatSigner ? '本机可以签名秘书处的修改。' : ''}
            </Typography.Paragraph>
          )}
          {t.secretariatKey && !t.secretariatSigner && (
            <PinForm label="输入秘书处 PIN 码以启用签名" id="sec-unlock-pin" placeholder="" action={(pin) => call('trust.unlockSecretariat', { pin })} onDone={(s) => done(s, '已启用秘书处签名')} />
          )}
          {!t.secretariatKey && !acting && t.pinned.length === 0 && <SecretariatKeyForm onDone={(s) => done(s, '已生成秘书处密钥')} />}
          {!t.secretariatKey && (
            <PinForm label="确认秘书处公钥指纹" id="sec-fingerprint" placeholder="报到时秘书处读出的 32 位指纹，如 1A2B 3C4D …" action={(fingerprint) => call('trust.pinSecretariat', { fingerprint })} onDone={(s) => done(s, '已确认秘书处公钥')} />
          )}
          {acting && !t.expertHasKey && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              本机的专家身份尚未生成签名密钥：在“我的身份”中生成后，本人的修改才能签名发出（此前保存在本机）。
            </Typography.Paragraph>
          )}
          {acting && t.expertHasKey && !t.expertSigner && (
            <PinForm label="输入本人 PIN 码以启用同步签名" id="expert-sync-pin" placeholder="" action={(pin) => call('identity.enableSync', { pin })} onDone={(s) => done(s, '已启用同步签名')} />
          )}
        </Space>
      )}
    </Card>
  )
}
