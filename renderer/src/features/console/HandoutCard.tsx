/** 交给专家: the secretariat's fingerprint to read aloud, a shared folder to hand the meeting out, join codes. */
import { App as AntApp, Button, Card, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import type { ConsoleMeeting } from '../../../../shared/api/secretariatTypes'
import { call } from '../../api'
import { grantOf, PathField, type ChosenPath } from '../../components/PathField'
import { formatTime } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { usePathAction } from '../../hooks/usePathAction'

export function HandoutCard({ meeting }: { meeting: ConsoleMeeting }) {
  const { message } = AntApp.useApp()
  const meetingId = meeting.settings.meetingId
  const closed = meeting.settings.phase === 'closed'
  const trust = useQuery(() => call('trust.status', {}), [])
  const [handout, setHandout] = useState<ChosenPath>({ path: '' })
  const [handoutError, setHandoutError] = useState<string | null>(null)
  const [codes, setCodes] = useState<{ name: string; code: string; expiresAt: string }[] | null>(null)
  const { busy, run } = usePathAction()
  return (
    <Card title="交给专家（分发会议）">
      <Typography.Paragraph type="secondary">
        通过共享文件夹或 U 盘：在这里填写文件夹并同步，专家在本人电脑的“同步”页选择同一文件夹即可取得会议（同步的详细状态见左侧“同步”）。通过同步服务器：为每位专家生成加入码并打印。
      </Typography.Paragraph>
      {trust.data && (
        <Typography.Paragraph>
          {trust.data.secretariatKey ? (
            <>
              报到时向专家宣读（或印在分发单上）秘书处公钥指纹：<Typography.Text strong copyable>{trust.data.secretariatKey.grouped}</Typography.Text>
              ，专家在本人电脑“同步”页确认后，才采用本会议的数据。
            </>
          ) : (
            <Typography.Text type="warning">本机还没有秘书处密钥：请先在左侧“同步”页的“签名与信任”中生成，否则本机的修改无法签名发出。</Typography.Text>
          )}
        </Typography.Paragraph>
      )}
      <Space wrap>
        <PathField
          label="分发文件夹"
          purpose="sync-folder"
          style={{ width: 420 }}
          placeholder="例如 E:\评审会 或 /media/usb/评审会"
          value={handout}
          onChange={setHandout}
          error={handoutError}
        />
        <Button
          disabled={closed || !handout.path.trim() || busy}
          onClick={() =>
            void run(async () => {
              await call('sync.configure', { kind: 'folder', folder: handout.path.trim(), ...grantOf(handout), meetingId })
              await call('sync.now', {})
              void message.success('已开始同步到该文件夹，完成情况见“同步”页')
            }, setHandoutError)
          }
        >
          交给专家（同步到文件夹）
        </Button>
        <Button
          disabled={closed || busy || meeting.experts.length === 0}
          onClick={() =>
            void run(async () => {
              const out: { name: string; code: string; expiresAt: string }[] = []
              for (const e of meeting.experts) {
                const c = await call('sync.createJoinCode', { author: e.id })
                out.push({ name: e.name, code: c.code, expiresAt: c.expiresAt })
              }
              setCodes(out)
            })
          }
        >
          生成专家加入码
        </Button>
      </Space>
      {codes && (
        <div style={{ marginTop: 12 }} data-testid="join-codes">
          <Table
            rowKey="name"
            size="small"
            pagination={false}
            dataSource={codes}
            columns={[
              { title: '专家', dataIndex: 'name' },
              { title: '加入码', dataIndex: 'code', render: (c: string) => <Typography.Text code style={{ fontSize: 18 }}>{c}</Typography.Text> },
              { title: '有效期至', dataIndex: 'expiresAt', render: (x: string) => formatTime(x) }
            ]}
          />
          <Button autoInsertSpace={false} style={{ marginTop: 8 }} onClick={() => window.print()}>
            打印加入码
          </Button>
        </div>
      )}
    </Card>
  )
}
