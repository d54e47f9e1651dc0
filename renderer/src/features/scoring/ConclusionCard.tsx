/**
 * The expert's conclusion. The suggestion comes from the total, or is 不予通过 when a finding carries a veto; the
 * expert may still decide otherwise, and a conclusion that overrides a veto needs a reason, signed with the sheet
 * (docs/review.md §3). A reason typed for a departure from a score-based suggestion is kept and signed too.
 */
import { Alert, Card, Input, Radio, Typography } from 'antd'
import { CONCLUSIONS, CONCLUSION_LABELS, type Conclusion } from '../../../../shared/domain/conclusion'
import type { RubricDefinition } from '../../../../shared/domain/rubric'
import { CONCLUSION_REASON_MAX, overridesVeto } from '../../../../shared/domain/scoring'
import { REASON_KEY, type SheetEditor } from './useSheetEditor'

export interface ConclusionCardProps {
  ed: SheetEditor
  rubric: RubricDefinition
  suggested: Conclusion | null
  /** The veto reasons behind a 不予通过 suggestion ([] when none). */
  vetoes: string[]
  locked: boolean
}

export function ConclusionCard({ ed, rubric, suggested, vetoes, locked }: ConclusionCardProps) {
  const conclusion = ed.sheet.conclusion
  const reason = ed.conclusionReason
  const override = overridesVeto(vetoes, conclusion)
  const departs = override || (suggested !== null && conclusion !== null && conclusion !== suggested)
  const tooLong = reason.length > CONCLUSION_REASON_MAX
  const saveError = ed.fieldErrors[`opinion:${REASON_KEY}`]
  const missing = override && !reason.trim()
  return (
    <Card title="评审结论" data-testid="conclusion">
      <Radio.Group
        value={conclusion}
        disabled={locked}
        onChange={(e) => ed.setConclusion(e.target.value as Conclusion)}
        options={CONCLUSIONS.map((c) => ({ value: c, label: CONCLUSION_LABELS[c] }))}
      />
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">
          建议结论根据总分得出（≥{rubric.conclusion.passAt} 分同意通过，≥{rubric.conclusion.reviseAt} 分修改完善后通过），有否决项时为不予通过；结论由专家本人选择。
        </Typography.Text>
      </div>
      {override && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          title="所选结论不同于否决项的建议（不予通过），须说明理由"
          description={vetoes.map((v) => `否决项：${v}`).join('；')}
        />
      )}
      {(departs || reason !== '') && (
        <div style={{ marginTop: 8 }}>
          <label htmlFor="conclusion-reason">
            <Typography.Text strong>{override ? '不同于建议结论的理由（必填，随评分表签名）' : '不同于建议结论的理由（选填，随评分表签名）'}</Typography.Text>
          </label>
          <Input.TextArea
            id="conclusion-reason"
            value={reason}
            disabled={locked}
            autoSize={{ minRows: 2, maxRows: 6 }}
            count={{ show: !locked, max: CONCLUSION_REASON_MAX }}
            placeholder="例如：申报单位已补充数据共享接入方案（附件三），满足第十二条数据汇聚共享要求"
            status={tooLong || saveError ? 'error' : missing ? 'warning' : undefined}
            aria-required={override}
            onChange={(e) => ed.setConclusionReason(e.target.value)}
            onBlur={() => ed.flushConclusionReason()}
          />
          {tooLong && (
            <Typography.Text type="danger" role="alert">
              超出 {reason.length - CONCLUSION_REASON_MAX} 字（最多 {CONCLUSION_REASON_MAX} 字），请删减；删减前不会保存。
            </Typography.Text>
          )}
          {saveError && !tooLong && (
            <Typography.Text type="danger" role="alert">
              未能保存：{saveError}
            </Typography.Text>
          )}
          {missing && !locked && <Typography.Text type="warning">请填写理由，否则不能提交。</Typography.Text>}
        </div>
      )}
    </Card>
  )
}
