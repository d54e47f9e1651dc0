/** The secretariat's console of one meeting (issue 7): one tab per step, before, during and after the meeting. */
import './console.css'
import { Breadcrumb, Button, Space, Tabs, Typography } from 'antd'
import { lazy, Suspense, useMemo, useState, type ReactNode } from 'react'
import type { AppInfo } from '../../../../shared/api/types'
import { call } from '../../api'
import { Badge } from '../../components/Badge'
import { ClosedBanner } from '../../components/ClosedBanner'
import { PageError } from '../../components/PageError'
import { ShortcutHelp } from '../../components/ShortcutHelp'
import { useQuery } from '../../hooks/useQuery'
import { navigate } from '../../hooks/useRoute'
import { useShortcuts, type Shortcut } from '../../hooks/useShortcuts'
import { PHASE_LABELS } from './labels'
import { PageTitle } from '../../components/PageTitle'
import { PageLoading } from '../../components/Loading'
import { PRICE_KEY_HINTS } from './prices/keyHints'

// Each tab loads when first opened (the board's grid, the merge's ECharts, the follow-up's forms): opening the
// console costs only the tab shown.
const AssignmentTab = lazy(() => import('./AssignmentTab').then((m) => ({ default: m.AssignmentTab })))
const AuditTab = lazy(() => import('./AuditTab').then((m) => ({ default: m.AuditTab })))
const BoardTab = lazy(() => import('./BoardTab').then((m) => ({ default: m.BoardTab })))
const ExpertsTab = lazy(() => import('./ExpertsTab').then((m) => ({ default: m.ExpertsTab })))
const MergeTab = lazy(() => import('./MergeTab').then((m) => ({ default: m.MergeTab })))
const PanelTab = lazy(() => import('./PanelTab').then((m) => ({ default: m.PanelTab })))
const FollowupTab = lazy(() => import('../followup/FollowupTab').then((m) => ({ default: m.FollowupTab })))
const SettingsTab = lazy(() => import('./SettingsTab').then((m) => ({ default: m.SettingsTab })))
const PricesTab = lazy(() => import('./PricesTab').then((m) => ({ default: m.PricesTab })))
const RulesTab = lazy(() => import('./RulesTab').then((m) => ({ default: m.RulesTab })))

/** The console's steps in order: Alt+1 … Alt+9 open the first nine. */
const TABS = [
  { key: 'settings', label: '会议设置' },
  { key: 'experts', label: '专家与报到' },
  { key: 'assign', label: '分配' },
  { key: 'board', label: '评审看板' },
  { key: 'merge', label: '汇总' },
  { key: 'panel', label: '专家组意见' },
  { key: 'followup', label: '复核' },
  { key: 'audit', label: '结束与归档' },
  { key: 'prices', label: '价格参考' },
  { key: 'rules', label: '审查规则' }
] as const

export function ConsolePage({ meetingId, tab, info, onInfo }: { meetingId: string; tab: string; info: AppInfo | null; onInfo: (i: AppInfo) => void }) {
  const q = useQuery(() => call('console.get', { meetingId }), [meetingId])
  const m = q.data
  const [help, setHelp] = useState(false)
  const shortcuts: Shortcut[] = useMemo(
    () => [
      // Alt+1 … Alt+9: the tenth tab (审查规则) has no digit of its own.
      ...TABS.slice(0, 9).map((t, i) => ({ keys: `Alt+${i + 1}`, label: `打开「${t.label}」`, run: () => navigate({ page: 'console', meetingId, tab: t.key }) })),
      { keys: '?', label: '显示快捷键列表', run: () => setHelp(true) }
    ],
    [meetingId]
  )
  useShortcuts(shortcuts)
  if (q.error) return <PageError error={q.error} onRetry={() => void q.reload()} />
  const reload = () => void q.reload()
  const closed = m?.settings.phase === 'closed'
  const panes: Record<(typeof TABS)[number]['key'], ReactNode> = {
    settings: m && <SettingsTab meeting={m} onChanged={reload} />,
    experts: m && <ExpertsTab meeting={m} onChanged={reload} />,
    assign: <AssignmentTab meetingId={meetingId} readOnly={closed} />,
    board: <BoardTab meetingId={meetingId} readOnly={closed} />,
    merge: <MergeTab meetingId={meetingId} />,
    panel: m && <PanelTab meeting={m} info={info} onInfo={onInfo} />,
    followup: m && <FollowupTab meeting={m} readOnly={closed} />,
    audit: m && <AuditTab meeting={m} onChanged={reload} />,
    prices: m && <PricesTab meeting={m} onChanged={reload} />,
    rules: m && <RulesTab meeting={m} />
  }
  const items = TABS.map((t) => ({ key: t.key, label: t.label, children: <Suspense fallback={<PageLoading />}>{panes[t.key]}</Suspense> }))
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
        <PageTitle>
          秘书处工作台
        </PageTitle>
        {m && <Badge tone={closed ? 'neutral' : m.settings.phase === 'open' ? 'success' : 'info'}>{PHASE_LABELS[m.settings.phase]}</Badge>}
        <Typography.Text type="secondary">{m?.settings.name}</Typography.Text>
        <Button type="text" onClick={() => setHelp(true)} aria-label="键盘快捷键">
          快捷键 ?
        </Button>
      </Space>
      {closed && <ClosedBanner closedAt={m?.settings.closedAt} />}
      <Tabs
        activeKey={items.some((i) => i.key === tab) ? tab : 'settings'}
        onChange={(k) => navigate({ page: 'console', meetingId, tab: k })}
        items={items}
        destroyOnHidden
      />
      <ShortcutHelp open={help} shortcuts={shortcuts} hints={tab === 'prices' ? PRICE_KEY_HINTS : []} onClose={() => setHelp(false)} />
    </Space>
  )
}
