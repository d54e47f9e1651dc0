/**
 * 价格参考 for the secretariat (issue 13): the reference library on this laptop (lines of closed meetings, imported
 * price lists), which references travel with this meeting to the experts' laptops, and the 单价偏高 settings.
 */
import { Alert, Button, Card, Form, InputNumber, Space, Table, Typography, Upload } from 'antd'
import type { ConsoleMeeting } from '../../../../shared/api/secretariatTypes'
import type { PriceLibraryRowView } from '../../../../shared/api/priceTypes'
import { call } from '../../api'
import { Badge } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { useQuery } from '../../hooks/useQuery'
import { yuanText } from '../budget/LinePrice'
import { downloadText, fileToBase64 } from './fileBase64'
import { useConsoleAction } from './useConsoleAction'

export function PricesTab({ meeting, onChanged }: { meeting: ConsoleMeeting; onChanged: () => void }) {
  const meetingId = meeting.settings.meetingId
  const closed = meeting.settings.phase === 'closed'
  const q = useQuery(() => call('prices.library', { meetingId, limit: 500 }), [meetingId])
  const { act, problem, setProblem, busy } = useConsoleAction(async () => {
    await q.reload()
    onChanged()
  })
  const importList = (file: File) =>
    act(async () => {
      const r = await call('prices.import', { fileName: file.name, base64: await fileToBase64(file) })
      return `已导入 ${r.added} 条参考价`
    })
  const choose = () => act(async () => `本次会议携带 ${(await call('prices.chooseForMeeting', { meetingId, matched: true })).count} 条参考价`)
  const exportCsv = async () => downloadText((await call('prices.export', {})).csv, '参考价格库.csv', 'text/csv;charset=utf-8')
  const s = meeting.settings.settings.prices
  const saveSettings = (v: { margin: number; minRefs: number; maxAgeMonths: number }) =>
    act(async () => {
      await call('console.updateSettings', { meetingId, settings: { prices: { margin: v.margin / 100, minRefs: v.minRefs, maxAgeMonths: v.maxAgeMonths } } })
      return '已保存价格参考设置'
    })
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const lib = q.data
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {problem && <Alert type="error" showIcon closable onClose={() => setProblem(null)} title={problem} />}
      <Card
        title={`参考价格库（本机 ${lib?.total ?? 0} 条；随本次会议携带 ${lib?.chosenForMeeting ?? 0} 条）`}
        extra={
          <Space wrap>
            <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(f) => (void importList(f), false)}>
              <Button autoInsertSpace={false}>导入价格清单（Excel/CSV）</Button>
            </Upload>
            <Button autoInsertSpace={false} type="primary" loading={busy} disabled={closed} onClick={() => void choose()}>
              按本次概算选择随会参考价
            </Button>
            <Button autoInsertSpace={false} onClick={() => void exportCsv()}>
              导出
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          会议结束时，每个概算行的送审单价与核定单价自动记入本机参考价格库。价格清单第一行为表头：名称、规格、单位、参考单价（元，表头写“万元”则按万元）、来源、日期；任何一行有问题时整个文件都不导入。
          “按本次概算选择”把与本次会议概算行匹配的参考价随会议同步到专家电脑（只读，离线可用）。
        </Typography.Paragraph>
        <Table<PriceLibraryRowView>
          size="small"
          rowKey="id"
          dataSource={lib?.rows ?? []}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '规格', dataIndex: 'spec', ellipsis: true },
            { title: '单位', dataIndex: 'unit', width: 60 },
            { title: '参考单价', key: 'p', align: 'right', render: (_, r) => yuanText(r.unitPriceFen) },
            { title: '送审单价', key: 's', align: 'right', render: (_, r) => (r.submittedPriceFen === null ? '—' : yuanText(r.submittedPriceFen)) },
            { title: '来源', key: 'src', render: (_, r) => <span>{r.source}{r.project ? <div style={{ fontSize: 12, color: '#666' }}>{r.project}</div> : null}</span> },
            { title: '日期', dataIndex: 'date', width: 110 },
            {
              title: '状态',
              key: 'st',
              width: 110,
              render: (_, r) => (
                <Space size={0}>
                  {r.retired ? <Badge tone="neutral">已停用</Badge> : <Badge tone="success">有效</Badge>}
                  <Button size="small" type="link" onClick={() => void act(async () => (await call('prices.edit', { id: r.id, edit: { retired: !r.retired } }), r.retired ? '已恢复' : '已停用'))}>
                    {r.retired ? '恢复' : '停用'}
                  </Button>
                </Space>
              )
            }
          ]}
        />
      </Card>
      <Card title="单价偏高提示设置">
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
    </Space>
  )
}
