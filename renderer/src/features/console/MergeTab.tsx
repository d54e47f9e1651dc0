/** Merging: per project and dimension the merged score beside each expert's, deviations flagged with 偏离说明, a chart, the ranking, the budget. */
import { App as AntApp, Button, Card, Empty, Segmented, Select, Space, Table, Typography } from 'antd'
import { lazy, Suspense, useState } from 'react'
import type { BudgetGroupTotal, BudgetLineView, ProjectMergeView } from '../../../../shared/api/secretariatTypes'
import { CONCLUSION_LABELS } from '../../../../shared/domain/conclusion'
import { VetoOverrides } from './VetoOverrides'
import { MERGE_METHOD_NAMES, type MergedRow } from '../../../../shared/domain/merge'
import { call, errorMessage } from '../../api'
import { Badge } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { formatWan } from '../../format'
import { useQuery } from '../../hooks/useQuery'
import { downloadText } from './fileBase64'
import { percent, score } from './labels'
import { PageLoading } from '../../components/Loading'

// ECharts loads with the first chart shown, not with the console.
const ScoreChart = lazy(() => import('./ScoreChart').then((m) => ({ default: m.ScoreChart })))

export function MergeTab({ meetingId }: { meetingId: string }) {
  const q = useQuery(() => call('merge.meeting', { meetingId }), [meetingId])
  const [picked, setPicked] = useState<string | null>(null)
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const v = q.data
  if (!v) return null
  const project = v.projects.find((p) => p.projectId === picked) ?? v.projects[0]
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="项目排序" extra={<Typography.Text type="secondary">汇总方法：{MERGE_METHOD_NAMES[v.settings.mergeMethod]}；偏离阈值：该维度分值的 {Math.round(v.settings.deviationRatio * 100)}%</Typography.Text>}>
        <Table
          rowKey="projectId"
          size="small"
          pagination={false}
          dataSource={v.ranking}
          locale={{ emptyText: '还没有项目。' }}
          columns={[
            { title: '名次', dataIndex: 'rank', width: 70, align: 'right', render: (r: number | null) => (r === null ? '—' : r) },
            { title: '项目', dataIndex: 'name', render: (n: string, r) => <a onClick={() => setPicked(r.projectId)}>{n}</a> },
            { title: '专家组总分', dataIndex: 'total', width: 130, align: 'right', render: (t: number | null) => (t === null ? '尚无计入的评分表' : <span className="num">{score(t)}</span>) }
          ]}
        />
      </Card>
      {project && (
        <Card
          title={
            <Space>
              <span>汇总明细</span>
              <Select
                aria-label="选择项目"
                style={{ minWidth: 360 }}
                value={project.projectId}
                onChange={setPicked}
                options={v.projects.map((p) => ({ value: p.projectId, label: p.name }))}
              />
            </Space>
          }
        >
          <ProjectMergeCard p={project} />
        </Card>
      )}
    </Space>
  )
}

function ProjectMergeCard({ p }: { p: ProjectMergeView }) {
  const { message } = AntApp.useApp()
  const m = p.merge
  const exportChart = async () => {
    try {
      const r = await call('merge.chartSvg', { projectId: p.projectId })
      downloadText(r.svg, r.fileName, 'image/svg+xml')
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }
  const experts = m?.total.scores ?? []
  const noteOf = (expertId: string, dimensionId: string) => p.notes.find((n) => n.expertId === expertId && n.dimensionId === dimensionId)?.text
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>
          计入 {p.counted.length} 份签名有效的评分表
          {p.missing.length > 0 && `；未计入：${p.missing.map((x) => `${x.name}（${x.reason}）`).join('、')}`}
        </Typography.Text>
      </Space>
      <VetoOverrides overrides={p.vetoOverrides} />
      {!m ? (
        <Empty description="还没有计入的评分表" />
      ) : (
        <>
          <Table<MergedRow>
            rowKey="id"
            size="small"
            pagination={false}
            bordered
            data-testid="merge-table"
            dataSource={[...m.dimensions, m.total]}
            columns={[
              { title: '维度（分值）', render: (_: unknown, r) => `${r.name}（${r.points}）`, width: 170 },
              ...experts.map((e, i) => ({
                title: e.name,
                align: 'right' as const,
                render: (_: unknown, r: MergedRow) => {
                  const c = r.scores[i]!
                  return (
                    <span className={c.flagged ? 'pd-flag' : undefined}>
                      <span className="num">{score(c.score)}</span>
                      {c.flagged && r.id !== 'total' && (
                        <>
                          {' '}
                          <Badge tone="danger">偏离 {c.deviation > 0 ? '+' : ''}{score(c.deviation)}</Badge>
                        </>
                      )}
                    </span>
                  )
                }
              })),
              { title: '中位数', align: 'right' as const, render: (_: unknown, r: MergedRow) => <span className="num">{score(r.median)}</span> },
              { title: `专家组（${MERGE_METHOD_NAMES[m.method]}）`, align: 'right' as const, render: (_: unknown, r: MergedRow) => <strong className="num">{score(r.merged)}</strong> }
            ]}
          />
          <Typography.Text>
            建议结论（按会议阈值）：<Badge tone="info">{CONCLUSION_LABELS[m.suggestedConclusion]}</Badge>{'\u3000'}各专家结论：同意通过 {m.conclusions.pass} 人，修改完善后通过 {m.conclusions.revise} 人，不予通过 {m.conclusions.reject} 人。
          </Typography.Text>
          {m.flagCount > 0 && (
            <Card size="small" title={`偏离说明（${m.flagCount} 处偏离超过阈值）`}>
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {m.dimensions.flatMap((d) =>
                  d.scores
                    .filter((s) => s.flagged)
                    .map((s) => (
                      <li key={`${d.id}-${s.expertId}`}>
                        {s.name} · {d.name}：{score(s.score)} 分（中位数 {score(d.median)}，阈值 ±{score(d.threshold)}）——
                        {noteOf(s.expertId, d.id) ?? <Typography.Text type="secondary">专家尚未填写偏离说明</Typography.Text>}
                      </li>
                    ))
                )}
              </ul>
            </Card>
          )}
          <Suspense fallback={<PageLoading text="正在载入图表…" />}>
            <ScoreChart title={`${p.name}：各维度评分`} merge={m} />
          </Suspense>
          <Button autoInsertSpace={false} onClick={() => void exportChart()}>导出评分图（SVG）</Button>
          <BudgetMerge projectId={p.projectId} />
        </>
      )}
    </Space>
  )
}

