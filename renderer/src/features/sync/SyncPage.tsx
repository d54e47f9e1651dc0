/**
 * 同步: where this laptop syncs (a shared folder or the sync server), 立即同步, the last sync and what came in
 * and went out, a progress bar while it runs, and a plain-Chinese report of anything rejected or suspicious.
 * The sync runs in the backend, in the background; this page only starts it and polls its status.
 */
import { App as AntApp, Button, Card, Descriptions, Form, Input, Progress, Radio, Space, Table, Typography } from 'antd'
import { useEffect, useState } from 'react'
import type { SyncRunSummary, SyncStatus } from '../../../../shared/api/methods/sync'
import type { SyncIssue } from '../../../../shared/sync/report'
import { call, errorMessage } from '../../api'
import { Badge, type Tone } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { grantOf, isPathRefusal, PathField, type ChosenPath } from '../../components/PathField'
import { formatTime } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { announceSyncChange } from './syncEvents'
import { TrustCard } from './TrustCard'
import { PageTitle } from '../../components/PageTitle'
import { JoinVenueCard, VenueHostCard } from './VenueCard'
import { QrImage } from '../../components/QrImage'

const LEVEL: Record<SyncIssue['level'], { tone: Tone; label: string }> = {
  error: { tone: 'danger', label: '已拒绝' },
  warning: { tone: 'warning', label: '请注意' },
  info: { tone: 'info', label: '提示' }
}

const RUN_STATUS: Record<SyncRunSummary['status'], { tone: Tone; label: string }> = {
  running: { tone: 'info', label: '进行中' },
  ok: { tone: 'success', label: '完成' },
  partial: { tone: 'warning', label: '部分完成' },
  failed: { tone: 'danger', label: '失败' }
}

function TargetForm({ status, onSaved }: { status: SyncStatus; onSaved: (s: SyncStatus) => void }) {
  const { message } = AntApp.useApp()
  const t = status.target
  const [kind, setKind] = useState<'folder' | 'server'>(t?.kind ?? 'folder')
  const [folder, setFolder] = useState<ChosenPath>({ path: t?.kind === 'folder' ? t.folder : '' })
  const [folderError, setFolderError] = useState<string | null>(null)
  const [url, setUrl] = useState(t?.kind === 'server' ? t.url : '')
  const [joinCode, setJoinCode] = useState('')
  const [saving, setSaving] = useState(false)
  const save = async () => {
    setSaving(true)
    setFolderError(null)
    try {
      const s =
        kind === 'folder'
          ? await call('sync.configure', { kind, folder: folder.path, ...grantOf(folder) })
          : await call('sync.configure', { kind, url, joinCode })
      setJoinCode('')
      onSaved(s)
      announceSyncChange()
      void message.success('已保存同步方式')
    } catch (err) {
      // A refused folder is explained at the field (what was typed stays); anything else as a message.
      if (kind === 'folder' && isPathRefusal(err)) setFolderError(errorMessage(err))
      else void message.error(errorMessage(err))
    } finally {
      setSaving(false)
    }
  }
  return (
    <Card title="同步方式">
      <Form layout="vertical" style={{ maxWidth: 560 }} onFinish={() => void save()}>
        <Form.Item label="同步到">
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as 'folder' | 'server')}>
            <Radio value="folder">共享文件夹（U 盘、网络共享盘、同步盘）</Radio>
            <Radio value="server">同步服务器</Radio>
          </Radio.Group>
        </Form.Item>
        {kind === 'folder' ? (
          <Form.Item label="文件夹路径" htmlFor="sync-folder" extra="每台电脑只写入自己的文件，不会覆盖别人的数据。">
            <PathField id="sync-folder" label="同步文件夹" purpose="sync-folder" value={folder} onChange={setFolder} placeholder="例如 E:\评审会同步" error={folderError} />
          </Form.Item>
        ) : (
          <>
            <Form.Item label="服务器地址" htmlFor="sync-url">
              <Input id="sync-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://sync.example.gov.cn:8620" />
            </Form.Item>
            <Form.Item label="加入码" htmlFor="sync-code" extra={t?.kind === 'server' ? `本机已登记为：${t.author === 'secretariat' ? '秘书处' : t.author}。更换身份时再输入新的加入码。` : '首次连接时输入秘书处提供的一次性加入码。'}>
              <Input id="sync-code" value={joinCode} onChange={(e) => setJoinCode(e.target.value)} placeholder="12345-67890" />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={saving}>
          保存
        </Button>
      </Form>
    </Card>
  )
}

function JoinCodeCard() {
  const { message } = AntApp.useApp()
  const [author, setAuthor] = useState('')
  const [code, setCode] = useState<string | null>(null)
  const [venueCode, setVenueCode] = useState<string | null>(null)
  const make = async () => {
    try {
      const r = await call('sync.createJoinCode', { author: author.trim() })
      setCode(`${r.code}（有效期至 ${formatTime(r.expiresAt)}）`)
      setVenueCode(r.venueCode ?? null)
    } catch (err) {
      void message.error(errorMessage(err))
    }
  }
  return (
    <Card title="为专家生成加入码">
      <Space wrap>
        <label htmlFor="join-author">专家编号</label>
        <Input id="join-author" value={author} onChange={(e) => setAuthor(e.target.value)} style={{ width: 280 }} />
        <Button onClick={() => void make()} disabled={!author.trim()}>
          生成加入码
        </Button>
      </Space>
      {code && !venueCode && <Typography.Paragraph style={{ marginTop: 12 }} copyable>{code}</Typography.Paragraph>}
      {venueCode && (
        <Space align="start" style={{ marginTop: 12 }} wrap>
          <QrImage text={venueCode} size={180} alt="会场加入码二维码" testId="venue-qr" />
          <div>
            <Typography.Paragraph style={{ margin: 0 }}>会场加入码（一次性，{code}）：</Typography.Paragraph>
            <Typography.Paragraph copyable code data-testid="venue-code" style={{ wordBreak: 'break-all', maxWidth: 560 }}>
              {venueCode}
            </Typography.Paragraph>
          </div>
        </Space>
      )}
    </Card>
  )
}

