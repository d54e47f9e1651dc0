/** antd's Tooltip in the app's theme, for HoverTip (loaded on demand). */
import { ConfigProvider, Tooltip } from 'antd'
import type { ReactElement, ReactNode } from 'react'
import { theme } from '../theme'

export default function HoverTipAntd({ title, defaultOpen, children }: { title: ReactNode; defaultOpen: boolean; children: ReactElement }) {
  return (
    <ConfigProvider theme={theme}>
      <Tooltip title={title} defaultOpen={defaultOpen}>
        {children}
      </Tooltip>
    </ConfigProvider>
  )
}
