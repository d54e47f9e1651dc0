import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App as AntApp, ConfigProvider } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import { App } from './App'
import { prefetch } from './api'
import { parseRoute } from './hooks/useRoute'
import { theme } from './theme'
import './global.css'

// What the shell asks on every page, and the meetings list on the first screen: sent now, answered during the
// first render (start-up, issue 11 item 11).
prefetch(['app.info', 'sync.status', 'venue.status', ...(parseRoute(window.location.hash).page === 'meetings' ? (['meetings.list'] as const) : [])])

const root = document.getElementById('root')
if (root) {
  createRoot(root).render(
    <StrictMode>
      {/* No space inserted between two Chinese characters of a button: "删 除" would not match its accessible name. */}
      <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
        <AntApp>
          <App />
        </AntApp>
      </ConfigProvider>
    </StrictMode>
  )
}
