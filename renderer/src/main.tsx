import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { prefetch } from './api'
import { parseRoute } from './hooks/useRoute'
import './global.css'

// What the shell asks on every page, and the meetings list on the first screen: sent now, answered during the
// first render (start-up, issue 11 item 11).
prefetch(['app.info', 'sync.status', 'venue.status', ...(parseRoute(window.location.hash).page === 'meetings' ? (['meetings.list'] as const) : [])])

// antd's providers (theme, locale) wrap each page that uses antd (components/WithAntd.tsx), not the shell: the
// shell and the 会议 list are plain React, so antd is not evaluated before the first screen.
const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>
  )
}
