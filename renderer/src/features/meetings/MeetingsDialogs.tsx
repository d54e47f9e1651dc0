/** The 会议 page's antd parts, loaded when first needed: the 删除示例会议 confirmation and the outcome notices. */
import { Alert, Modal } from 'antd'

export function DemoRemoveDialog({ open, onConfirm, onClose }: { open: boolean; onConfirm: () => void; onClose: () => void }) {
  return (
    <Modal title="删除示例会议？" open={open} onOk={onConfirm} onCancel={onClose} okText="删除" cancelText="取消" okButtonProps={{ danger: true }} width={440}>
      示例会议及其项目、专家将被移除，不影响其他会议。
    </Modal>
  )
}

export interface MeetingsNotice {
  type: 'success' | 'error'
  text: string
}

export function NoticeAlert({ notice, onClose }: { notice: MeetingsNotice; onClose: () => void }) {
  return <Alert type={notice.type} showIcon closable={{ onClose, 'aria-label': '关闭提示' }} title={notice.text} />
}
