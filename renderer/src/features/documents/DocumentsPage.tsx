/** 文档导出: per meeting, which documents are ready, a preview of each, and the export into a folder with progress. */
import { Alert, Breadcrumb, Button, Card, Checkbox, Progress, Space, Table, Typography } from 'antd'
import { useCallback, useState } from 'react'
import type { DocumentItem, ExpertSheetStatus, ExportScope, ExportedFile, ExportProblem, ProjectDocuments, SheetDocState } from '../../../../shared/api/documentTypes'
import { Badge, type Tone } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { PathField, type ChosenPath } from '../../components/PathField'
import { hasOsDialogs } from '../../api'
import { PreviewModal } from './PreviewModal'
import { useExportJob, useMeetingDocuments, usePreview } from './useDocuments'
import { StatusBadge } from './VerificationResult'
import { PageTitle } from '../../components/PageTitle'
import { ClosedBanner, useMeetingClosed } from '../../components/ClosedBanner'

const SHEET_STATE: Record<SheetDocState, [string, Tone]> = {
  signed: ['已签名', 'success'],
  draft: ['未提交', 'neutral'],
  reopened: ['退回修改', 'warning'],
  missing: ['未开始', 'neutral'],
  recused: ['回避', 'info'],
  tampered: ['签名未通过', 'danger'],
  unverifiable: ['无法验证', 'warning']
}

function ExpertBadges({ experts }: { experts: ExpertSheetStatus[] }) {
  return (
    <Space wrap size={[4, 4]}>
      {experts.map((e) => (
        <span key={e.expertId} title={e.reason || undefined}>
          <Badge tone={SHEET_STATE[e.state][1]}>
            {e.name}
            {e.isLeader ? '（组长）' : ''}：{SHEET_STATE[e.state][0]}
            {e.state === 'signed' && !e.fingerprintRegistered ? '，未登记指纹' : ''}
          </Badge>
        </span>
      ))}
    </Space>
  )
}

function ProjectCard({ p, busy, onPreview, onExport }: { p: ProjectDocuments; busy: boolean; onPreview: (d: DocumentItem) => void; onExport: (s: ExportScope) => void }) {
  const ready = p.documents.filter((d) => d.ready).length
  return (
    <Card
      title={
        <Space wrap>
          <span>{p.name}</span>
          {p.panelReady ? <Badge tone="success">专家组文档可导出</Badge> : <Badge tone="warning">专家组文档待补齐</Badge>}
        </Space>
      }
      extra={
        <Button onClick={() => onExport({ kind: 'project', projectId: p.projectId })} disabled={busy || ready === 0}>
          导出本项目（{ready}份）
        </Button>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <ExpertBadges experts={p.experts} />
        {!p.panelReady && p.panelReason && <Typography.Text type="secondary">专家组文档：{p.panelReason}</Typography.Text>}
        <Table<DocumentItem>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={p.documents}
          locale={{ emptyText: '该项目还没有分配评审专家，分配并由专家签名提交后即可导出。' }}
          columns={[
            { title: '文档', dataIndex: 'label', width: 200, render: (l: string, d) => `${l}${d.expertName ? `（${d.expertName}）` : ''}` },
            { title: '文件名', dataIndex: 'fileName', ellipsis: true },
            {
              title: '状态',
              width: 260,
              render: (_: unknown, d) => (d.ready ? <Badge tone="success">可导出</Badge> : <Typography.Text type="secondary">{d.reason}</Typography.Text>)
            },
            {
              title: '操作',
              width: 110,
              render: (_: unknown, d) => (
                <Button size="small" disabled={!d.ready} onClick={() => onPreview(d)} aria-label={`预览${d.label}${d.expertName ? `（${d.expertName}）` : ''}`}>
                  预览
                </Button>
              )
            }
          ]}
        />
      </Space>
    </Card>
  )
}

function Summary({ written, skipped, failed }: { written: ExportedFile[]; skipped: ExportProblem[]; failed: ExportProblem[] }) {
  const problems = [...failed.map((f) => ({ ...f, type: '失败' })), ...skipped.map((s) => ({ ...s, type: '未导出' }))]
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table<ExportedFile>
        size="small"
        rowKey="path"
        pagination={written.length > 10 ? { pageSize: 10 } : false}
        dataSource={written}
        locale={{ emptyText: '没有写入任何文件' }}
        columns={[
          { title: '已写入的文件', dataIndex: 'fileName', ellipsis: true, render: (n: string, w) => (w.renamed ? `${n}（同名文件已存在，未覆盖）` : n) },
          { title: '验证', dataIndex: 'status', width: 90, render: (s: ExportedFile['status']) => <StatusBadge status={s} /> },
          { title: '位置', dataIndex: 'path', ellipsis: true }
        ]}
      />
      {problems.length > 0 && (
        <Table
          size="small"
          rowKey={(r, i) => `${r.projectName}-${r.label}-${r.expertName ?? ''}-${i ?? 0}`}
          pagination={problems.length > 10 ? { pageSize: 10 } : false}
          dataSource={problems}
          columns={[
            { title: '未写入', dataIndex: 'type', width: 80 },
            { title: '项目', dataIndex: 'projectName', ellipsis: true },
            { title: '文档', dataIndex: 'label', width: 220, render: (l: string, r) => `${l}${r.expertName ? `（${r.expertName}）` : ''}` },
            { title: '原因', dataIndex: 'reason' }
          ]}
        />
      )}
    </Space>
  )
}

