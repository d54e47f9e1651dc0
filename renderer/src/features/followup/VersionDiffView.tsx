/** What changed from the reviewed package to a 修改稿: totals and the 核定 comparison, the budget, the chapters, the lists, the findings. */
import { Alert, Card, Descriptions, List, Space, Table, Typography } from 'antd'
import { fenAsWanText } from '../../../../shared/domain/revision/similarity'
import { budgetAnchor, chapterAnchor } from '../../../../shared/domain/revision/checklistLinks'
import { APPROVAL_LABELS, type ApprovalStatus, type BudgetLineDiff } from '../../../../shared/domain/revision/types'
import { call } from '../../api'
import { Badge, type Tone } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { useQuery } from '../../hooks/useQuery'

const APPROVAL_TONES: Record<ApprovalStatus, Tone> = { 'as-approved': 'success', 'not-as-approved': 'danger', new: 'warning', removed: 'warning' }
const STATUS_LABELS = { same: '未变', changed: '修改', added: '新增', removed: '删除' } as const
const wan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : fenAsWanText(fen))
const signed = (fen: number) => `${fen > 0 ? '+' : ''}${wan(fen)}`

const pageRange = (p: [number, number]) => (p[0] === p[1] ? `第 ${p[0]} 页` : `第 ${p[0]}–${p[1]} 页`)

function lineNote(l: BudgetLineDiff): string {
  const notes: string[] = []
  if (l.renamed) notes.push(`原名“${l.old?.name}”`)
  if (l.moved) notes.push(`由“${l.moved.from.join(' / ') || '顶层'}”移至“${l.moved.to.join(' / ') || '顶层'}”`)
  if (l.changes.includes('quantity')) notes.push(`数量 ${l.old?.quantity ?? '—'} → ${l.new?.quantity ?? '—'}`)
  if (l.changes.includes('unitPrice')) notes.push(`单价 ${wan(l.old?.unitPriceFen)} → ${wan(l.new?.unitPriceFen)}`)
  return notes.join('；')
}

