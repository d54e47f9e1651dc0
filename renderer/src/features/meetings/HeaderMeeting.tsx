/**
 * The meeting in the header (UI.md): the meeting of the page open, or else the one this laptop's expert belongs
 * to; a link to it. Without one, the app's subtitle.
 */
import { call, earlyData } from '../../api'
import { useQuery } from '../../hooks/useQuery'
import { navigate, routeHref } from '../../hooks/useRoute'

export function HeaderMeeting({ meetingId }: { meetingId: string | null }) {
  const q = useQuery(() => (meetingId ? call('meetings.list', {}) : Promise.resolve([])), [meetingId], meetingId ? earlyData('meetings.list') : undefined)
  const meeting = meetingId ? q.data?.find((m) => m.id === meetingId) : undefined
  if (!meeting) return <span className="pd-header-text" style={{ color: '#dbe6f5' }}>政务信息化项目专家评审</span>
  return (
    <a
      href={routeHref({ page: 'meeting', meetingId: meeting.id })}
      onClick={(e) => {
        e.preventDefault()
        navigate({ page: 'meeting', meetingId: meeting.id })
      }}
      title={meeting.name}
      className="pd-header-link"
      data-testid="header-meeting"
      style={{ color: '#fff', maxWidth: 520, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
    >
      {meeting.name}
    </a>
  )
}
