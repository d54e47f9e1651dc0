/** The fields of the meeting settings form: the meeting's facts, the rubric and merge methods, and the thresholds. */
import { Checkbox, Form, Input, Select, Space } from 'antd'
import type { ConsoleSettings } from '../../../../shared/api/secretariatTypes'
import { dateProblem, panelRuleProblem, thresholdProblem } from '../../../../shared/domain/fieldRules'
import { MERGE_METHOD_NAMES, MERGE_METHODS } from '../../../../shared/domain/merge'
import { numberOf, numberRule, ruleOf } from '../../components/fieldErrors'
import { rejectIf } from './settingsForm'

const methodOptions = MERGE_METHODS.map((m) => ({ value: m, label: MERGE_METHOD_NAMES[m] }))

export function SettingsFields({ s, closed }: { s: ConsoleSettings; closed: boolean }) {
  return (
    <>
      <Space wrap size="large" align="start">
        <Form.Item label="会议名称" name="name" rules={[{ required: true, message: '请填写会议名称' }]} style={{ width: 420 }}>
          <Input />
        </Form.Item>
        <Form.Item label="日期（YYYY-MM-DD）" name="date" rules={[ruleOf(dateProblem)]}>
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item label="地点" name="place" style={{ width: 300 }}>
          <Input />
        </Form.Item>
        <Form.Item label="组织单位" name="organiser" style={{ width: 300 }}>
          <Input />
        </Form.Item>
      </Space>
      <Space wrap size="large" align="start">
        <Form.Item label="评分细则版本" name="rubricId" extra={s.rubricLocked ? '评分已开始（会议已开始或已有评分表），不能更换' : undefined}>
          <Select
            style={{ width: 420 }}
            disabled={s.rubricLocked || closed}
            options={s.rubrics.map((r) => ({ value: r.id, label: `${r.name}（第 ${r.version} 版）` }))}
          />
        </Form.Item>
        <Form.Item label="评分汇总方法" name="mergeMethod">
          <Select style={{ width: 220 }} options={methodOptions} />
        </Form.Item>
        <Form.Item label="概算核定汇总方法" name="budgetMergeMethod">
          <Select style={{ width: 220 }} options={methodOptions} />
        </Form.Item>
      </Space>
      <Space wrap size="large" align="start">
        <Form.Item label="偏离阈值（占该维度分值的 %）" name="deviationPercent" rules={[numberRule({ min: 1, max: 100, decimals: 1, maxLabel: ' 100%' })]} extra="1% 至 100%">
          <Input suffix="%" inputMode="decimal" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item label="同意通过线（总分 ≥）" name="passAt" rules={[numberRule({ min: 0, max: s.rubricTotalPoints, decimals: 1, maxLabel: `总分 ${s.rubricTotalPoints}` })]}>
          <Input inputMode="decimal" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item
          label="修改完善后通过线（总分 ≥）"
          name="reviseAt"
          dependencies={['passAt']}
          rules={[
            numberRule({ min: 0, max: s.rubricTotalPoints, decimals: 1, maxLabel: `总分 ${s.rubricTotalPoints}` }),
            ({ getFieldValue }) => ({ validator: (_, v) => rejectIf(thresholdProblem(numberOf(getFieldValue('passAt')), numberOf(v), s.rubricTotalPoints)) })
          ]}
        >
          <Input inputMode="decimal" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item
          label="每个项目至少（人）"
          style={{ maxWidth: 320 }}
          name="minPerProject"
          dependencies={['requireOdd']}
          rules={[numberRule({ min: 1, max: 99, decimals: 0 }), ({ getFieldValue }) => ({ validator: (_, v) => rejectIf(panelRuleProblem(numberOf(v), !!getFieldValue('requireOdd'))) })]}
        >
          <Input inputMode="numeric" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label="专家人数" name="requireOdd" valuePropName="checked">
          <Checkbox>须为单数</Checkbox>
        </Form.Item>
        <Form.Item label="专家 PIN 码最短（位）" name="pinMinLength" rules={[numberRule({ min: 6, max: 32, decimals: 0, maxLabel: ' 32 位' })]} extra="只约束此后新设置的 PIN 码">
          <Input inputMode="numeric" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item label="PIN 码形式" name="pinRequireLetters" valuePropName="checked">
          <Checkbox>须为含字母和数字的口令</Checkbox>
        </Form.Item>
      </Space>
    </>
  )
}
