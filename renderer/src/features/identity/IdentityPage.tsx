/** 我的身份: profile, the SM2 key made on this laptop under a PIN, its fingerprint, the handwritten signature. */
import { Alert, Button, Card, Descriptions, Form, Input, Space, Typography, Upload, App as AntApp } from 'antd'
import { useState } from 'react'
import type { IdentityView } from '../../../../shared/api/reviewTypes'
import { call, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { SignaturePad } from '../../components/SignaturePad'
import { FingerprintQr } from '../../components/FingerprintQr'
import { useQuery } from '../../hooks/useQuery'
import { ruleOf, showAtFields } from '../../components/fieldErrors'
import { idNumberProblem, phoneProblem } from '../../../../shared/domain/fieldRules'
import { PageTitle } from '../../components/PageTitle'

const PIN_REMINDER = '请牢记：PIN 码用于签名提交，无法找回。'

export function IdentityPage() {
  const q = useQuery(() => call('identity.get', {}), [])
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  if (!q.data) return null
  return <IdentityForms identity={q.data} onChange={q.setData} />
}

function IdentityForms({ identity, onChange }: { identity: IdentityView; onChange: (v: IdentityView) => void }) {
  const { message } = AntApp.useApp()
  const [busy, setBusy] = useState<string | null>(null)
  /** Runs an action; `atField` shows a refusal next to its field (else a message) and says whether it did. */
  const act = async (name: string, fn: () => Promise<IdentityView>, ok: string, atField?: (err: unknown) => boolean): Promise<boolean> => {
    setBusy(name)
    try {
      onChange(await fn())
      message.destroy()
      void message.success(ok)
      return true
    } catch (err) {
      if (!atField?.(err)) void message.error(errorMessage(err))
      return false
    } finally {
      setBusy(null)
    }
  }
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 980 }}>
      <PageTitle>
        我的身份
      </PageTitle>
      <Card title="签名密钥">
        {identity.hasKey ? (
          <Space orientation="vertical" size="middle">
            <Typography.Text>签名密钥已在本机生成，私钥由 PIN 码加密保存，从不离开本机。请在报到时把下面的公钥指纹读给秘书处核对登记：</Typography.Text>
            <Space align="center" size="large" wrap>
              <div data-testid="fingerprint" style={{ fontFamily: 'ui-monospace, Consolas, monospace', fontSize: 24, letterSpacing: 1 }}>
                {identity.fingerprintGrouped}
              </div>
              <FingerprintQr fingerprint={identity.fingerprint} />
            </Space>
            <Typography.Text type="secondary">数字形式：{identity.fingerprintDigits}</Typography.Text>
            <div>
              登记状态：
              {identity.registration === 'match' ? (
                <Badge tone="success">已登记，指纹一致</Badge>
              ) : identity.registration === 'mismatch' ? (
                <Badge tone="danger">登记的指纹与本机密钥不一致，请联系秘书处</Badge>
              ) : (
                <Badge tone="warning">尚未登记</Badge>
              )}
            </div>
          </Space>
        ) : (
          <CreateKeyForm identity={identity} busy={busy === 'key'} onCreate={(pin, pinConfirm, atField) => act('key', () => call('identity.createKey', { pin, pinConfirm }), '签名密钥已生成', atField)} />
        )}
      </Card>
      <Card title="手写签名">
        <Typography.Paragraph type="secondary">手写签名只用于在文书上显示，法律效力来自提交时的电子签名（SM2）。</Typography.Paragraph>
        <Space align="start" size="large" wrap>
          <SignaturePad saving={busy === 'sig'} onSave={(image) => void act('sig', () => call('identity.setSignature', { image }), '手写签名已保存')} />
          <Space orientation="vertical">
            <Typography.Text>当前签名：</Typography.Text>
            {identity.signatureImage ? (
              <img src={identity.signatureImage} alt="当前保存的手写签名" style={{ width: 240, border: '1px solid #ddd', background: '#fff' }} />
            ) : (
              <Typography.Text type="secondary">尚未保存</Typography.Text>
            )}
            <Upload
              accept="image/png"
              showUploadList={false}
              beforeUpload={(file) => {
                const reader = new FileReader()
                reader.onload = () => {
                  if (typeof reader.result === 'string') void act('sig', () => call('identity.setSignature', { image: reader.result as string }), '手写签名已保存')
                }
                reader.readAsDataURL(file)
                return false
              }}
            >
              <Button>改用图片文件（PNG）</Button>
            </Upload>
          </Space>
        </Space>
      </Card>
      <ProfileCard identity={identity} busy={busy === 'profile'} onSave={(v, atField) => act('profile', () => call('identity.saveProfile', v), '个人信息已保存', atField)} />
    </Space>
  )
}

