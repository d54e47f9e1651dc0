/** 主要问题 (must fix) or 修改建议 (should improve): an editable list, saved when an item is left. */
import { Button, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import type { CitedText } from '../../../../shared/domain/sheet'

let counter = 0
const newId = () => `i${Date.now().toString(36)}${(counter++).toString(36)}`

export function ListEditor({ label, items, disabled, onSave }: { label: string; items: CitedText[]; disabled: boolean; onSave: (items: CitedText[]) => void }) {
  const [draft, setDraft] = useState<CitedText[]>(items)
  const commit = (next: CitedText[]) => {
    setDraft(next)
    onSave(next)
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {draft.length === 0 && <Typography.Text type="secondary">暂无。</Typography.Text>}
      {draft.map((item, i) => (
        <Space key={item.id} align="start" style={{ width: '100%' }}>
          <Typography.Text style={{ minWidth: 24 }}>{i + 1}.</Typography.Text>
          <Input.TextArea
            aria-label={`${label}第${i + 1}条`}
            value={item.text}
            disabled={disabled}
            autoSize={{ minRows: 1, maxRows: 6 }}
            style={{ width: 560, maxWidth: '100%' }}
            onChange={(e) => setDraft(draft.map((d) => (d.id === item.id ? { ...d, text: e.target.value } : d)))}
            onBlur={() => onSave(draft)}
          />
          {!disabled && (
            <Button aria-label={`删除${label}第${i + 1}条`} onClick={() => commit(draft.filter((d) => d.id !== item.id))}>
              删除
            </Button>
          )}
        </Space>
      ))}
      {!disabled && <Button onClick={() => setDraft([...draft, { id: newId(), text: '' }])}>添加一条{label}</Button>}
    </Space>
  )
}
