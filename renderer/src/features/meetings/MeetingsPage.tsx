/**
 * 会议: every meeting on this device, the demo marked 示例, with the next actions. The app's first screen: plain
 * React and CSS (the list is MeetingsTable), so start-up evaluates no antd (issue 11 item 11); the dialogs and
 * notices are antd, loaded when first shown (WithAntd).
 */
import { lazy, useState } from 'react'
import { call, earlyData, errorMessage } from '../../api'
import { PageLoading } from '../../components/Loading'
import { PageTitle } from '../../components/PageTitle'
import { preloadAntd, WithAntd } from '../../components/WithAntd'
import { useQuery } from '../../hooks/useQuery'
import { navigate } from '../../hooks/useRoute'
import type { MeetingsNotice } from './MeetingsDialogs'
import { MeetingsTable } from './MeetingsTable'

// The dialogs (the form and date picker, the confirmation) load when first opened: not part of the first screen.
const NewMeetingDialog = lazy(() => import('./NewMeetingDialog').then((m) => ({ default: m.NewMeetingDialog })))
const DemoRemoveDialog = lazy(() => import('./MeetingsDialogs').then((m) => ({ default: m.DemoRemoveDialog })))
const NoticeAlert = lazy(() => import('./MeetingsDialogs').then((m) => ({ default: m.NoticeAlert })))
const PageError = lazy(() => import('../../components/PageError').then((m) => ({ default: m.PageError })))

export function MeetingsPage() {
  const q = useQuery(() => call('meetings.list', {}), [], earlyData('meetings.list'))
  const [creating, setCreating] = useState(false)
  const [confirmingDemo, setConfirmingDemo] = useState(false)
  // Each dialog is mounted from its first opening on, so closing it keeps its closing animation.
  const [loaded, setLoaded] = useState({ create: false, demo: false })
  const [notice, setNotice] = useState<MeetingsNotice | null>(null)
  const meetings = q.data ?? []
  const hasDemo = meetings.some((m) => m.isDemo)

  const removeDemo = async () => {
    setConfirmingDemo(false)
    try {
      const r = await call('demo.remove', {})
      setNotice({ type: 'success', text: `已删除示例会议（${r.removedMeetings} 个）` })
      await q.reload()
    } catch (err) {
      setNotice({ type: 'error', text: errorMessage(err) })
    }
  }
  const seedDemo = async () => {
    try {
      await call('demo.seed', {})
      setNotice(null)
      await q.reload()
    } catch (err) {
      setNotice({ type: 'error', text: errorMessage(err) })
    }
  }

  return (
    <div className="pd-stack pd-stack-large">
      <div className="pd-page-head">
        <PageTitle>评审会议</PageTitle>
        <div className="pd-inline">
          {hasDemo ? (
            <button
              type="button"
              className="pd-btn pd-btn-danger"
              onMouseEnter={preloadAntd}
              onClick={() => {
                setLoaded((l) => ({ ...l, demo: true }))
                setConfirmingDemo(true)
              }}
            >
              删除示例会议
            </button>
          ) : (
            <button type="button" className="pd-btn" onClick={() => void seedDemo()}>
              加载示例会议
            </button>
          )}
          <button
            type="button"
            className="pd-btn pd-btn-primary"
            onMouseEnter={preloadAntd}
            onClick={() => {
              setLoaded((l) => ({ ...l, create: true }))
              setCreating(true)
            }}
          >
            新建会议
          </button>
        </div>
      </div>
      {notice && (
        <WithAntd>
          <NoticeAlert notice={notice} onClose={() => setNotice(null)} />
        </WithAntd>
      )}
      {q.error && (
        <WithAntd>
          <PageError error={q.error} onRetry={() => void q.reload()} />
        </WithAntd>
      )}
      <div className="pd-card">
        <MeetingsTable meetings={meetings} loading={q.loading} />
      </div>
      {loaded.create && (
        <WithAntd bare fallback={creating ? <PageLoading text="正在打开新建会议…" /> : null}>
          <NewMeetingDialog
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={(id) => {
              setCreating(false)
              navigate({ page: 'meeting', meetingId: id })
            }}
          />
        </WithAntd>
      )}
      {loaded.demo && (
        <WithAntd bare fallback={confirmingDemo ? <PageLoading text="正在打开…" /> : null}>
          <DemoRemoveDialog open={confirmingDemo} onConfirm={() => void removeDemo()} onClose={() => setConfirmingDemo(false)} />
        </WithAntd>
      )}
    </div>
  )
}
