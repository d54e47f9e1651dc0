/** Experts whose signed conclusion overrides a veto, with their signed reasons: shown in the merge and the 组长 view. */
import { Alert } from 'antd'
import { CONCLUSION_LABELS } from '../../../../shared/domain/conclusion'
import type { VetoOverride } from '../../../../shared/domain/vetoOverride'

export function VetoOverrides({ overrides }: { overrides: VetoOverride[] }) {
  if (overrides.length === 0) return null
  const vetoes = [...new Set(overrides.flatMap((o) => o.vetoes))]
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="veto-overrides"
      title={`否决项：${vetoes.join('；')}。以下专家的结论不同于否决项的建议（不予通过）：`}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {overrides.map((o) => (
            <li key={o.expertId}>
              {o.name}（{CONCLUSION_LABELS[o.conclusion]}）：{o.reason ? `理由：${o.reason}` : '未说明理由（评分表签署时没有记录建议结论）'}
            </li>
          ))}
        </ul>
      }
    />
  )
}
