/** 合规提示 next to a dimension: the article, the severity in words, the message. Hints, never verdicts. */
import { Collapse, Typography } from 'antd'
import type { FindingView } from '../../../../shared/api/packageTypes'
import { Badge } from '../../components/Badge'

const SEVERITY = { error: '严重', warning: '注意', info: '提示' } as const
const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
const article = (a: number | null) => (a === null ? '核算' : a <= 10 ? `第${CN[a]}条` : a < 20 ? `第十${CN[a - 10]}条` : `第二十${CN[a - 20] ?? ''}条`)

export function DimensionFindings({ findings }: { findings: FindingView[] }) {
  if (findings.length === 0) return null
  return (
    <Collapse
      size="small"
      items={[
        {
          key: 'f',
          label: `合规提示（${findings.length}）`,
          children: (
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {findings.map((f) => (
                <li key={f.id} style={{ marginBottom: 4 }}>
                  <Badge tone={f.severity === 'error' ? 'danger' : f.severity === 'warning' ? 'warning' : 'info'}>
                    {article(f.article)} · {SEVERITY[f.severity]}
                  </Badge>
                  <Typography.Text>{f.message}</Typography.Text>
                </li>
              ))}
            </ul>
          )
        }
      ]}
    />
  )
}
