/** Parts of the rule set editor (RulesEditor.tsx): one field, the vetoes, the preview of changes. */
import { Card, Checkbox, Empty, Form, Input, Select, Typography } from 'antd'
import { BUDGET_CATEGORIES } from '../../../../shared/domain/budget/types'
import { VETOABLE_CODES, type VetoableCode } from '../../../../shared/domain/compliance/ruleCodes'
import type { DiffLine } from './rulesDiff'
import type { Draft, EditField, VetoDraft } from './rulesDraft'
import { VETO_LABELS } from './rulesLabels'

/** The element id of a field's input (its label points at it). */
export const fieldDomId = (id: string) => `rule-${id.replace(/[^a-zA-Z0-9]+/g, '-')}`

export function RuleField({ field, value, error, disabled, onChange }: { field: EditField; value: string | string[]; error?: string; disabled: boolean; onChange: (v: string | string[]) => void }) {
  const id = fieldDomId(field.id)
  const text = typeof value === 'string' ? value : ''
  let input
  if (field.kind === 'categories') {
    input = (
      <Select id={id} mode="multiple" disabled={disabled} value={Array.isArray(value) ? value : []} onChange={(v: string[]) => onChange(v)} options={BUDGET_CATEGORIES.map((c) => ({ value: c, label: c }))} />
    )
  } else if (field.kind === 'rate') {
    input = <Input id={id} disabled={disabled} value={text} suffix="%" style={{ maxWidth: 180 }} onChange={(e) => onChange(e.target.value)} />
  } else if (field.id === 'version') {
    input = <Input id={id} disabled={disabled} value={text} maxLength={60} onChange={(e) => onChange(e.target.value)} />
  } else {
    input = <Input.TextArea id={id} disabled={disabled} value={text} autoSize={{ minRows: field.kind === 'platforms' ? 4 : 2, maxRows: 8 }} onChange={(e) => onChange(e.target.value)} />
  }
  return (
    <Form.Item label={field.label} htmlFor={id} validateStatus={error ? 'error' : undefined} help={error ?? field.help} style={{ marginBottom: 16 }}>
      {input}
    </Form.Item>
  )
}

export function VetoEditor({ vetoes, errors, disabled, onChange }: { vetoes: Draft['vetoes']; errors: Record<string, string>; disabled: boolean; onChange: (code: VetoableCode, v: Partial<VetoDraft>) => void }) {
  return (
    <Card size="small" title="否决项（出现该提示时建议结论为不予通过）">
      {VETOABLE_CODES.map((code) => {
        const v = vetoes[code]
        const error = errors[`vetoes.${code}`]
        return (
          <div key={code} style={{ marginBottom: 8 }}>
            <Checkbox checked={v.on} disabled={disabled} onChange={(e) => onChange(code, { on: e.target.checked })}>
              {VETO_LABELS[code].label}
            </Checkbox>
            {v.on && (
              <Form.Item validateStatus={error ? 'error' : undefined} help={error} style={{ margin: '4px 0 0 24px' }}>
                <Input aria-label={`${VETO_LABELS[code].label}：否决理由`} disabled={disabled} value={v.reason} maxLength={300} onChange={(e) => onChange(code, { reason: e.target.value })} />
              </Form.Item>
            )}
          </div>
        )
      })}
    </Card>
  )
}

export function DiffPreview({ lines }: { lines: DiffLine[] }) {
  return (
    <Card size="small" title={`修改预览（与当前版本相比 ${lines.length} 处）`} data-testid="rules-diff">
      {lines.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未修改" />
      ) : (
        <ol style={{ paddingLeft: 20, margin: 0, maxHeight: 480, overflow: 'auto' }}>
          {lines.map((l, i) => (
            <li key={i} style={{ marginBottom: 6 }}>
              <Typography.Text type="secondary">{l.where}</Typography.Text>
              <div style={{ wordBreak: 'break-all' }}>{l.change}</div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  )
}
