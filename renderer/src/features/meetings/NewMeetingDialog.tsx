import { DatePicker, Form, Input, Modal, App as AntApp } from 'antd'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { call, errorMessage } from '../../api'

interface Values {
  name: string
  date: Dayjs
  place?: string
  organiser?: string
}

export function NewMeetingDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const [form] = Form.useForm<Values>()
  const [busy, setBusy] = useState(false)
  const { message } = AntApp.useApp()
  const submit = async () => {
    const v = await form.validateFields()
    setBusy(true)
    try {
      const m = await call('meetings.create', {
        name: v.name,
        date: v.date.format('YYYY-MM-DD'),
        place: v.place ?? '',
        organiser: v.organiser ?? ''
      })
      form.resetFields()
      onCreated(m.id)
    } catch (err) {
      void message.error(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal title="新建评审会议" open={open} onOk={() => void submit()} onCancel={onClose} okText="创建" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="name" label="会议名称" rules={[{ required: true, message: '请填写会议名称' }]}>
          <Input placeholder="例如：2026年第五批市级政务信息化项目评审会" autoFocus />
        </Form.Item>
        <Form.Item name="date" label="会议日期" rules={[{ required: true, message: '请选择会议日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="place" label="会议地点">
          <Input />
        </Form.Item>
        <Form.Item name="organiser" label="组织单位">
          <Input placeholder="三明市发展和改革委员会（市数据管理局）" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
