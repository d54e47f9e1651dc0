/**
 * 价格参考 for the secretariat (issue 13): the reference library on this laptop (lines of closed meetings, imported
 * price lists) — searched, filtered, edited, retired and exported (prices/PriceLibraryCard.tsx) — which references
 * travel with this meeting to the experts' laptops, and the 单价偏高 settings.
 */
import { Alert, Button, Card, Form, InputNumber, Space } from 'antd'
import type { ConsoleMeeting } from '../../../../shared/api/secretariatTypes'
import { call } from '../../api'
import { PriceLibraryCard } from './prices/PriceLibraryCard'
import { useConsoleAction } from './useConsoleAction'

function PriceSettingsCard({ meeting, onChanged }: { meeting: ConsoleMeeting; onChanged: () => void }) {
  const meetingId = meeting.settings.meetingId
  const closed = meeting.settings.phase === 'closed'
  const { act, problem, setProblem, busy } = useConsoleAction(onChanged)
  const s = meeting.settings.settings.prices
  const saveSettings = (v: { margin: number; minRefs: number; maxAgeMonths: number }) =>
    act(async () => {
      await call('console.updateSettings', { meetingId, settings: { prices: { margin: v.margin / 100, minRefs: v.minRefs, maxAgeMonths: v.maxAgeMonths } } })
      return '已保存价格参考设置'
    })
  return (
    <Card title="单价偏高提示设置">
      {problem && <Alert type="error" showIcon closable onClose={() => setProblem(null)} title={problem} style={{ marginBottom: 12 }} />}
      <Form layout="inline" initialValues={{ margin: Math.round(s.margin * 100), minRefs: s.minRefs, maxAgeMonths: s.maxAgeMonths }} onFinish={(v) => void saveSettings(v)} disabled={closed}>
        <Form.Item label="高于参考中位数（%）" name="margin" rules={[{ required: true, message: '请填写' }]}>
          <InputNumber min={0} max={1000} />
        </Form.Item>
        <Form.Item label="参考价至少（条）" name="minRefs" rules={[{ required: true, message: '请填写' }]}>
          <InputNumber min={1} max={100} precision={0} />
        </Form.Item>
        <Form.Item label="过时月数" name="maxAgeMonths" rules={[{ required: true, message: '请填写' }]}>
          <InputNumber min={1} max={240} precision={0} />
        </Form.Item>
        <Button htmlType="submit" autoInsertSpace={false} loading={busy}>
          保存
        </Button>
      </Form>
    </Card>
  )
}

export function PricesTab({ meeting, onChanged }: { meeting: ConsoleMeeting; onChanged: () => void }) {
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PriceLibraryCard meeting={meeting} onChanged={onChanged} />
      <PriceSettingsCard meeting={meeting} onChanged={onChanged} />
    </Space>
  )
}
