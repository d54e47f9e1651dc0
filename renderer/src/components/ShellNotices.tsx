/** The shell's notices above the page (no backend; data restored at start-up): antd, loaded when one shows. */
import { Alert } from 'antd'
import AntdScope from '../AntdScope'

export default function ShellNotices({ infoError, startupNotice }: { infoError: string | null; startupNotice: string | null }) {
  return (
    <AntdScope>
      {infoError && <Alert type="error" showIcon title="无法连接后台服务" description={infoError} style={{ marginBottom: 16 }} />}
      {startupNotice && <Alert type="warning" showIcon closable title="数据已恢复" description={startupNotice} style={{ marginBottom: 16 }} />}
    </AntdScope>
  )
}
