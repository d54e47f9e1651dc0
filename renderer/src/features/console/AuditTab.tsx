/** After the meeting: the audit log, hand-out, closing (read-only from then on), documents, the archive. */
import { Alert, App as AntApp, Button, Card, Space, Table, Typography, Upload } from 'antd'
import { useState } from 'react'
import type { ArchiveSummary, ArchiveVerification, AuditEntry, ConsoleMeeting } from '../../../../shared/api/secretariatTypes'
import { call } from '../../api'
import { Badge } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { grantOf, PathField, type ChosenPath } from '../../components/PathField'
import { formatTime } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { usePathAction } from '../../hooks/usePathAction'
import { CloseMeetingCard } from './CloseMeetingCard'
import { HandoutCard } from './HandoutCard'
import { fileToBase64 } from './fileBase64'

/** A long hex digest in groups of four, upper case, for reading aloud and comparing. */
function groupHex(hex: string): string {
  return hex.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ')
}

export function AuditTab({ meeting, onChanged }: { meeting: ConsoleMeeting; onChanged: () => void }) {
  const { message } = AntApp.useApp()
  const meetingId = meeting.settings.meetingId
  const audit = useQuery(() => call('audit.list', { meetingId }), [meetingId])
  const [folder, setFolder] = useState<ChosenPath>({ path: '' })
  const [folderError, setFolderError] = useState<string | null>(null)
  const [archive, setArchive] = useState<ArchiveSummary | null>(null)
  const [verified, setVerified] = useState<ArchiveVerification | null>(null)
  const { busy, run } = usePathAction()
  if (audit.error) return <PageError error={audit.error} onRetry={() => void audit.reload()} />
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <HandoutCard meeting={meeting} />
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
