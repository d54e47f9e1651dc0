/** 合规提示: findings with their article (第X条), severity as a word, and links to the lines or pages behind them. */
import { Alert, Button, Empty, List, Space, Typography } from 'antd'
import type { BudgetLineView, FindingView } from '../../../../shared/api/packageTypes'
import { articleLabel, ruleSetLabel, SEVERITY_LABELS, severityCounts, sortFindings } from '../../../../shared/domain/packages/findingsView'
import { Badge } from '../../components/Badge'
import { formatWan } from '../../format'

const TONE = { error: 'danger', warning: 'warning', info: 'info' } as const

export function FindingsPanel(props: {
  findings: FindingView[]
  lines: Map<string, BudgetLineView>
  onLine: (lineId: string) => void
  onDocument: (documentId: string, page: number | null) => void
}) {
  if (props.findings.length === 0) {
    return <Empty description="没有合规提示：规则未发现需要关注的问题。提示仅供参考，请以专家判断为准。" />
  }
  const counts = severityCounts(props.findings)
  const ruleSet = ruleSetLabel(props.findings)
  return (
    <div className="pd-findings">
      <Alert
        type="info"
        showIcon
        title={`共 ${props.findings.length} 条提示：严重 ${counts.error} 条，警示 ${counts.warning} 条，提示 ${counts.info} 条`}
        description={`提示由规则自动生成，是审查的线索而非结论。点击“定位”可跳到对应的概算行或文档页。${ruleSet}`}
        style={{ marginBottom: 8 }}
      />
      <List
        dataSource={sortFindings(props.findings)}
        rowKey="id"
        renderItem={(f) => (
          <List.Item data-testid="finding" data-code={f.code}>
            <div style={{ width: '100%' }}>
              <Space size={6} wrap>
                <Badge tone={TONE[f.severity]}>{SEVERITY_LABELS[f.severity]}</Badge>
                <Typography.Text strong>{articleLabel(f.article)}</Typography.Text>
              </Space>
              <Typography.Paragraph style={{ margin: '4px 0' }}>{f.message}</Typography.Paragraph>
              {f.suggestedCut && (
                <Typography.Paragraph style={{ margin: '0 0 4px' }}>
                  建议审减 <span className="num">−{formatWan(f.suggestedCut.amount)}</span> 万元（{f.suggestedCut.reason}）
                </Typography.Paragraph>
              )}
              {f.refs.some((r) => r.kind === 'budgetLine' || r.documentId) && (
              <Space size={4} wrap>
                {f.refs.slice(0, 12).map((r, i) =>
                  r.kind === 'budgetLine' ? (
                    <Button key={i} size="small" onClick={() => props.onLine(r.lineId)}>
                      定位概算：{lineLabel(props.lines.get(r.lineId))}
                    </Button>
                  ) : r.documentId ? (
                    <Button key={i} size="small" onClick={() => props.onDocument(r.documentId as string, r.page ?? null)}>
                      打开文档{r.page ? `第 ${r.page} 页` : ''}
                    </Button>
                  ) : null
                )}
                {f.refs.length > 12 && <Typography.Text type="secondary">等 {f.refs.length} 处</Typography.Text>}
              </Space>
              )}
            </div>
          </List.Item>
        )}
      />
    </div>
  )
}

function lineLabel(line: BudgetLineView | undefined): string {
  if (!line) return '概算行'
  const name = line.name.length > 16 ? `${line.name.slice(0, 16)}…` : line.name
  return `第${line.sourceRow}行 ${name}`
}
