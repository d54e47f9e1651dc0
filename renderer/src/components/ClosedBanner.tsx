/** The banner on every screen of a closed meeting: everything is read-only from now on. */
import { Alert } from 'antd'

export function ClosedBanner({ closedAt }: { closedAt?: string | null }) {
  const when = closedAt ? `（${closedAt.slice(0, 10)} 关闭）` : ''
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="closed-banner"
      title={`会议已结束并关闭${when}：所有内容只读，不能再修改。`}
      description="如需更正，请另行组织复核。仍可查看、导出文档和生成归档。"
    />
  )
}
