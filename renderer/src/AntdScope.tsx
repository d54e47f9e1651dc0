/**
 * antd's providers (locale, theme, the App context for message/modal), loaded on demand: the first screen (the
 * shell and the 会议 list) is plain React and CSS, so antd's code and its styles computed at run time (CSS-in-JS)
 * are not part of start-up (issue 11 item 11). Every page and dialog that uses antd sits inside a `WithAntd`
 * (components/WithAntd.tsx), which loads this module the first time it is needed.
 */
import { App as AntApp, ConfigProvider } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import type { ReactNode } from 'react'
import { theme } from './theme'

/** `bare`: no wrapping element (for dialogs, which render in a portal and must add no box to the page). */
export default function AntdScope({ children, bare = false }: { children: ReactNode; bare?: boolean }) {
  return (
    // No space inserted between two Chinese characters of a button: "删 除" would not match its accessible name.
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      {bare ? <AntApp component={false}>{children}</AntApp> : <AntApp>{children}</AntApp>}
    </ConfigProvider>
  )
}
