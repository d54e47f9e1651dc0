/** After the meeting: the audit log, hand-out, closing (read-only from then on), documents, the archive. */
import { Alert, App as AntApp, Button, Card, Space, Table, Typography, Upload } from 'antd'
import { useState } from 'react'
import type { ArchiveSummary, ArchiveVerification, AuditEntry, ConsoleMeeting } from '../../../../shared/api/secretariatTypes'
import { call, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { grantOf, isPathRefusal, PathField, type ChosenPath } from '../../components/PathField'
import { formatTime } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { CloseMeetingCard } from './CloseMeetingCard'
import { fileToBase64 } from './fileBase64'

/** A long hex digest in groups of four, upper case, for reading aloud and comparing. */
function groupHex(hex: string): string {
  return hex.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ')
}

export function AuditTab({ meeting, onChanged }: { meeting: ConsoleMeeting; onChanged: () => void }) {
  const { message } = AntApp.useApp()
  const meetingId = meeting.settings.meetingId
  const closed = meeting.settings.phase === 'closed'
  const audit = useQuery(() => call('audit.list', { meetingId }), [meetingId])
  const trust = useQuery(() => call('trust.status', {}), [])
  const [folder, setFolder] = useState<ChosenPath>({ path: '' })
  const [folderError, setFolderError] = useState<string | null>(null)
  const [archive, setArchive] = useState<ArchiveSummary | null>(null)
  const [verified, setVerified] = useState<ArchiveVerification | null>(null)
  const [handout, setHandout] = useState<ChosenPath>({ path: '' })
  const [handoutError, setHandoutError] = useState<string | null>(null)
  const [codes, setCodes] = useState<{ name: string; code: string; expiresAt: string }[] | null>(null)
  const [busy, setBusy] = useState(false)
  /** Runs an action; a refused path is shown at its field (`onPathError`), anything else as a message. */
  const run = async (f: () => Promise<void>, onPathError?: (m: string | null) => void) => {
    setBusy(true)
    onPathError?.(null)
    try {
      await f()
    } catch (e) {
      if (onPathError && isPathRefusal(e)) onPathError(errorMessage(e))
      else void message.error(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  if (audit.error) return <PageError error={audit.error} onRetry={() => void audit.reload()} />
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
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
      <Card title="审计日志" extra={<Typography.Text type="secondary">由操作日志（谁、何时、改了什么）生成</Typography.Text>}>
        <Table<AuditEntry>
          rowKey={(r, i) => `${r.at}-${r.kind}-${i ?? 0}`}
          size="small"
          loading={audit.loading}
          dataSource={audit.data ?? []}
          pagination={{ pageSize: 15, showSizeChanger: false }}
          locale={{ emptyText: '还没有影响结果的操作。' }}
          data-testid="audit-log"
          columns={[
            { title: '时间', dataIndex: 'at', width: 170, render: (x: string) => formatTime(x) },
            { title: '操作人', dataIndex: 'authorName', width: 130 },
            { title: '类别', dataIndex: 'kindLabel', width: 120, render: (x: string) => <Badge tone="neutral">{x}</Badge> },
            { title: '内容', dataIndex: 'what' },
            { title: '说明', dataIndex: 'detail' }
          ]}
        />
      </Card>
      <CloseMeetingCard
        meeting={meeting}
        onClosed={() => {
          void message.success('会议已关闭')
          onChanged()
          void audit.reload()
        }}
      />
      <Card title="导出与归档">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            Word 文档（个人意见表、专家组评审意见、评分汇总表、概算审核对比表）：<a href={`#/meetings/${encodeURIComponent(meetingId)}/documents`}>文档导出</a>
          </Typography.Text>
          <Space wrap>
            <PathField
              label="归档文件夹"
              purpose="archive-folder"
              style={{ width: 420 }}
              placeholder="归档文件保存到的文件夹（完整路径）"
              value={folder}
              onChange={setFolder}
              error={folderError}
            />
            <Button
              type="primary"
              disabled={!folder.path.trim() || busy}
              onClick={() =>
                void run(async () => {
                  setArchive(await call('archive.export', { meetingId, folder: folder.path.trim(), ...grantOf(folder) }))
                }, setFolderError)
              }
            >
              生成会议归档（.pdarchive）
            </Button>
            <Upload
              accept=".pdarchive"
              showUploadList={false}
              beforeUpload={(f) => {
                void run(async () => setVerified(await call('archive.verify', { base64: await fileToBase64(f) })))
                return false
              }}
            >
              <Button autoInsertSpace={false}>验证归档文件</Button>
            </Upload>
          </Space>
          {archive && (
            <Alert
              type="success"
              showIcon
              data-testid="archive-summary"
              title={`已生成并验证：${archive.fileName}`}
              description={
                <>
                  <div>
                    {archive.path}；{archive.files} 个文件（另有清单 manifest.json）、{archive.rows} 行数据、{archive.blobs} 个附件、{archive.signatures} 份签名
                  </div>
                  <div>
                    清单摘要（SM3）：
                    <Typography.Text copyable={{ text: archive.digest.toUpperCase() }} code data-testid="archive-digest" style={{ wordBreak: 'break-all' }}>
                      {groupHex(archive.digest)}
                    </Typography.Text>
                  </div>
                </>
              }
            />
          )}
          {verified && (
            <Alert
              type={verified.status === '有效' ? 'success' : 'error'}
              showIcon
              title={`归档验证：${verified.status}`}
              description={
                <>
                  <div>{verified.reason}</div>
                  {verified.problems.slice(0, 10).map((p) => (
                    <div key={p}>{p}</div>
                  ))}
                </>
              }
            />
          )}
        </Space>
      </Card>
    </Space>
  )
}
