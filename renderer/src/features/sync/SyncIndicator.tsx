/**
 * The sync state in the header (UI.md): a line in words — 未设置同步 / 正在同步 / 已同步（10 分钟前）· 3 项修改待同步 /
 * 同步未完成 — that opens the 同步 page. Refreshed every 15 s (every 2 s while a run is going), when the window
 * comes back into focus, and when the 同步 page starts a run or sets a target.
 */
import { useEffect } from 'react'
import { syncHeadline } from '../../../../shared/sync/headline'
import { call, earlyData } from '../../api'
import { HoverTip } from '../../components/HoverTip'
import { useQuery } from '../../hooks/useQuery'
import { navigate } from '../../hooks/useRoute'
import { onSyncChange } from './syncEvents'

export function SyncIndicator() {
  const q = useQuery(() => call('sync.status', {}), [], earlyData('sync.status'))
  const venue = useQuery(() => call('venue.status', {}), [], earlyData('venue.status'))
  const running = q.data?.running ?? false
  const { reload } = q
  const reloadVenue = venue.reload
  useEffect(() => {
    const onFocus = () => {
      void reload()
      void reloadVenue()
    }
    const id = setInterval(onFocus, running ? 2000 : 15_000)
    window.addEventListener('focus', onFocus)
    const off = onSyncChange(onFocus)
    return () => {
      clearInterval(id)
      window.removeEventListener('focus', onFocus)
      off()
    }
  }, [running, reload, reloadVenue])
  if (!q.data) return null
  const h = syncHeadline(q.data, new Date())
  const v = venue.data?.running ? `会场模式 · ${venue.data.connectedExperts} 位专家已连接` : null
  return (
    <HoverTip title={h.detail}>
      <button type="button" className="pd-sync-indicator" data-tone={h.tone} data-testid="sync-indicator" aria-label={`同步状态：${h.label}。${v ? `${v}。` : ''}${h.detail}`} onClick={() => navigate({ page: 'sync' })}>
        <span className="pd-sync-dot" aria-hidden="true" />
        {h.label}
        {v && <span data-testid="venue-indicator"> · {v}</span>}
      </button>
    </HoverTip>
  )
}
