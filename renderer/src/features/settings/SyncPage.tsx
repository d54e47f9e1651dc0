/** 同步: placeholder until the sync feature lands; says plainly what works today. */
import { Alert, Card, Typography } from 'antd'

export function SyncPage() {
  return (
    <Card title="同步">
      <Alert
        type="info"
        showIcon
        title="同步功能正在开发中"
        description="本机的所有修改都已记录在操作日志中，同步功能完成后（共享文件夹、U 盘或同步服务器）会自动带上这些修改，不会丢失。"
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        目前请在同一台电脑上完成评分。
      </Typography.Paragraph>
    </Card>
  )
}
