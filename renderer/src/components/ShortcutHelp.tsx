import { Modal, Table } from 'antd'
import type { Shortcut } from '../hooks/useShortcuts'
import { keyLabel } from '../format'

/** Keys that work without a handler of the page (listed for completeness). */
export interface KeyHint {
  keys: string
  label: string
}

/** The scoring form's keys that need no shortcut handler. */
export const SCORING_KEY_HINTS: readonly KeyHint[] = [
  { keys: 'Tab / Shift+Tab', label: '在各评分项与意见之间移动' },
  { keys: '数字键', label: '在评分框中直接输入分数' }
]

/** The list of shortcuts, opened with "?" (UI.md). */
export function ShortcutHelp({ open, shortcuts, hints = [], onClose }: { open: boolean; shortcuts: Shortcut[]; hints?: readonly KeyHint[]; onClose: () => void }) {
  return (
    <Modal title="键盘快捷键" open={open} onCancel={onClose} footer={null}>
      <Table
        size="small"
        pagination={false}
        rowKey="keys"
        dataSource={[...shortcuts.map((s) => ({ keys: s.keys, label: s.label })), ...hints]}
        columns={[
          { title: '按键', dataIndex: 'keys', width: 180, render: (k: string) => <kbd>{keyLabel(k)}</kbd> },
          { title: '作用', dataIndex: 'label' }
        ]}
      />
    </Modal>
  )
}