export function DocumentsPage({ meetingId }: { meetingId: string }) {
  const q = useMeetingDocuments(meetingId)
  const preview = usePreview()
  const reload = q.reload
  const onFinished = useCallback(() => void reload(), [reload])
  const job = useExportJob(meetingId, onFinished)
  const [folder, setFolder] = useState<ChosenPath | null>(null)
  const [fullVerify, setFullVerify] = useState(false)
  const closed = useMeetingClosed(meetingId)
  const m = q.data
  const target: ChosenPath = folder ?? { path: m?.defaultFolder ?? '' }
  const busy = job.running
  const exportScope = (scope: ExportScope) => void job.start(scope, target, fullVerify)
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const progress = job.job?.progress
  const result = job.job?.result
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <a href="#/">评审会议</a> }, { title: <a href={`#/meetings/${encodeURIComponent(meetingId)}`}>{m?.meetingName ?? '…'}</a> }, { title: '文档导出' }]} />
      <PageTitle>
        文档导出
      </PageTitle>
      {closed && <ClosedBanner />}
      <Card title="导出到文件夹">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            每份文档写入后立即从磁盘读回，核对与生成的内容逐字节一致；文件名使用中文，已存在的同名文件不会被覆盖（新文件名后加“（2）”）。整个会议导出时，每个项目一个文件夹。
          </Typography.Text>
          <label htmlFor="export-folder">{hasOsDialogs ? '导出文件夹（默认在数据文件夹中；点“选择…”换一个）' : '导出文件夹（本机上的完整路径，不存在时自动创建）'}</label>
          <PathField
            id="export-folder"
            label="导出文件夹"
            purpose="export-folder"
            size="large"
            value={target}
            onChange={setFolder}
            disabled={busy}
            error={job.job ? null : job.error}
          />
          <Checkbox checked={fullVerify} onChange={(e) => setFullVerify(e.target.checked)} disabled={busy}>
            写入后逐份完整验证（与“验证文档”相同的检查，较慢）
          </Checkbox>
          <Space wrap>
            <Button type="primary" size="large" disabled={busy || !m || m.readyCount === 0 || !target.path.trim()} onClick={() => exportScope({ kind: 'meeting' })}>
              导出全部可导出的文档（{m?.readyCount ?? 0}/{m?.totalCount ?? 0}份）
            </Button>
            {busy && (
              <Button size="large" onClick={() => void job.cancel()}>
                取消导出
              </Button>
            )}
          </Space>
          {job.error && job.job && <Alert type="error" showIcon title="导出未完成" description={job.error} closable={{ onClose: job.dismiss }} />}
          {job.job && (
            <div data-testid="export-progress">
              <Progress percent={percent} status={job.job.status === 'failed' ? 'exception' : busy ? 'active' : 'normal'} aria-label="导出进度" />
              <Typography.Text>{busy ? progress?.message : ''}</Typography.Text>
            </div>
          )}
          {job.job && !busy && (
            <Alert
              data-testid="export-summary"
              type={job.job.status === 'failed' || (result?.failed.length ?? 0) > 0 ? 'error' : job.job.status === 'cancelled' ? 'warning' : 'success'}
              showIcon
              title={
                job.job.status === 'failed'
                  ? `导出失败：${job.job.error ?? ''}`
                  : `${job.job.status === 'cancelled' ? '导出已取消。' : '导出完成。'}已写入 ${result?.written.length ?? 0} 份文档到 ${result?.folder ?? target.path}`
              }
              description={
                result ? `${result.skipped.length ? `${result.skipped.length} 份因签名未齐未导出；` : ''}${result.failed.length ? `${result.failed.length} 份失败；` : ''}用时 ${(result.elapsedMs / 1000).toFixed(1)} 秒。` : undefined
              }
              closable={{ onClose: job.dismiss }}
            />
          )}
          {job.job && !busy && result && <Summary written={result.written} skipped={result.skipped} failed={result.failed} />}
        </Space>
      </Card>
      {m && m.projects.length === 0 && <Alert type="info" showIcon title="本次会议还没有项目" description="导入项目申报材料并由专家评审、签名提交后，即可在这里导出评审文档。" />}
      {m?.projects.map((p) => (
        <ProjectCard key={p.projectId} p={p} busy={busy} onPreview={(d) => void preview.open(d)} onExport={exportScope} />
      ))}
      <PreviewModal state={preview} onClose={preview.close} />
    </Space>
  )
}