function CreateKeyForm({ identity, busy, onCreate }: { identity: IdentityView; busy: boolean; onCreate: (pin: string, confirm: string, atField: (err: unknown) => boolean) => Promise<boolean> }) {
  const [form] = Form.useForm<{ pin: string; pinConfirm: string }>()
  // The secretariat may require a longer PIN or a passphrase with letters (meeting settings); the backend checks it.
  const passphrase = identity.pinPolicy.requireLetters
  const mode = passphrase ? 'text' : 'numeric'
  const what = passphrase ? '口令' : 'PIN 码'
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 420 }} onFinish={(v) => void onCreate(v.pin, v.pinConfirm, (err) => showAtFields(form, err, ['pin', 'pinConfirm'], /一致|相同/.test(errorMessage(err)) ? 'pinConfirm' : 'pin'))}>
      <Alert type="info" showIcon title="提交评分表时需要用 PIN 码签名" description={`${identity.pinRule}${PIN_REMINDER}`} style={{ marginBottom: 16 }} />
      <Form.Item name="pin" label={`设置 ${what}`} rules={[{ required: true, message: passphrase ? '请输入口令' : '请输入 PIN 码' }]}>
        <Input.Password inputMode={mode} autoComplete="new-password" maxLength={passphrase ? 64 : 32} />
      </Form.Item>
      <Form.Item name="pinConfirm" label={`再次输入 ${what}`} rules={[{ required: true, message: passphrase ? '请再次输入口令' : '请再次输入 PIN 码' }]}>
        <Input.Password inputMode={mode} autoComplete="new-password" maxLength={passphrase ? 64 : 32} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        生成签名密钥
      </Button>
    </Form>
  )
}

interface ProfileValues {
  title: string
  specialty: string
  phone: string
  pastUnits: string
  idNumber?: string
}

type ProfileInput = { title: string; specialty: string; phone: string; pastUnits: string[]; idNumber?: string }

function ProfileCard({ identity, busy, onSave }: { identity: IdentityView; busy: boolean; onSave: (v: ProfileInput, atField: (err: unknown) => boolean) => Promise<boolean> }) {
  const [form] = Form.useForm<ProfileValues>()
  const save = async (v: ProfileValues) => {
    const input: ProfileInput = { title: v.title ?? '', specialty: v.specialty ?? '', phone: v.phone ?? '', pastUnits: (v.pastUnits ?? '').split('\n'), ...(v.idNumber ? { idNumber: v.idNumber } : {}) }
    // Saved: the full ID number leaves the screen; only the masked form stays.
    if (await onSave(input, (err) => showAtFields(form, err, ['phone', 'idNumber', 'title', 'specialty', 'pastUnits']))) form.setFieldValue('idNumber', '')
  }
  return (
    <Card title="个人信息">
      <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="姓名">{identity.name}</Descriptions.Item>
        <Descriptions.Item label="工作单位">{identity.unit}</Descriptions.Item>
        <Descriptions.Item label="身份证号">{identity.idNumberMasked || '未填写'}</Descriptions.Item>
      </Descriptions>
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 560 }}
        initialValues={{ title: identity.title, specialty: identity.specialty, phone: identity.phone, pastUnits: identity.pastUnits.join('\n') }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="title" label="职称">
          <Input />
        </Form.Item>
        <Form.Item name="specialty" label="专业">
          <Input />
        </Form.Item>
        <Form.Item name="phone" label="联系电话" rules={[ruleOf(phoneProblem)]}>
          <Input />
        </Form.Item>
        <Form.Item name="pastUnits" label="曾任职或近期服务过的单位（每行一个，用于回避比对）">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Form.Item name="idNumber" label="身份证号（可选，加密保存，仅显示部分号码）" rules={[ruleOf(idNumberProblem)]}>
          <Input autoComplete="off" placeholder={identity.idNumberMasked ? '已填写；如需更改请重新输入' : ''} />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          保存个人信息
        </Button>
      </Form>
    </Card>
  )
}
