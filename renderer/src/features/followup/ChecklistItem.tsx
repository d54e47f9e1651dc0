/** One point of the 整改落实 checklist: the point, who raised it, the answer, the verdict and note, the links. */
import { Button, Form, Input, Radio, Space, Typography } from 'antd'
import { useState } from 'react'
import { FOLLOWUP_VERDICTS, POINT_KIND_LABELS, VERDICT_LABELS, type ChecklistRow, type ChecklistView, type FollowupVerdict } from '../../../../shared/api/followupTypes'
import { call, ClientError, errorMessage } from '../../api'

type Field = 'verdict' | 'note' | 'answer'

/** Scrolls the comparison to a changed line or chapter and focuses it. */
function jump(anchor: string): boolean {
  const el = document.getElementById(anchor)
  if (!el) return false
  el.scrollIntoView({ block: 'center' })
  el.classList.add('diff-target')
  el.setAttribute('tabindex', '-1')
  el.focus({ preventScroll: true })
  window.setTimeout(() => el.classList.remove('diff-target'), 2_000)
  return true
}

export function ChecklistItem(props: { versionId: string; row: ChecklistRow; reviewerId: string; locked: boolean; onSaved: (v: ChecklistView) => void }) {
  const { row, locked } = props
  const [verdict, setVerdict] = useState<FollowupVerdict | ''>(row.verdict)
  const [note, setNote] = useState(row.note)
  const [answer, setAnswer] = useState<string | null>(null)
  const [errors, setErrors] = useState<Partial<Record<Field | 'form', string>>>({})
  const [missing, setMissing] = useState('')
  const label = `${POINT_KIND_LABELS[row.kind]}${row.number}`

  const save = async (change: { verdict?: FollowupVerdict | ''; note?: string; answer?: string | null }) => {
    setErrors({})
    try {
      const next = await call('versions.checklistSave', { versionId: props.versionId, kind: row.kind, number: row.number, reviewerId: props.reviewerId, verdict, note, ...change })
      if (change.answer !== undefined) setAnswer(null)
      props.onSaved(next)
    } catch (e) {
      const issues = e instanceof ClientError ? (e.issues ?? []) : []
      const at = issues.find((i) => i.path === 'note' || i.path === 'answer' || i.path === 'verdict')
      setErrors(at ? { [at.path as Field]: at.message } : { form: errorMessage(e) })
    }
  }
  const status = (f: Field) => (errors[f] ? { validateStatus: 'error' as const, help: errors[f] } : {})

  return (
    <section aria-label={label} className="checklist-item" style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        <b>{label}</b>：{row.point}
        <Typography.Text type="secondary">{row.authors.length > 0 ? `（提出：${row.authors.join('、')}）` : '（提出人：专家组）'}</Typography.Text>
      </Typography.Paragraph>
      <Form layout="vertical" size="small" disabled={locked}>
        <Form.Item label={`建设单位答复${row.answerSource === 'manual' ? '（手工填写）' : row.answerSource === 'text' ? '（按引用的意见对应）' : ''}`} style={{ marginBottom: 8 }} {...status('answer')}>
          <AnswerField row={row} label={label} editing={answer} onEdit={setAnswer} onSave={(text) => void save({ answer: text })} />
        </Form.Item>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' }}>
          <Form.Item label="落实情况" style={{ marginBottom: 8 }} {...status('verdict')}>
            <Radio.Group
              aria-label={`${label}：落实情况`}
              optionType="button"
              buttonStyle="solid"
              value={verdict}
              onChange={(e) => {
                const v = e.target.value as FollowupVerdict
                setVerdict(v)
                void save({ verdict: v })
              }}
              options={FOLLOWUP_VERDICTS.map((v) => ({ value: v, label: VERDICT_LABELS[v] }))}
            />
          </Form.Item>
          <Form.Item label="备注" style={{ marginBottom: 8, minWidth: 320, flex: 1, maxWidth: 760 }} {...status('note')}>
            <Input.TextArea
              aria-label={`${label}：备注`}
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={2000}
              value={note}
              placeholder={verdict === 'partial' || verdict === 'open' ? '写明还差什么（必填）' : '可选'}
              onChange={(e) => setNote(e.target.value)}
              onBlur={() => {
                if (note !== row.note || verdict !== row.verdict) void save({ note })
              }}
            />
          </Form.Item>
        </div>
      </Form>
      {errors.form && <Typography.Text type="danger">{errors.form}</Typography.Text>}
      {row.links.length > 0 && (
        <Space wrap size={4}>
          <Typography.Text type="secondary">对照修改：</Typography.Text>
          {row.links.map((l) => (
            <Button key={l.anchor} size="small" type="link" onClick={() => setMissing(jump(l.anchor) ? '' : `“${l.label}”在下方比较中没有列出（未变化）`)}>
              {l.label}
            </Button>
          ))}
          {missing && <Typography.Text type="secondary">{missing}</Typography.Text>}
        </Space>
      )}
    </section>
  )
}

/** The 建设单位's answer: as read from the 修改说明 (or typed before), with 填写答复 / 修改答复 to type one in. */
function AnswerField(p: { row: ChecklistRow; label: string; editing: string | null; onEdit: (t: string | null) => void; onSave: (t: string | null) => void }) {
  const { row, label, editing: answer } = p
  return answer === null ? (
    <Space align="start" wrap>
      <Typography.Text type={row.answer ? undefined : 'warning'}>{row.answer || '修改说明中未找到对应的答复，请点“填写答复”录入。'}</Typography.Text>
      <Button size="small" onClick={() => p.onEdit(row.answer)} aria-label={`${label}：${row.answer ? '修改答复' : '填写答复'}`}>
        {row.answer ? '修改答复' : '填写答复'}
      </Button>
      {row.answerSource === 'manual' && (
        <Button size="small" onClick={() => p.onSave(null)}>
          恢复为修改说明的答复
        </Button>
      )}
    </Space>
  ) : (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.TextArea aria-label={`${label}：建设单位答复`} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} value={answer} onChange={(e) => p.onEdit(e.target.value)} />
      <Space>
        <Button size="small" type="primary" onClick={() => p.onSave(answer)}>
          保存答复
        </Button>
        <Button size="small" onClick={() => p.onEdit(null)}>
          取消
        </Button>
      </Space>
    </Space>
  )
}
