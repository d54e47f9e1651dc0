/** The shell: left navigation, a header with the meeting, the person and the sync state, and the pages. */
import { Alert, Layout, Menu, Typography } from 'antd'
import { lazy, Suspense, useEffect, useState } from 'react'
import type { AppInfo } from '../../shared/api/types'
import { call, dropEarly } from './api'
import { navigate, useRoute } from './hooks/useRoute'
import { HeaderMeeting } from './features/meetings/HeaderMeeting'
import { MeetingsPage } from './features/meetings/MeetingsPage'
import { SyncIndicator } from './features/sync/SyncIndicator'
import { PageLoading } from './components/Loading'

// The first screen (会议) loads with the shell; every other page, with its heavy parts (pdf.js, ECharts, the
// grids), loads when first opened, so the app starts quickly on older laptops.
const ConsolePage = lazy(() => import('./features/console/ConsolePage').then((m) => ({ default: m.ConsolePage })))
const MeetingPage = lazy(() => import('./features/meeting/MeetingPage').then((m) => ({ default: m.MeetingPage })))
const ProjectPage = lazy(() => import('./features/scoring/ProjectPage').then((m) => ({ default: m.ProjectPage })))
const SettingsPage = lazy(() => import('./features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })))
const SyncPage = lazy(() => import('./features/sync/SyncPage').then((m) => ({ default: m.SyncPage })))
const DocumentsPage = lazy(() => import('./features/documents/DocumentsPage').then((m) => ({ default: m.DocumentsPage })))
const VerifyPage = lazy(() => import('./features/documents/VerifyPage').then((m) => ({ default: m.VerifyPage })))
const IdentityPage = lazy(() => import('./features/identity/IdentityPage').then((m) => ({ default: m.IdentityPage })))
const RereviewPage = lazy(() => import('./features/followup/RereviewPage').then((m) => ({ default: m.RereviewPage })))
const ReviewOverviewPage = lazy(() => import('./features/review/ReviewOverviewPage').then((m) => ({ default: m.ReviewOverviewPage })))

const { Header, Sider, Content } = Layout

export function App() {
  const route = useRoute()
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [infoError, setInfoError] = useState<string | null>(null)
  useEffect(() => {
    call('app.info', {}).then(setInfo, (e: unknown) => setInfoError(e instanceof Error ? e.message : String(e)))
    // The children's effects ran first and took their prefetched answers; the rest would only go stale.
    dropEarly()
  }, [])
  const selected = route.page === 'meeting' || route.page === 'project' || route.page === 'documents' || route.page === 'console' ? 'meetings' : route.page === 'rereview' ? 'review' : route.page
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 20 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>
          PanelDesk 评审台
        </Typography.Text>
        <HeaderMeeting meetingId={'meetingId' in route ? route.meetingId : (info?.actingMeetingId ?? null)} />
        <span style={{ flex: 1 }} />
        <SyncIndicator />
        <Typography.Text style={{ color: '#fff' }} data-testid="acting-person">
          {info?.actingExpertName ? `当前专家：${info.actingExpertName}` : '未选择评审身份'}
        </Typography.Text>
      </Header>
      <Layout>
        <Sider width={168} theme="light" style={{ borderRight: '1px solid #e5e8ef' }}>
          <nav aria-label="主导航">
            <Menu
              mode="inline"
              selectedKeys={[selected]}
              style={{ borderInlineEnd: 0, paddingTop: 8 }}
              items={[
                { key: 'meetings', label: '会议', onClick: () => navigate({ page: 'meetings' }) },
                { key: 'review', label: '我的评审', onClick: () => navigate({ page: 'review' }) },
                { key: 'identity', label: '我的身份', onClick: () => navigate({ page: 'identity' }) },
                { key: 'verify', label: '验证文档', onClick: () => navigate({ page: 'verify' }) },
                { key: 'sync', label: '同步', onClick: () => navigate({ page: 'sync' }) },
                { key: 'settings', label: '设置与备份', onClick: () => navigate({ page: 'settings' }) }
              ]}
            />
          </nav>
        </Sider>
        {/* antd's Content is the page's one <main>; the project page fills the window below the header (.pd-project). */}
        <Content style={{ padding: 20, overflow: 'auto' }}>
          <div>
            {infoError && <Alert type="error" showIcon title="无法连接后台服务" description={infoError} style={{ marginBottom: 16 }} />}
            {info?.startupNotice && (
              <Alert type="warning" showIcon closable title="数据已恢复" description={info.startupNotice} style={{ marginBottom: 16 }} />
            )}
            <Suspense fallback={<PageLoading />}>
            {route.page === 'meetings' && <MeetingsPage />}
            {route.page === 'meeting' && <MeetingPage meetingId={route.meetingId} onInfo={setInfo} info={info} />}
            {route.page === 'project' && <ProjectPage projectId={route.projectId} />}
            {route.page === 'settings' && <SettingsPage info={info} onInfo={setInfo} />}
            {route.page === 'sync' && <SyncPage />}
            {route.page === 'documents' && <DocumentsPage meetingId={route.meetingId} />}
            {route.page === 'verify' && <VerifyPage />}
            {route.page === 'review' && <ReviewOverviewPage info={info} />}
            {route.page === 'rereview' && <RereviewPage versionId={route.versionId} />}
            {route.page === 'identity' && <IdentityPage />}
            {route.page === 'console' && <ConsolePage meetingId={route.meetingId} tab={route.tab} info={info} onInfo={setInfo} />}
            </Suspense>
          </div>
        </Content>
      </Layout>
    </Layout>
  )
}