export function SyncPage() {
  const q = useQuery(() => call('sync.status', {}), [])
  const info = useQuery(() => call('app.info', {}), [])
  const trust = useQuery(() => call('trust.status', {}), [])
  const { message } = AntApp.useApp()
  const status = q.data
  const running = status?.running ?? false
  const { reload } = q
  useEffect(() => {
    const id = setInterval(() => void reload(), running ? 1000 : 10_000)
    return () => clearInterval(id)
  }, [running, reload])
  const syncNow = async () => {
    try {
      q.setData(await call('sync.now', {}))
      announceSyncChange()
    } catch (err) {
      void message.error(errorMessage(err))
    }
  }
  if (q.error && !status) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const last = status?.last ?? null
  const percent = status?.progress && status.progress.total > 0 ? Math.round((100 * status.progress.done) / status.progress.total) : 0
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageTitle>
        同步
      </PageTitle>
      <Card
        title="同步状态"
        extra={
          <Button type="primary" onClick={() => void syncNow()} loading={running} disabled={!status?.target}>
            立即同步
          </Button>
        }
      >
        {running && <Progress percent={percent} status="active" aria-label="同步进度" />}
        <Descriptions column={1} size="small">
          <Descriptions.Item label="同步到">
            {status?.target ? (status.target.kind === 'folder' ? `共享文件夹 ${status.target.folder}` : `同步服务器 ${status.target.url}`) : '尚未设置'}
          </Descriptions.Item>
          <Descriptions.Item label="上次同步">{last ? formatTime(last.finishedAt) : '尚未同步'}</Descriptions.Item>
          <Descriptions.Item label="上次成功同步">{status?.lastOkAt ? formatTime(status.lastOkAt) : '—'}</Descriptions.Item>
          <Descriptions.Item label="本机待发出">{!status ? '—' : status.unsent === 0 ? '没有，本机的修改都已发出' : status.target ? `${status.unsent} 项修改，下次同步时发出` : `${status.unsent} 项修改，设置同步方式后发出`}</Descriptions.Item>
          <Descriptions.Item label="收到 / 发出">{last ? `收到 ${last.received} 项修改，发出 ${last.sent} 项；附件收到 ${last.blobsIn} 个，发出 ${last.blobsOut} 个` : '—'}</Descriptions.Item>
          <Descriptions.Item label="自动同步">{status?.auto ? '已开启：文件夹出现或有变化、服务器可连接时自动同步' : '设置同步方式后开启'}</Descriptions.Item>
        </Descriptions>
        {last && last.issues.length > 0 && (
          <section aria-label="同步报告">
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              需要注意的情况
            </Typography.Title>
            <ul style={{ paddingInlineStart: 18 }}>
              {last.issues.map((i, n) => (
                <li key={n} style={{ marginBottom: 6 }}>
                  <Badge tone={LEVEL[i.level].tone}>{LEVEL[i.level].label}</Badge> {i.message}
                </li>
              ))}
            </ul>
          </section>
        )}
        {last && last.issues.length === 0 && <Typography.Paragraph type="secondary">上次同步没有发现异常。</Typography.Paragraph>}
      </Card>
      {status && <TargetForm key={JSON.stringify(status.target)} status={status} onSaved={q.setData} />}
      {info.data && <TrustCard acting={!!info.data.actingExpertId} />}
      {trust.data?.secretariatKey && <VenueHostCard />}
      {trust.data && !trust.data.secretariatKey && status && <JoinVenueCard onJoined={q.setData} />}
      {status?.target?.kind === 'server' && status.target.author === 'secretariat' && <JoinCodeCard />}
      <Card title="同步记录">
        <Table<SyncRunSummary>
          rowKey="id"
          size="small"
          dataSource={status?.history ?? []}
          pagination={false}
          locale={{ emptyText: '还没有同步记录' }}
          columns={[
            { title: '开始时间', dataIndex: 'startedAt', render: (t: string) => formatTime(t), width: 200 },
            { title: '方式', dataIndex: 'transport', render: (t: string) => (t === 'folder' ? '共享文件夹' : '同步服务器'), width: 120 },
            { title: '结果', dataIndex: 'status', render: (s: SyncRunSummary['status']) => <Badge tone={RUN_STATUS[s].tone}>{RUN_STATUS[s].label}</Badge>, width: 110 },
            { title: '收到', dataIndex: 'received', align: 'right', width: 90 },
            { title: '发出', dataIndex: 'sent', align: 'right', width: 90 },
            { title: '拒绝', dataIndex: 'rejected', align: 'right', width: 90 }
          ]}
        />
      </Card>
    </Space>
  )
}
