/** 设置与备份: where the data is, and the backups (made daily and before upgrades), restorable here. */
import { Button, Card, Descriptions, Popconfirm, Space, Table, Typography, App as AntApp } from 'antd'
import type { AppInfo, BackupInfo } from '../../../../shared/api/types'
import { call, errorMessage } from '../../api'
import { PageError } from '../../components/PageError'
import { formatTime } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { PageTitle } from '../../components/PageTitle'

const REASON_LABELS: Record<string, string> = {
  daily: '每日自动',
  migration: '升级前自动',
  manual: '手动',
  'before-restore': '恢复前自动'
}

export function SettingsPage({ info, onInfo }: { info: AppInfo | null; onInfo: (i: AppInfo) => void }) {
  const q = useQuery(() => call('backups.list', {}), [])
  const { message } = AntApp.useApp()
  const backupNow = async () => {
    try {
      const b = await call('backups.create', {})
      void message.success(`已备份：${b.name}`)
      await q.reload()
    } catch (err) {
      void message.error(errorMessage(err))
    }
  }
  const restore = async (b: BackupInfo) => {
    try {
      onInfo(await call('backups.restore', { name: b.name }))
      void message.success('已恢复备份，恢复前的数据也已另存为备份')
      await q.reload()
    } catch (err) {
      void message.error(errorMessage(err))
    }
  }
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>
        设置与备份
      </PageTitle>
      <Card title="本机数据">
        <Descriptions column={1} size="small">
          <Descriptions.Item label="数据文件夹">{info?.dataDir ?? '…'}</Descriptions.Item>
          <Descriptions.Item label="设备标识">{info?.deviceOrigin ?? '…'}</Descriptions.Item>
          <Descriptions.Item label="版本">{info?.version ?? '…'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="备份" extra={<Button onClick={() => void backupNow()}>立即备份</Button>}>
        <Typography.Paragraph type="secondary">每天首次启动和每次数据库升级前会自动备份，保留最近 7 份。恢复备份前，当前数据会先另存为一份备份。</Typography.Paragraph>
        {q.error && <PageError error={q.error} onRetry={() => void q.reload()} />}
        <Table<BackupInfo>
          rowKey="name"
          size="small"
          loading={q.loading}
          dataSource={q.data ?? []}
          pagination={false}
          locale={{ emptyText: '还没有备份' }}
          columns={[
            { title: '时间', dataIndex: 'createdAt', render: (t: string) => formatTime(t), width: 200 },
            { title: '类型', dataIndex: 'reason', render: (r: string) => REASON_LABELS[r] ?? r, width: 120 },
            { title: '大小', dataIndex: 'sizeBytes', align: 'right', width: 110, render: (n: number) => `${(n / 1024).toFixed(0)} KB` },
            { title: '文件', dataIndex: 'name', ellipsis: true },
            {
              title: '操作',
              width: 110,
              render: (_: unknown, b) => (
                <Popconfirm title="恢复此备份？" description="当前数据会先另存为备份，然后替换为所选备份的内容。" okText="恢复" cancelText="取消" onConfirm={() => void restore(b)}>
                  <Button size="small">恢复</Button>
                </Popconfirm>
              )
            }
          ]}
        />
      </Card>
    </Space>
  )
}
