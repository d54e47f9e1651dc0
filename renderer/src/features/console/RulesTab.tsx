/**
 * 审查规则 for the secretariat (issue 14 item 3): the rule set this meeting's findings are derived with, as a table;
 * edit it here (RulesEditor.tsx) and save a new version, or export it as JSON, edit it elsewhere and import it back
 * (checked whole: a file with problems is refused with each problem's path and reason, nothing applied), or go back
 * to the shipped default. Once scoring has started the rule set is locked, with the reason shown.
 */
import { Alert, Button, Card, Descriptions, Popconfirm, Space, Table, Typography, Upload } from 'antd'
import { useState } from 'react'
import type { RuleSetView } from '../../../../shared/api/ruleTypes'
import type { ConsoleMeeting } from '../../../../shared/api/secretariatTypes'
import { ruleSetRows, type RuleSetRow } from '../../../../shared/domain/compliance/ruleSetRows'
import { call } from '../../api'
import { Badge } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { useQuery } from '../../hooks/useQuery'
import { downloadText } from './fileBase64'
import { RulesEditor } from './RulesEditor'
import { useConsoleAction } from './useConsoleAction'

function RulesSummary({ v }: { v: RuleSetView }) {
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
      <Descriptions.Item label="名称">{v.ruleSet.name}</Descriptions.Item>
      <Descriptions.Item label="版本">
        <Space size={6}>
          <span data-testid="rule-set-version">{v.version}</span>
          {v.custom ? <Badge tone="info">本次会议修订</Badge> : <Badge tone="neutral">内置默认</Badge>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label="摘要">
        <Typography.Text code copyable={{ text: v.digest }}>
          {v.digest.slice(0, 16)}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label="更新时间">{v.updatedAt ? v.updatedAt.replace('T', ' ').slice(0, 19) : '—'}</Descriptions.Item>
    </Descriptions>
  )
}

export function RulesTab({ meeting }: { meeting: ConsoleMeeting }) {
  const meetingId = meeting.settings.meetingId
  const q = useQuery(() => call('rules.get', { meetingId }), [meetingId])
  const { act, problem, setProblem, busy } = useConsoleAction(() => q.reload())
  const [editing, setEditing] = useState(false)
  const closed = meeting.settings.phase === 'closed' || !!q.data?.locked
  const importFile = (file: File) =>
    act(async () => {
      const v = await call('rules.import', { meetingId, fileName: file.name, text: await file.text() })
      return `已导入规则集 ${v.version}，本次会议的合规提示已按新规则重新生成`
    })
  const reset = () => act(async () => `已恢复默认规则集 ${(await call('rules.reset', { meetingId })).version}`)
  const exportJson = async () => {
    const f = await call('rules.export', { meetingId })
    downloadText(f.json, f.fileName, 'application/json;charset=utf-8')
  }
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const v = q.data
  if (editing && v && !closed) {
    return (
      <RulesEditor
        view={v}
        onClose={() => setEditing(false)}
        onSaved={(saved) => act(async () => (setEditing(false), `已保存新版本 ${saved.version}，本次会议的合规提示已按新规则重新生成`))}
      />
    )
  }
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {problem && <Alert type="error" showIcon closable onClose={() => setProblem(null)} title={<span style={{ whiteSpace: 'pre-wrap' }}>{problem}</span>} />}
      {v?.locked && <Alert type="info" showIcon title={v.locked} description="评分细则和审查规则集在专家开始评分后都不能再修改，以保证所有评分表依据同一版规则。" />}
      {v?.problem && <Alert type="warning" showIcon title={v.problem} description="下表显示内置默认规则集；请导入有效的规则集文件或恢复默认后，合规提示才会生成。" />}
      <Card
        title="审查规则集"
        extra={
          <Space wrap>
            <Button autoInsertSpace={false} type="primary" disabled={closed || !v || !!v.problem} onClick={() => setEditing(true)}>
              在此修改
            </Button>
            <Button autoInsertSpace={false} onClick={() => void exportJson()}>
              导出 JSON
            </Button>
            <Upload accept=".json,application/json" showUploadList={false} disabled={closed} beforeUpload={(f) => (void importFile(f), false)}>
              <Button autoInsertSpace={false} loading={busy} disabled={closed}>
                导入规则集文件
              </Button>
            </Upload>
            <Popconfirm title="恢复内置默认规则集？本次会议的合规提示将按默认规则重新生成。" okText="恢复" cancelText="取消" onConfirm={() => void reset()} disabled={closed || !v?.custom}>
              <Button autoInsertSpace={false} disabled={closed || !v?.custom}>
                恢复默认
              </Button>
            </Popconfirm>
          </Space>
        }
      >
        {v && <RulesSummary v={v} />}
        <Typography.Paragraph type="secondary">
          规则集随会议同步到每位专家的电脑，只有秘书处能更换；每条合规提示和每份签名的评分表都记录产生提示的规则集版本和摘要。常改的关键词、同义词、费率、共性平台和否决项可点“在此修改”，保存为新版本；其他内容可导出 JSON 修改后再导入（文件有任何问题时整份不导入，并逐条说明位置和原因）。专家开始评分后规则集锁定，不能再修改。
        </Typography.Paragraph>
        <Table<RuleSetRow & { key: number }>
          size="small"
          dataSource={v ? ruleSetRows(v.ruleSet).map((r, i) => ({ ...r, key: i })) : []}
          loading={!v}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          columns={[
            { title: '规则', dataIndex: 'section', width: 220 },
            { title: '项目', dataIndex: 'item', width: 260 },
            { title: '识别内容', dataIndex: 'value', render: (t: string) => <span style={{ wordBreak: 'break-all' }}>{t}</span> }
          ]}
        />
      </Card>
    </Space>
  )
}