export function VersionDiffView({ versionId, version }: { versionId: string; version: number }) {
  const q = useQuery(() => call('versions.diff', { versionId }), [versionId])
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const v = q.data
  if (!v) return <Card loading title={`第 ${version} 版与送审稿的比较`} />
  const b = v.diff.budget
  const lines = b.lines.filter((l) => l.status !== 'same' || (l.approval && l.approval.status !== 'as-approved') || l.approval)
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={`第 ${version} 版与送审稿的比较`}>
        {v.approval ? (
          <Alert type="info" showIcon message={`核定金额取自组长${v.approval.leaderName}于 ${v.approval.signedAt.slice(0, 10)} 签署的专家组评审意见（签名已验证）`} />
        ) : (
          <Alert type="warning" showIcon message={v.approvalNote} />
        )}
        {v.adjustment && (
          <Alert
            style={{ marginTop: 12 }}
            type={v.adjustment.rule === 'reapproval' ? 'error' : v.adjustment.rule === 'consent' ? 'warning' : 'success'}
            showIcon
            message="第十一条 概算调整"
            description={v.adjustment.text}
          />
        )}
        <Descriptions size="small" column={2} bordered style={{ marginTop: 12 }}>
          <Descriptions.Item label="送审稿逐项合计（万元）">{wan(b.old.computedFen)}</Descriptions.Item>
          <Descriptions.Item label="修改稿逐项合计（万元）">
            {wan(b.new.computedFen)}（{signed(b.deltaFen)}，{(b.deltaRate * 100).toFixed(2)}%）
          </Descriptions.Item>
          {b.approval && <Descriptions.Item label="核定合计（万元）">{wan(b.approval.approvedTotalFen)}</Descriptions.Item>}
          {b.approval && (
            <Descriptions.Item label="对照核定">
              按核定调整 {b.approval.counts['as-approved']} 行；未按核定调整 {b.approval.counts['not-as-approved']} 行；新增 {b.approval.counts.new} 行；删除核定保留的行 {b.approval.counts.removed} 行
            </Descriptions.Item>
          )}
          <Descriptions.Item label="概算行的变化" span={2}>
            新增 {b.counts.added}，删除 {b.counts.removed}，修改 {b.counts.changed}（移动 {b.counts.moved}，改名 {b.counts.renamed}），未变 {b.counts.same}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="投资概算：逐行对照">
        <Table
          size="small"
          pagination={false}
          rowKey={(l) => `${l.old?.id ?? ''}|${l.new?.id ?? ''}`}
          onRow={(l) => ({ id: budgetAnchor(l) })}
          dataSource={lines}
          scroll={{ x: 900 }}
          columns={[
            { title: '序号', width: 60, render: (_: unknown, l: BudgetLineDiff) => (l.new ?? l.old)?.numbering ?? '' },
            { title: '名称', render: (_: unknown, l: BudgetLineDiff) => <span style={{ fontWeight: (l.new ?? l.old)?.isGroup ? 600 : undefined }}>{(l.new ?? l.old)?.name}</span> },
            { title: '变化', width: 70, render: (_: unknown, l: BudgetLineDiff) => STATUS_LABELS[l.status] },
            { title: '送审（万元）', width: 110, align: 'right', render: (_: unknown, l: BudgetLineDiff) => <span className="num">{wan(l.old?.amountFen)}</span> },
            { title: '核定（万元）', width: 110, align: 'right', render: (_: unknown, l: BudgetLineDiff) => <span className="num">{wan(l.approval?.approvedFen)}</span> },
            { title: '修改稿（万元）', width: 120, align: 'right', render: (_: unknown, l: BudgetLineDiff) => <span className="num">{wan(l.new?.amountFen)}</span> },
            { title: '对照核定', width: 150, render: (_: unknown, l: BudgetLineDiff) => (l.approval ? <Badge tone={APPROVAL_TONES[l.approval.status]}>{APPROVAL_LABELS[l.approval.status]}{l.approval.status === 'not-as-approved' && l.approval.differenceFen !== null ? ` ${signed(l.approval.differenceFen)}` : ''}</Badge> : '') },
            { title: '说明', render: (_: unknown, l: BudgetLineDiff) => lineNote(l) }
          ]}
        />
      </Card>
      <Card title="文档：按章比较">
        {v.diff.documents.map((d, di) => (
          <div key={`${d.oldPath}|${d.newPath}`}>
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {d.title}：{{ same: '无变化', changed: '有修改', added: '新增', removed: '已删除' }[d.status]}
            </Typography.Title>
            <List
              size="small"
              dataSource={d.chapters.filter((c) => c.status !== 'same')}
              locale={{ emptyText: '各章均无变化。' }}
              renderItem={(c) => (
                <List.Item id={chapterAnchor(di, d.chapters.indexOf(c))}>
                  <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                    <span>
                      <b>{c.title}</b>（{STATUS_LABELS[c.status]}，+{c.added} −{c.removed} 行{c.newPages ? `，修改稿${pageRange(c.newPages)}` : ''}）
                    </span>
                    {c.lines.map((l, i) => (
                      <Typography.Text key={i} type={l.op === 'add' ? 'success' : 'danger'}>
                        {l.op === 'add' ? '＋' : '－'} {l.page !== null ? `［第${l.page}页］` : ''}
                        {l.text}
                      </Typography.Text>
                    ))}
                  </Space>
                </List.Item>
              )}
            />
          </div>
        ))}
      </Card>
      <Card title="数据清单与合规提示">
        {v.diff.dataLists.map((l) => (
          <Typography.Paragraph key={l.kind}>
            <b>{l.label}</b>：{l.oldCount} 行 → {l.newCount} 行。
            {l.rows.map((r) => (r.status === 'changed' ? `修改“${r.name}”：${r.fields.map((f) => `${f.label}“${f.old}”→“${f.new}”`).join('；')}。` : `${r.status === 'added' ? '新增' : '删除'}“${r.name}”。`)).join('')}
          </Typography.Paragraph>
        ))}
        <Typography.Paragraph>
          合规提示：新出现 {v.diff.findings.appeared.length} 条，已消除 {v.diff.findings.disappeared.length} 条，仍存在 {v.diff.findings.kept} 条。
        </Typography.Paragraph>
        <List size="small" dataSource={[...v.diff.findings.appeared.map((f) => ({ f, tag: '新出现' })), ...v.diff.findings.disappeared.map((f) => ({ f, tag: '已消除' }))]} renderItem={({ f, tag }) => <List.Item><Badge tone={tag === '新出现' ? 'warning' : 'success'}>{tag}</Badge> {f.message}</List.Item>} />
      </Card>
    </Space>
  )
}
