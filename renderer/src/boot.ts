/**
 * The page's first module (main.tsx imports it before React): takes the token from the address (api.ts) and sends
 * what the first screen reads — what the shell shows on every page and, on the 会议 route, the meetings list — so
 * the answers travel while React's code is evaluated (start-up, issue 11 item 11). Imports nothing that needs React.
 */
import { prefetch } from './api'
import { parseRoute } from './hooks/routes'

prefetch(['app.info', 'sync.status', 'venue.status', ...(parseRoute(window.location.hash).page === 'meetings' ? (['meetings.list'] as const) : [])])
