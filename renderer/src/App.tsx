/**
 * The shell: left navigation, a header with the meeting, the person and the sync state, and the pages. The shell
 * and the first screen (会议) are plain React and CSS (global.css, .pd-app…); antd loads with the first page or
 * dialog that needs it (WithAntd), not at start-up (issue 11 item 11).
 */
import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import type { AppInfo } from '../../shared/api/types'
import { call, dropEarly, earlyData } from './api'
import { navigate, useRoute } from './hooks/useRoute'
import { HeaderMeeting } from './features/meetings/HeaderMeeting'
import { MeetingsPage } from './features/meetings/MeetingsPage'
import { SyncIndicator } from './features/sync/SyncIndicator'
import { PageLoading } from './components/Loading'
import { NavMenu, type NavItem } from './components/NavMenu'
import { WithAntd } from './components/WithAntd'

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

const ShellNotices = lazy(() => import('./components/ShellNotices'))

const NAV: readonly NavItem[] = [
  { key: 'meetings', label: '会议', onSelect: () => navigate({ page: 'meetings' }) },
  { key: 'review', label: '我的评审', onSelect: () => navigate({ page: 'review' }) },
  { key: 'identity', label: '我的身份', onSelect: () => navigate({ page: 'identity' }) },
  { key: 'verify', label: '验证文档', onSelect: () => navigate({ page: 'verify' }) },
  { key: 'sync', label: '同步', onSelect: () => navigate({ page: 'sync' }) },
  { key: 'settings', label: '设置与备份', onSelect: () => navigate({ page: 'settings' }) }
]

export function App() {
  const route = useRoute()
  // Prefetched at start-up (boot.ts), so the first render has it; loaded here only if it had not arrived.
  const [info, setInfo] = useState<AppInfo | null>(() => earlyData('app.info') ?? null)
  const [infoError, setInfoError] = useState<string | null>(null)
  const hadInfo = useRef(info !== null)
  useEffect(() => {
    if (!hadInfo.current) call('app.info', {}).then(setInfo, (e: unknown) => setInfoError(e instanceof Error ? e.message : String(e)))
    // The children's effects ran first and took their prefetched answers; the rest would only go stale.
    dropEarly()
  }, [])
  const selected = route.page === 'meeting' || route.page === 'project' || route.page === 'documents' || route.page === 'console' ? 'meetings' : route.page === 'rereview' ? 'review' : route.page
  return (
    <div className="pd-app">
      <header className="pd-header">
        <span className="pd-brand">
          <strong>PanelDesk 评审台</strong>
        </span>
        <HeaderMeeting meetingId={'meetingId' in route ? route.meetingId : (info?.actingMeetingId ?? null)} />
        <span style={{ flex: 1 }} />
        <SyncIndicator />
        <span className="pd-header-text" data-testid="acting-person">
          {info?.actingExpertName ? `当前专家：${info.actingExpertName}` : '未选择评审身份'}
        </span>
      </header>
      <div className="pd-body">
        <aside className="pd-sider">
          <nav aria-label="主导航">
            <NavMenu items={NAV} selected={selected} />
          </nav>
        </aside>
        {/* The page's one <main>; the project page fills the window below the header (.pd-project). */}
        <main className="pd-content">
          <div>
            {(infoError || info?.startupNotice) && (
              <Suspense fallback={null}>
                <ShellNotices infoError={infoError} startupNotice={info?.startupNotice ?? null} />
              </Suspense>
            )}
            {route.page === 'meetings' ? (
              <MeetingsPage />
            ) : (
              <WithAntd fallback={<PageLoading />}>
                <Suspense fallback={<PageLoading />}>
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
              </WithAntd>
            )}
          </div>
        </main>
      </div>
    </div>
  )
}
