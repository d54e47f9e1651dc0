/** The banner on every screen of a closed meeting: everything is read-only from now on. */
import { Alert } from 'antd'
import { call } from '../api'
import { useQuery } from '../hooks/useQuery'

export function ClosedBanner({ closedAt }: { closedAt?: string | null }) {
  const when = closedAt ? `（${closedAt.slice(0, 10)} 关闭）` : ''
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="closed-banner"
      title={`会议已结束并关闭${when}：所有内容只读，不能再修改。`}
      description="如需更正，请另行组织复核。仍可查看、导出文档和生成归档。"
    />
  )
}

/**
 * Whether a meeting is closed, for the screens whose own data does not say (文档导出, 我的评审). False until known: the
 * backend refuses every change to a closed meeting whatever the screen shows.
 */
export function useMeetingClosed(meetingId: string | null): boolean {
  const q = useQuery(async () => (meetingId ? (await call('meetings.get', { meetingId })).status === 'closed' : false), [meetingId])
  return q.data === true
}
