/** Before the meeting: the panel (add, edit, import a roster), check-in (key fingerprints) and the 组长. */
import { Alert, App as AntApp, Button, Card, Popconfirm, Space, Table, Typography, Upload } from 'antd'
import { useState } from 'react'
import type { ConsoleExpert, ConsoleMeeting, RosterImportResult } from '../../../../shared/api/secretariatTypes'
import { call, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { fileToBase64 } from './fileBase64'
import { CheckInDialog } from './CheckInDialog'
import { ExpertEditDialog } from './ExpertEditDialog'

export function ExpertsTab({ meeting, onChanged }: { meeting: ConsoleMeeting; onChanged: () => void }) {
  const { message } = AntApp.useApp()
  const meetingId = meeting.settings.meetingId
  const closed = meeting.settings.phase === 'closed'
  const [editing, setEditing] = useState<ConsoleExpert | 'new' | null>(null)
  const [checkIn, setCheckIn] = useState<ConsoleExpert | null>(null)
  const [roster, setRoster] = useState<RosterImportResult | null>(null)

  const act = async (f: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await f()
      void message.success(done)
      onChanged()
      return true
    } catch (e) {
      void message.error(errorMessage(e))
      return false
    }
  }
  const openEdit = (e: ConsoleExpert | 'new') => setEditing(e)
  const importRoster = async (file: File) => {
    try {
      const r = await call('console.importRoster', { meetingId, fileName: file.name, base64: await fileToBase64(file) })
      setRoster(r)
      if (r.ok) {
        void message.success(`已导入 ${r.added} 位专家`)
        onChanged()
      }
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }
  const registered = meeting.experts.filter((e) => e.fingerprint).length

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={`评审专家（${meeting.experts.length}）`}
        extra={
          <Space>
            <Upload accept=".xlsx,.csv" showUploadList={false} disabled={closed} beforeUpload={(f) => (void importRoster(f), false)}>
              <Button autoInsertSpace={false} disabled={closed}>导入专家名单（Excel/CSV）</Button>
            </Upload>
            <Button autoInsertSpace={false} type="primary" disabled={closed} onClick={() => openEdit('new')}>
              添加专家
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          名单第一行为表头：姓名、工作单位、职称、专业、电话（可加“曾任职单位”，多个单位用顿号分隔）。任何一行有问题时整个文件都不导入。报到时请专家读出（或出示）本人屏幕上的公钥指纹，在此登记：已登记 {registered}/{meeting.experts.length} 人。
        </Typography.Paragraph>
        {roster && !roster.ok && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setRoster(null)}
            style={{ marginBottom: 12 }}
            title="名单未导入（没有写入任何专家）"
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="roster-problems">
                {roster.problems.map((p, i) => (
                  <li key={i}>{p.message}</li>
                ))}
              </ul>
            }
          />
        )}
        {roster?.ok && roster.skipped.length > 0 && (
          <Alert type="info" showIcon closable style={{ marginBottom: 12 }} title={`已跳过 ${roster.skipped.length} 位已在名单中的专家：${roster.skipped.map((s) => s.name).join('、')}`} />
        )}
        <Table<ConsoleExpert>
          rowKey="id"
          size="small"
          dataSource={meeting.experts}
          pagination={false}
          locale={{ emptyText: '还没有专家。请添加专家或导入专家名单。' }}
          columns={[
            {
              title: '姓名',
              dataIndex: 'name',
              width: 150,
              render: (_: unknown, e) => (
                <Space style={{ whiteSpace: 'nowrap' }}>
                  {e.name}
                  {e.isLeader && <Badge tone="info">组长</Badge>}
                </Space>
              )
            },
            // Shown whole (wrapping): the unit is what 回避 is checked against.
            { title: '工作单位', dataIndex: 'unit' },
            { title: '职称', dataIndex: 'title', width: 110 },
            { title: '专业', dataIndex: 'specialty', width: 100 },
            { title: '电话', dataIndex: 'phone', width: 120 },
            {
              title: '公钥指纹',
              width: 200,
              // Shown whole (grouped, wrapping) so that it can be compared with the expert's screen.
              render: (_: unknown, e) =>
                e.fingerprint ? (
                  <Space orientation="vertical" size={0}>
                    <Badge tone="success">已登记</Badge>
                    <Typography.Text code style={{ fontSize: 12, wordBreak: 'break-word' }} data-testid={`fingerprint-${e.id}`}>
                      {e.fingerprintGrouped}
                    </Typography.Text>
                  </Space>
                ) : (
                  <Badge tone="warning">未登记</Badge>
                )
            },
            {
              title: '操作',
              width: 300,
              render: (_: unknown, e) => (
                <Space size="small" wrap>
                  <Button autoInsertSpace={false} size="small" disabled={closed} onClick={() => setCheckIn(e)} aria-label={`报到登记：${e.name}`}>
                    报到登记
                  </Button>
                  {!e.isLeader && (
                    <Button autoInsertSpace={false} size="small" disabled={closed} onClick={() => void act(() => call('console.setLeader', { meetingId, expertId: e.id }), `已指定「${e.name}」为组长`)} aria-label={`设为组长：${e.name}`}>
                      设为组长
                    </Button>
                  )}
                  <Button autoInsertSpace={false} size="small" disabled={closed} onClick={() => openEdit(e)} aria-label={`编辑：${e.name}`}>
                    编辑
                  </Button>
                  <Popconfirm title={`移除专家「${e.name}」？`} okText="移除" cancelText="取消" onConfirm={() => void act(() => call('console.removeExpert', { expertId: e.id }), '已移除')}>
                    <Button autoInsertSpace={false} size="small" danger disabled={closed} aria-label={`移除：${e.name}`}>
                      移除
                    </Button>
                  </Popconfirm>
                </Space>
              )
            }
          ]}
        />
      </Card>
      {editing && (
        <ExpertEditDialog
          meetingId={meetingId}
          editing={editing}
          onCancel={() => setEditing(null)}
          onSaved={(done) => {
            setEditing(null)
            message.destroy()
            void message.success(done)
            onChanged()
          }}
        />
      )}
      {checkIn && (
        <CheckInDialog
          expert={checkIn}
          onCancel={() => setCheckIn(null)}
          onDone={(e) => {
            setCheckIn(null)
            message.destroy()
            void message.success(e.fingerprint ? `已登记「${e.name}」的公钥指纹` : `已清除「${e.name}」的公钥指纹`)
            onChanged()
          }}
        />
      )}
    </Space>
  )
}
