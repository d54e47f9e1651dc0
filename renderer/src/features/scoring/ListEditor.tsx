/**
 * 主要问题 (must fix) or 修改建议 (should improve): an editable list, saved when an item is left. Each item shows
 * how long it is against LONG_TEXT_MAX; an item over the limit is kept on screen, marked at the field and not
 * saved until it is shortened (nothing is cut off); a refused save is shown under the list, not only in the header.
 */
import { Button, Input, Space, Typography } from 'antd'
import { useState } from 'react'
import { LONG_TEXT_MAX, type CitedText } from '../../../../shared/domain/sheet'

let counter = 0
const newId = () => `i${Date.now().toString(36)}${(counter++).toString(36)}`

const tooLong = (items: CitedText[]) => items.some((i) => i.text.length > LONG_TEXT_MAX)

export interface ListEditorProps {
  label: string
  items: CitedText[]
  disabled: boolean
  onSave: (items: CitedText[]) => void
  /** The last refusal of a save of this list. */
  error?: string
}

export function ListEditor({ label, items, disabled, onSave, error }: ListEditorProps) {
  const [draft, setDraft] = useState<CitedText[]>(items)
  const save = (next: CitedText[]) => {
    if (!tooLong(next)) onSave(next)
  }
  const commit = (next: CitedText[]) => {
    setDraft(next)
    save(next)
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {draft.length === 0 && <Typography.Text type="secondary">暂无。</Typography.Text>}
      {draft.map((item, i) => (
        <ListItem
          key={item.id}
          label={`${label}第${i + 1}条`}
          index={i}
          item={item}
          disabled={disabled}
          onChange={(text) => setDraft(draft.map((d) => (d.id === item.id ? { ...d, text } : d)))}
          onBlur={() => save(draft)}
          onDelete={() => commit(draft.filter((d) => d.id !== item.id))}
        />
      ))}
      {error && (
        <Typography.Text type="danger" role="alert">
          {label}未能保存：{error}（您输入的内容仍在上面，修改后离开输入框即重新保存）
        </Typography.Text>
      )}
      {!disabled && <Button onClick={() => setDraft([...draft, { id: newId(), text: '' }])}>添加一条{label}</Button>}
    </Space>
  )
}

function ListItem({ label, index, item, disabled, onChange, onBlur, onDelete }: { label: string; index: number; item: CitedText; disabled: boolean; onChange: (text: string) => void; onBlur: () => void; onDelete: () => void }) {
  const over = item.text.length - LONG_TEXT_MAX
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'auto minmax(0, 1fr) auto', gap: 8, alignItems: 'start', width: '100%' }}>
      <Typography.Text style={{ minWidth: 24, lineHeight: '32px', whiteSpace: 'nowrap' }}>{index + 1}.</Typography.Text>
      <div style={{ minWidth: 0 }}>
        <Input.TextArea
          aria-label={label}
          value={item.text}
          disabled={disabled}
          autoSize={{ minRows: 1, maxRows: 8 }}
          count={{ show: !disabled, max: LONG_TEXT_MAX }}
          status={over > 0 ? 'error' : undefined}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
        {over > 0 && (
          <Typography.Text type="danger" role="alert">
            超出 {over} 字（每条最多 {LONG_TEXT_MAX} 字），请删减或拆成几条；删减前这一条不会保存。
          </Typography.Text>
        )}
      </div>
      {!disabled && (
        <Button aria-label={`删除${label}`} onClick={onDelete}>
          删除
        </Button>
      )}
    </div>
  )
}
