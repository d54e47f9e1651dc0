/** The secretariat's console of one meeting (issue 7): one tab per step, before, during and after the meeting. */
import './console.css'
import { Breadcrumb, Space, Tabs, Typography } from 'antd'
import type { AppInfo } from '../../../../shared/api/types'
import { call } from '../../api'
import { Badge } from '../../components/Badge'
import { PageError } from '../../components/PageError'
import { useQuery } from '../../hooks/useQuery'
import { navigate } from '../../hooks/useRoute'
import { AssignmentTab } from './AssignmentTab'
import { AuditTab } from './AuditTab'
import { BoardTab } from './BoardTab'
import { ExpertsTab } from './ExpertsTab'
import { MergeTab } from './MergeTab'
import { PanelTab } from './PanelTab'
import { SettingsTab } from './SettingsTab'
import { PHASE_LABELS } from './labels'

export function ConsolePage({ meetingId, tab, info, onInfo }: { meetingId: string; tab: string; info: AppInfo | null; onInfo: (i: AppInfo) => void }) {
  const q = useQuery(() => call('console.get', { meetingId }), [meetingId])
  const m = q.data
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const reload = () => void q.reload()
  const closed = m?.settings.phase === 'closed'
  const items = [
    { key: 'settings', label: '会议设置', children: m && <SettingsTab meeting={m} onChanged={reload} /> },
    { key: 'experts', label: '专家与报到', children: m && <ExpertsTab meeting={m} onChanged={reload} /> },
    { key: 'assign', label: '分配', children: <AssignmentTab meetingId={meetingId} readOnly={closed} /> },
    { key: 'board', label: '评审看板', children: <BoardTab meetingId={meetingId} readOnly={closed} /> },
    { key: 'merge', label: '汇总', children: <MergeTab meetingId={meetingId} /> },
    { key: 'panel', label: '专家组意见', children: m && <PanelTab meeting={m} info={info} onInfo={onInfo} /> },
    { key: 'audit', label: '结束与归档', children: m && <AuditTab meeting={m} onChanged={reload} /> }
  ]
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb
        items={[
          { title: <a href="#/">评审会议</a> },
          { title: <a href={`#/meetings/${encodeURIComponent(meetingId)}`}>{m?.settings.name ?? '…'}</a> },
          { title: '秘书处工作台' }
        ]}
      />
      <Space align="center" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          秘书处工作台
        </Typography.Title>
        {m && <Badge tone={closed ? 'neutral' : m.settings.phase === 'open' ? 'success' : 'info'}>{PHASE_LABELS[m.settings.phase]}</Badge>}
        <Typography.Text type="secondary">{m?.settings.name}</Typography.Text>
      </Space>
      <Tabs
        activeKey={items.some((i) => i.key === tab) ? tab : 'settings'}
        onChange={(k) => navigate({ page: 'console', meetingId, tab: k })}
        items={items}
        destroyOnHidden
      />
    </Space>
  )
}
