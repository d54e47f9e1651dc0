/**
 * 提交并签名: checks what is missing (and takes the expert there), then asks for the PIN and signs. After
 * submission shows the signature check of the stored revision.
 */
import { Alert, Button, Card, Descriptions, Input, Modal, Space, Typography, App as AntApp } from 'antd'
import { useState } from 'react'
import type { SheetView } from '../../../../shared/api/types'
import type { SubmissionProblem } from '../../../../shared/domain/submission'
import { call, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { formatTime } from '../../format'
import { focusProblem } from './focus'

export function SubmitPanel({ sheet, beforeSubmit, onSubmitted }: { sheet: SheetView; beforeSubmit: () => Promise<void>; onSubmitted: (s: SheetView) => void }) {
  const [problems, setProblems] = useState<SubmissionProblem[] | null>(null)
  const [pinOpen, setPinOpen] = useState(false)
  const [pin, setPin] = useState('')
  const [busy, setBusy] = useState(false)
  const [pinError, setPinError] = useState<string | null>(null)
  const { message } = AntApp.useApp()

  if (sheet.status !== 'draft') {
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

  const check = async () => {
    setBusy(true)
    try {
      await beforeSubmit()
      const r = await call('sheets.check', { sheetId: sheet.sheetId })
      setProblems(r.problems)
      if (r.problems.length === 0) {
        setPin('')
        setPinError(null)
        setPinOpen(true)
      }
    } catch (err) {
      void message.error(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  const submit = async () => {
    setBusy(true)
    setPinError(null)
    try {
      const s = await call('sheets.submit', { sheetId: sheet.sheetId, pin })
      setPinOpen(false)
      void message.success('评分表已签名提交')
      onSubmitted(s)
    } catch (err) {
      setPinError(errorMessage(err))
    } finally {
      setBusy(false)
      setPin('')
    }
  }
  return (
    <Card title="提交评分表">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">提交时用您的 PIN 码解锁本机私钥，对评分表内容进行 SM2 签名。提交后不能再修改。</Typography.Text>
        {problems && problems.length > 0 && (
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
        )}
        <Button type="primary" size="large" loading={busy && !pinOpen} onClick={() => void check()}>
          检查并提交
        </Button>
      </Space>
      <Modal
        title="输入 PIN 码签名提交"
        open={pinOpen}
        okText="签名并提交"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void submit()}
        onCancel={() => setPinOpen(false)}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>提交后评分表将被锁定，如需修改须由秘书处退回。</Typography.Text>
          <Input.Password
            aria-label="PIN 码"
            autoFocus
            inputMode="numeric"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            onPressEnter={() => void submit()}
          />
          {pinError && (
            <Typography.Text type="danger" role="alert">
              {pinError}
            </Typography.Text>
          )}
        </Space>
      </Modal>
    </Card>
  )
}
