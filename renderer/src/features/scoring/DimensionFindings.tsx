/** 合规提示 next to a dimension: the article, the severity in words, the message. Hints, never verdicts. */
import { Collapse, Typography } from 'antd'
import type { FindingView } from '../../../../shared/api/packageTypes'
import { articleLabel, ruleSetLabel, SEVERITY_LABELS } from '../../../../shared/domain/packages/findingsView'
import { Badge } from '../../components/Badge'


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
                    {articleLabel(f.article)} · {SEVERITY_LABELS[f.severity]}
                  </Badge>
                  <Typography.Text>{f.message}</Typography.Text>
                </li>
              ))}
              {ruleSetLabel(findings) && (
                <li style={{ listStyle: 'none', marginInlineStart: -18 }}>
                  <Typography.Text type="secondary">{ruleSetLabel(findings)}</Typography.Text>
                </li>
              )}
            </ul>
          )
        }
      ]}
    />
  )
}
