/** Before the meeting: the meeting's facts and merge rules, and its projects (order, removal before it opens). */
import { App as AntApp, Button, Card, Checkbox, Form, Input, Popconfirm, Select, Space, type FormInstance } from 'antd'
import { useEffect, useState } from 'react'
import type { ConsoleMeeting } from '../../../../shared/api/secretariatTypes'
import { MERGE_METHOD_NAMES, MERGE_METHODS, type MergeMethod } from '../../../../shared/domain/merge'
import { call, errorMessage } from '../../api'
import { ProjectsCard } from './ProjectsCard'
import { RubricEditorCard } from './RubricEditorCard'
import { issueFor, numberOf, numberRule, ruleOf } from '../../components/fieldErrors'
import { dateProblem, panelRuleProblem, thresholdProblem } from '../../../../shared/domain/fieldRules'

interface FormValues {
  name: string
  date: string
  place: string
  organiser: string
  rubricId: string
  mergeMethod: MergeMethod
  budgetMergeMethod: MergeMethod
  // Number fields hold the typed text (checked by numberRule, never clamped).
  deviationPercent: string
  passAt: string
  reviseAt: string
  minPerProject: string
  requireOdd: boolean
  pinMinLength: string
  pinRequireLetters: boolean
}

/** A cross-field check as a Form rule result. */
const rejectIf = (problem: string | null): Promise<void> => (problem && !problem.includes('NaN') ? Promise.reject(new Error(problem)) : Promise.resolve())

/** The backend's refusal shown at the field it names (settings.* issue paths map to the form's fields). */
function showSettingsError(form: FormInstance<FormValues>, err: unknown): boolean {
  const map: [string, keyof FormValues][] = [
    ['name', 'name'],
    ['date', 'date'],
    ['settings.deviationRatio', 'deviationPercent'],
    ['settings.conclusion', 'reviseAt'],
    ['settings.panel', 'minPerProject'],
    ['settings.pin', 'pinMinLength']
  ]
  const fields = map.flatMap(([path, name]) => {
    const m = issueFor(err, path)
    return m ? [{ name, errors: [m] }] : []
  })
  form.setFields(fields)
  return fields.length > 0
}

const methodOptions = MERGE_METHODS.map((m) => ({ value: m, label: MERGE_METHOD_NAMES[m] }))

export function SettingsTab({ meeting, onChanged }: { meeting: ConsoleMeeting; onChanged: () => void }) {
  const { message } = AntApp.useApp()
  const [form] = Form.useForm<FormValues>()
  const [saving, setSaving] = useState(false)
  const s = meeting.settings
  const closed = s.phase === 'closed'
  useEffect(() => {
    form.setFieldsValue({
      name: s.name,
      date: s.date,
      place: s.place,
      organiser: s.organiser,
      rubricId: s.rubricId,
      mergeMethod: s.settings.mergeMethod,
      budgetMergeMethod: s.settings.budgetMergeMethod,
      deviationPercent: String(Math.round(s.settings.deviationRatio * 1000) / 10),
      passAt: String(s.settings.conclusion.passAt),
      reviseAt: String(s.settings.conclusion.reviseAt),
      minPerProject: String(s.settings.panel.minPerProject),
      requireOdd: s.settings.panel.requireOdd,
      pinMinLength: String(s.settings.pin.minLength),
      pinRequireLetters: s.settings.pin.requireLetters
    })
  }, [form, s])

  const save = async (v: FormValues) => {
    setSaving(true)
    try {
      await call('console.updateSettings', {
        meetingId: s.meetingId,
        name: v.name,
        date: v.date,
        place: v.place,
        organiser: v.organiser,
        ...(v.rubricId !== s.rubricId ? { rubricId: v.rubricId } : {}),
        settings: {
          mergeMethod: v.mergeMethod,
          budgetMergeMethod: v.budgetMergeMethod,
          deviationRatio: numberOf(v.deviationPercent) / 100,
          conclusion: { passAt: numberOf(v.passAt), reviseAt: numberOf(v.reviseAt) },
          panel: { minPerProject: numberOf(v.minPerProject), requireOdd: v.requireOdd },
          pin: { minLength: numberOf(v.pinMinLength), requireLetters: v.pinRequireLetters }
        }
      })
      message.destroy()
      void message.success('会议设置已保存')
      onChanged()
    } catch (e) {
      if (!showSettingsError(form, e)) void message.error(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }
  const act = async (f: () => Promise<unknown>, done: string) => {
    try {
      await f()
      void message.success(done)
      onChanged()
    } catch (e) {
      void message.error(errorMessage(e))
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="会议信息与汇总规则">
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} disabled={closed}>
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
          <Space>
            <Button autoInsertSpace={false} type="primary" htmlType="submit" loading={saving}>
              保存会议设置
            </Button>
            {s.phase === 'preparing' && (
              <Popconfirm title="开始评审后不能再移除项目，评分细则和审查规则集随即锁定。确定开始？" okText="开始评审" cancelText="取消" onConfirm={() => void act(() => call('console.openMeeting', { meetingId: s.meetingId }), '会议已开始')}>
                <Button autoInsertSpace={false}>开始评审（会议开始）</Button>
              </Popconfirm>
            )}
          </Space>
        </Form>
      </Card>
      <RubricEditorCard meetingId={s.meetingId} closed={closed} locked={s.rubricLocked} onSaved={onChanged} />
      <ProjectsCard meeting={meeting} act={act} />
    </Space>
  )
}
