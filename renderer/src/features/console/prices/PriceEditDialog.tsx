/**
 * Editing one library entry: every field as typed text, each problem shown at its field in Chinese (checked here,
 * then by the backend), what was typed kept on a refusal. 参考单价 in 元 (full-width digits and 。 accepted),
 * stored in 分. Enter saves, Esc cancels. 历史核定 entries show their approved fields read-only. Below: the entry's
 * edit log (who, when, before → after, undone).
 */
import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd'
import { useState } from 'react'
import type { PriceEditResult, PriceLibraryRowView } from '../../../../../shared/api/priceTypes'
import { call, ClientError, errorMessage } from '../../../api'
import { useQuery } from '../../../hooks/useQuery'
import { changeLines, editOf, fieldProblem, formValuesOf, issuesOnFields, lockedFields, timeText, type EditFormValues, type FormField } from './libraryView'

const FIELDS: { name: FormField; label: string; hint?: string; placeholder?: string }[] = [
  { name: 'name', label: '名称' },
  { name: 'spec', label: '规格' },
  { name: 'price', label: '参考单价（元）', hint: '以元填写，最多两位小数，如 85000 或 1234.56' },
  { name: 'unit', label: '单位', placeholder: '如 台、套、人月' },
  { name: 'source', label: '来源', placeholder: '如 政府采购协议价、市场询价' },
  { name: 'date', label: '日期', hint: '如 2026-03-01 或 2026年3月1日' }
]

const rule = (field: FormField) => ({
  validator: (_: unknown, v: unknown) => {
    const problem = fieldProblem(field, typeof v === 'string' ? v : '')
    return problem ? Promise.reject(new Error(problem)) : Promise.resolve()
  }
})

export function PriceEditDialog({ row, onClose, onSaved }: { row: PriceLibraryRowView; onClose: () => void; onSaved: (r: PriceEditResult) => void }) {
  const [form] = Form.useForm<EditFormValues>()
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const locked = lockedFields(row)
  const history = useQuery(() => call('prices.history', { id: row.id }), [row.id])
  const save = async () => {
    const values = form.getFieldsValue(true) as EditFormValues
    const out = editOf(row, values)
    if (!out.ok) {
      form.setFields(out.problems)
      return
    }
    if (Object.keys(out.edit).length === 0) {
      setProblem('没有修改任何内容')
      return
    }
    setBusy(true)
    try {
      onSaved(await call('prices.edit', { id: row.id, edit: out.edit }))
    } catch (e) {
      const atFields = issuesOnFields(e instanceof ClientError ? e.issues : undefined)
      form.setFields(atFields)
      setProblem(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open title={`修改参考价 · ${row.name}`} onCancel={onClose} width={720} destroyOnHidden footer={null}>
      {row.kind === 'meeting' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`会议核定的历史价格（${row.project || '已结束的会议'}，${row.date}）：名称、规格、单位、参考单价、来源和日期保持核定时的样子，只能修改备注或停用。如需更正，请停用此条并导入更正后的参考价。`}
        />
      )}
      {problem && <Alert type="error" showIcon closable onClose={() => setProblem(null)} style={{ marginBottom: 12 }} title={problem} />}
      <Form form={form} layout="vertical" initialValues={formValuesOf(row)} onFinish={() => void save()} onFinishFailed={() => undefined} requiredMark={false}>
        <div className="pd-price-form">
          {FIELDS.map((f) => (
            <Form.Item key={f.name} name={f.name} label={f.label} extra={locked.has(f.name) ? undefined : f.hint} rules={locked.has(f.name) ? [] : [rule(f.name)]} validateTrigger="onBlur">
              <Input disabled={locked.has(f.name)} placeholder={f.placeholder} autoFocus={f.name === 'name' && row.kind !== 'meeting'} />
            </Form.Item>
          ))}
        </div>
        <Form.Item name="note" label="备注" rules={[rule('note')]} validateTrigger="onBlur">
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} autoFocus={row.kind === 'meeting'} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} autoInsertSpace={false}>
            保存
          </Button>
          <Button onClick={onClose} autoInsertSpace={false}>
            取消（Esc）
          </Button>
        </Space>
      </Form>
      <div style={{ marginTop: 20, marginBottom: 8 }}>
        <Typography.Text strong>修改记录</Typography.Text>
      </div>
      {history.data && history.data.length === 0 && <Typography.Text type="secondary">还没有修改过。</Typography.Text>}
      <ul className="pd-price-history" aria-label="修改记录">
        {(history.data ?? []).map((h) => (
          <li key={h.id}>
            <Typography.Text strong>{timeText(h.at)}</Typography.Text> {h.by}
            {h.undoneAt && <Typography.Text type="secondary">（已于 {timeText(h.undoneAt)} 撤销）</Typography.Text>}
            <div>{changeLines(h).join('；')}</div>
          </li>
        ))}
      </ul>
    </Modal>
  )
}