type BudgetFacet = 'groups' | 'categories'

/** A row of the budget summary: a group of the submitted structure, a category, or the 合计. */
type BudgetSumRow = Omit<BudgetGroupTotal, 'id'> & { key: string }

function BudgetMerge({ projectId }: { projectId: string }) {
  const q = useQuery(() => call('merge.budget', { projectId, limit: 100 }), [projectId])
  const [facet, setFacet] = useState<BudgetFacet>('groups')
  const b = q.data
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  if (!b) return null
  // The submitted structure is the skeleton; the tool's categories are a facet. 审减 and 核增 are never netted.
  const byGroups = facet === 'groups' && b.groups.length > 0
  const rows: BudgetSumRow[] = byGroups
    ? [...b.groups.map(({ id, ...g }) => ({ ...g, key: `g:${id}` })), { key: 'total', label: '合计', depth: 0, ...b.total }]
    : [...b.categories, b.total].map((c) => ({ key: `c:${c.category}`, label: c.category, depth: 0, ...c }))
  return (
    <Card size="small" title={`概算核定汇总（${MERGE_METHOD_NAMES[b.method]}；分歧最大的行在前，显示 ${b.shown}/${b.lineCount} 行）`}>
      <Segmented<BudgetFacet>
        size="small"
        value={facet}
        onChange={setFacet}
        options={[
          { value: 'groups', label: '按送审概算结构' },
          { value: 'categories', label: '按费用类别' }
        ]}
        style={{ marginBottom: 8 }}
      />
      <Table<BudgetSumRow>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: byGroups ? '分组' : '类别', render: (_: unknown, r) => <span style={{ paddingLeft: r.depth * 16, fontWeight: r.key === 'total' ? 600 : undefined }}>{r.label}</span> },
          { title: '送审（万元）', dataIndex: 'submitted', align: 'right', render: (x: number) => <span className="num">{formatWan(x)}</span> },
          { title: '核定（万元）', dataIndex: 'approved', align: 'right', render: (x: number) => <span className="num">{formatWan(x)}</span> },
          { title: '审减额（万元）', dataIndex: 'cut', align: 'right', render: (x: number) => <span className="num">{x > 0 ? `−${formatWan(x)}` : formatWan(0)}</span> },
          { title: '审减率', dataIndex: 'cutRate', align: 'right', render: (x: number) => <span className="num">{percent(x)}</span> },
          { title: '核增额（万元）', dataIndex: 'increase', align: 'right', render: (x: number) => <span className="num">{x > 0 ? `+${formatWan(x)}` : formatWan(0)}</span> }
        ]}
      />
      <Table<BudgetLineView>
        style={{ marginTop: 12 }}
        rowKey="lineId"
        size="small"
        pagination={{ pageSize: 10, showSizeChanger: false }}
        dataSource={b.lines}
        columns={[
          { title: '分组', dataIndex: 'group', ellipsis: true, width: 120 },
          { title: '明细', dataIndex: 'name', ellipsis: true },
          { title: '送审', dataIndex: 'submitted', align: 'right', width: 100, render: (x: number) => <span className="num">{formatWan(x)}</span> },
          ...b.experts.map((e, i) => ({
            title: e.name,
            align: 'right' as const,
            width: 90,
            render: (_: unknown, l: BudgetLineView) => <span className="num">{formatWan(l.approvals[i]?.amount ?? l.submitted)}</span>
          })),
          { title: '分歧', dataIndex: 'spread', align: 'right', width: 90, render: (x: number) => <span className="num">{formatWan(x)}</span> },
          { title: '专家组核定', dataIndex: 'approved', align: 'right', width: 110, render: (x: number, l) => <strong className="num">{formatWan(x)}{l.override ? '＊' : ''}</strong> },
          { title: '组长调整理由', render: (_: unknown, l: BudgetLineView) => l.override?.reason ?? '' }
        ]}
      />
    </Card>
  )
}
