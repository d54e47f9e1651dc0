/** 制作申报包: the secretariat makes a .pdpkg from loose files and the project's facts, then saves or imports it. */
import { Alert, Button, Form, Input, InputNumber, Modal, Progress, Space, Typography, Upload } from 'antd'
import type { UploadFile } from 'antd'
import { useState } from 'react'
import type { ImportResult } from '../../../../shared/api/packageTypes'
import { useBuildPackage, type BuildProject } from './useBuildPackage'
import './packages.css'

type FileField = 'mainDocument' | 'budget' | 'dataCatalog' | 'dataNeeds' | 'attachments'

const FIELDS: { key: FileField; label: string; accept: string; required?: boolean; multiple?: boolean }[] = [
  { key: 'mainDocument', label: '主文档（可研暨初设方案，PDF、DOCX 或 DOC）', accept: '.pdf,.docx,.doc', required: true },
  { key: 'budget', label: '投资概算表（.xlsx、.xls 或 .csv）', accept: '.xlsx,.xls,.csv', required: true },
  { key: 'dataCatalog', label: '数据目录（.xlsx、.xls 或 .csv）', accept: '.xlsx,.xls,.csv' },
  { key: 'dataNeeds', label: '数据需求清单（.xlsx、.xls 或 .csv）', accept: '.xlsx,.xls,.csv' },
  { key: 'attachments', label: '附件（可多选）', accept: '.pdf,.docx,.doc,.xlsx,.xls,.csv,.txt,.png,.jpg', multiple: true }
]

export function BuildPackageDialog({ meetingId, open, onClose, onImported }: { meetingId: string; open: boolean; onClose: () => void; onImported: (r: ImportResult) => void }) {
  const [form] = Form.useForm<BuildProject>()
  const [files, setFiles] = useState<Record<FileField, UploadFile[]>>({ mainDocument: [], budget: [], dataCatalog: [], dataNeeds: [], attachments: [] })
  const b = useBuildPackage(meetingId)
  const fileOf = (k: FileField) => (files[k][0]?.originFileObj as File | undefined) ?? null
  const submit = async () => {
    const project = await form.validateFields()
    await b.build(project, {
      mainDocument: fileOf('mainDocument'),
      budget: fileOf('budget'),
      dataCatalog: fileOf('dataCatalog'),
      dataNeeds: fileOf('dataNeeds'),
      attachments: files.attachments.map((f) => f.originFileObj as File)
    })
  }
  return (
    <Modal
      title="制作申报包"
      open={open}
      width={720}
      onCancel={onClose}
      destroyOnHidden
      footer={
        b.built ? (
          <Space>
            <Button onClick={() => void b.save()}>保存 .pdpkg 文件</Button>
            <Button
              type="primary"
              loading={b.busy}
              onClick={async () => {
                const r = await b.importIt()
                if (r) {
                  onImported(r)
                  onClose()
                }
              }}
            >
              导入本次会议
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" loading={b.busy} onClick={() => void submit()}>
              制作申报包
            </Button>
          </Space>
        )
      }
    >
      <Typography.Paragraph type="secondary">把建设单位提交的零散文件整理成一个申报包（.pdpkg），可保存备用，也可直接导入本次会议。金额单位：万元。</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="name" label="项目名称" rules={[{ required: true, message: '请填写项目名称' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <div className="pd-form-row">
          <Form.Item name="ownerUnit" label="建设单位" rules={[{ required: true, message: '请填写建设单位' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="authorUnit" label="编制单位">
            <Input maxLength={200} />
          </Form.Item>
        </div>
        <div className="pd-form-row">
          <Form.Item name="code" label="项目编号">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="declaredInvestment" label="送审投资（万元）" rules={[{ required: true, message: '请填写送审投资' }]}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="approvedEstimate" label="原核定概算（万元，可选）">
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="summary" label="项目简介">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {FIELDS.map((f) => (
          <Form.Item key={f.key} label={f.label} required={f.required}>
            <Upload
              accept={f.accept}
              multiple={f.multiple}
              maxCount={f.multiple ? 50 : 1}
              fileList={files[f.key]}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFiles((x) => ({ ...x, [f.key]: fileList }))}
            >
              <Button>选择文件</Button>
            </Upload>
          </Form.Item>
        ))}
      </Form>
      {b.progress && <Progress percent={Math.round(b.progress.fraction * 100)} status="active" aria-label="制作进度" />}
      {b.progress && <Typography.Text type="secondary">{b.progress.message}</Typography.Text>}
      {b.error && <Alert type="error" showIcon title={<span style={{ whiteSpace: 'pre-line' }}>{b.error}</span>} />}
      {b.built && (
        <Alert
          type="success"
          showIcon
          title={`申报包“${b.built.fileName}”已制作完成（${(b.built.size / 1024).toFixed(0)} KB，${b.built.findingCount} 条合规提示）`}
          description="可以保存为文件，或直接导入本次会议。"
        />
      )}
    </Modal>
  )
}
