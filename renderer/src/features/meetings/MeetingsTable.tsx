/**
 * The list of meetings on the 会议 page: a plain HTML table with antd Table's look (global.css, .pd-table), so the
 * first screen needs no antd (start-up, issue 11 item 11). Each meeting's name is a link (the keyboard's way in);
 * a click anywhere on the row opens the meeting too, as before.
 */
import type { MeetingSummary } from '../../../../shared/api/types'
import { Badge } from '../../components/Badge'
import { formatDate } from '../../format'
import { navigate } from '../../hooks/useRoute'

const EMPTY = '还没有评审会议。新建一个会议，导入项目申报材料并邀请专家；或加载示例会议先熟悉流程。'

export function MeetingsTable({ meetings, loading }: { meetings: readonly MeetingSummary[]; loading: boolean }) {
  return (
    <table className="pd-table" aria-busy={loading && meetings.length === 0 ? true : undefined}>
      <colgroup>
        <col />
        <col style={{ width: 150 }} />
        <col />
        <col style={{ width: 90 }} />
        <col style={{ width: 90 }} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">会议名称</th>
          <th scope="col">日期</th>
          <th scope="col">地点</th>
          <th scope="col" className="num">项目数</th>
          <th scope="col" className="num">专家数</th>
        </tr>
      </thead>
      <tbody>
        {meetings.map((m) => (
          <tr key={m.id} className="pd-table-row-link" onClick={() => navigate({ page: 'meeting', meetingId: m.id })}>
            <td>
              <span className="pd-inline">
                <a href={`#/meetings/${m.id}`}>{m.name}</a>
                {m.isDemo && <Badge tone="demo">示例</Badge>}
              </span>
            </td>
            <td>{formatDate(m.date)}</td>
            <td className="pd-ellipsis" title={m.place}>
              {m.place}
            </td>
            <td className="num">{m.projectCount}</td>
            <td className="num">{m.expertCount}</td>
          </tr>
        ))}
        {meetings.length === 0 && (
          <tr className="pd-table-placeholder">
            <td colSpan={5}>
              {loading ? (
                <span role="status" className="pd-page-loading pd-table-loading">
                  <span className="pd-spinner" aria-hidden="true" />
                  正在加载会议…
                </span>
              ) : (
                <div className="pd-empty">
                  <svg width="64" height="41" viewBox="0 0 64 41" aria-hidden="true">
                    <g transform="translate(0 1)" fill="none" fillRule="evenodd">
                      <ellipse fill="#f5f5f5" cx="32" cy="33" rx="32" ry="7" />
                      <g fillRule="nonzero" stroke="#d9d9d9">
                        <path d="M55 12.76L44.854 1.258C44.367.474 43.656 0 42.907 0H21.093c-.749 0-1.46.474-1.947 1.257L9 12.761V22h46v-9.24z" />
                        <path
                          d="M41.613 15.931c0-1.605.994-2.93 2.227-2.931H55v18.137C55 33.26 53.68 35 52.05 35h-40.1C10.32 35 9 33.259 9 31.137V13h11.16c1.233 0 2.227 1.323 2.227 2.928v.022c0 1.605 1.005 2.901 2.237 2.901h14.752c1.232 0 2.237-1.308 2.237-2.913v-.007z"
                          fill="#fafafa"
                        />
                      </g>
                    </g>
                  </svg>
                  <p>{EMPTY}</p>
                </div>
              )}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  )
}
