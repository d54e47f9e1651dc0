/** Before the meeting: the meeting's facts and merge rules, and its projects (order, removal before it opens). */
import { App as AntApp, Button, Card, Form, Popconfirm, Space, type FormInstance } from 'antd'
import { useEffect, useState } from 'react'
import type { ConsoleMeeting } from '../../../../shared/api/secretariatTypes'
import { call, errorMessage } from '../../api'
import { issueFor } from '../../components/fieldErrors'
import { ProjectsCard } from './ProjectsCard'
import { RubricEditorCard } from './RubricEditorCard'
import { SettingsFields } from './SettingsFields'
import { formValuesOf, SETTINGS_ISSUE_FIELDS, settingsUpdateOf, type SettingsFormValues } from './settingsForm'

/** The backend's refusal shown at the field it names (settings.* issue paths map to the form's fields). */
function showSettingsError(form: FormInstance<SettingsFormValues>, err: unknown): boolean {
  const fields = SETTINGS_ISSUE_FIELDS.flatMap(([path, name]) => {
    const m = issueFor(err, path)
    return m ? [{ name, errors: [m] }] : []
  })
  form.setFields(fields)
  return fields.length > 0
}

export function SettingsTab({ meeting, onChanged }: { meeting: ConsoleMeeting; onChanged: () => void }) {
  const { message } = AntApp.useApp()
  const [form] = Form.useForm<SettingsFormValues>()
  const [saving, setSaving] = useState(false)
  const s = meeting.settings
  const closed = s.phase === 'closed'
  useEffect(() => {
    form.setFieldsValue(formValuesOf(s))
  }, [form, s])

  const save = async (v: SettingsFormValues) => {
    setSaving(true)
    try {
      await call('console.updateSettings', settingsUpdateOf(s, v))
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
          <SettingsFields s={s} closed={closed} />
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
