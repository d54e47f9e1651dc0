/** The expert's notes pinned to the current page: list, add, delete; and every note of the document to jump to. */
import { Alert, Button, Empty, Input, List, Space, Typography, App as AntApp } from 'antd'
import { useState } from 'react'
import type { DocumentNoteView } from '../../../../shared/api/packageTypes'
import { errorMessage } from '../../api'
import { formatTime } from '../../format'

export function NotesPanel(props: {
  page: number | null
  notes: DocumentNoteView[]
  canWrite: boolean
  onAdd: (page: number | null, text: string) => Promise<void>
  onDelete: (id: string) => Promise<void>
  onGoTo: (page: number) => void
}) {
  const [text, setText] = useState('')
  const [saving, setSaving] = useState(false)
  const { message } = AntApp.useApp()
  const here = props.notes.filter((n) => n.page === props.page)
  const elsewhere = props.notes.filter((n) => n.page !== props.page)
  const where = props.page === null ? '本文档' : `第 ${props.page} 页`
  const add = async () => {
    if (!text.trim()) return
    setSaving(true)
    try {
      await props.onAdd(props.page, text.trim())
      setText('')
      void message.success(`批注已保存到${where}`)
    } catch (err) {
      void message.error(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }
  return (
    <section aria-label="我的批注" className="pd-notes">
      <Typography.Title level={2} style={{ marginTop: 0, fontSize: 16 }}>
        我的批注（{where}）
      </Typography.Title>
      {!props.canWrite && <Alert type="info" showIcon title="选择评审身份后可以在页面上添加批注" />}
      {here.length === 0 ? (
        <Typography.Text type="secondary">{where}还没有批注。</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={here}
          rowKey="id"
          renderItem={(n) => (
            <List.Item
              data-testid="note"
              actions={[<Button key="d" size="small" type="link" danger onClick={() => void props.onDelete(n.id)} aria-label={`删除批注：${n.text.slice(0, 20)}`}>删除</Button>]}
            >
              <div>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{n.text}</Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(n.updatedAt)}</Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
      {props.canWrite && (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={5000}
            placeholder={`在${where}添加批注`}
            aria-label={`在${where}添加批注`}
            onPressEnter={(e) => {
              if (e.ctrlKey || e.metaKey) void add()
            }}
          />
          <Button type="primary" loading={saving} disabled={!text.trim()} onClick={() => void add()}>
            添加批注
          </Button>
        </Space.Compact>
      )}
      {elsewhere.length > 0 && (
        <details style={{ marginTop: 8 }}>
          <summary>其他页的批注（{elsewhere.length}）</summary>
          <ul className="pd-note-index">
            {elsewhere.map((n) => (
              <li key={n.id}>
                {n.page !== null ? (
                  <Button type="link" size="small" onClick={() => props.onGoTo(n.page as number)}>
                    第 {n.page} 页
                  </Button>
                ) : null}
                <span>{n.text.length > 40 ? `${n.text.slice(0, 40)}…` : n.text}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {props.notes.length === 0 && !props.canWrite && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有批注" />}
    </section>
  )
}
