/** 添加专家 / 编辑专家: the expert's facts, with the phone checked at the field and refusals shown there. */
import { Form, Input, Modal, Space } from 'antd'
import { useState } from 'react'
import type { ConsoleExpert } from '../../../../shared/api/secretariatTypes'
import { phoneProblem } from '../../../../shared/domain/fieldRules'
import { call, errorMessage } from '../../api'
import { issueFor, ruleOf } from '../../components/fieldErrors'

interface ExpertForm {
  name: string
  unit: string
  title: string
  specialty: string
  phone: string
  pastUnits: string
}

export function ExpertEditDialog({ meetingId, editing, onCancel, onSaved }: { meetingId: string; editing: ConsoleExpert | 'new'; onCancel: () => void; onSaved: (done: string) => void }) {
  const [form] = Form.useForm<ExpertForm>()
  const [busy, setBusy] = useState(false)
  const initial: ExpertForm =
    editing === 'new'
      ? { name: '', unit: '', title: '', specialty: '', phone: '', pastUnits: '' }
      : { name: editing.name, unit: editing.unit, title: editing.title, specialty: editing.specialty, phone: editing.phone, pastUnits: editing.pastUnits.join('、') }
  const save = async (v: ExpertForm) => {
    const expert = { ...v, pastUnits: v.pastUnits.split(/[、;；,，\n]/).map((x) => x.trim()).filter(Boolean) }
    setBusy(true)
    try {
      if (editing === 'new') await call('console.addExpert', { meetingId, expert })
      else await call('console.updateExpert', { expertId: editing.id, expert })
      onSaved(editing === 'new' ? `已添加专家「${v.name}」` : '已保存')
    } catch (e) {
      // A refusal of a field shows under it; anything else under the name (the dialog stays open, nothing lost).
      const fields = (['name', 'unit', 'title', 'specialty', 'phone'] as const).flatMap((f) => {
        const m = issueFor(e, `expert.${f}`)
        return m ? [{ name: f, errors: [m] }] : []
      })
      form.setFields(fields.length > 0 ? fields : [{ name: 'name', errors: [errorMessage(e)] }])
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal open title={editing === 'new' ? '添加专家' : '编辑专家'} okText="保存" cancelText="取消" confirmLoading={busy} onCancel={onCancel} onOk={() => form.submit()} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)}>
        <Form.Item label="姓名" name="name" rules={[{ required: true, message: '请填写姓名' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="工作单位" name="unit" rules={[{ required: true, message: '请填写工作单位（用于回避比对）' }]}>
          <Input />
        </Form.Item>
        <Space>
          <Form.Item label="职称" name="title">
            <Input />
          </Form.Item>
          <Form.Item label="专业" name="specialty">
            <Input />
          </Form.Item>
          <Form.Item label="电话" name="phone" rules={[ruleOf(phoneProblem)]}>
            <Input />
          </Form.Item>
        </Space>
        <Form.Item label="曾任职或近期服务过的单位（用顿号分隔）" name="pastUnits">
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  )
}
