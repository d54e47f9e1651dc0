import { Modal, Table } from 'antd'
import type { Shortcut } from '../hooks/useShortcuts'

/** The list of shortcuts, opened with "?" (UI.md). */
export function ShortcutHelp({ open, shortcuts, onClose }: { open: boolean; shortcuts: Shortcut[]; onClose: () => void }) {
  return (
    <Modal title="键盘快捷键" open={open} onCancel={onClose} footer={null}>
      <Table
        size="small"
        pagination={false}
        rowKey="keys"
        dataSource={[...shortcuts, { keys: 'Tab / Shift+Tab', label: '在各评分项与意见之间移动', run: () => {} }, { keys: '数字键', label: '在评分框中直接输入分数', run: () => {} }]}
        columns={[
          { title: '按键', dataIndex: 'keys', width: 180, render: (k: string) => <kbd>{k}</kbd> },
          { title: '作用', dataIndex: 'label' }
        ]}
      />
    </Modal>
  )
}
