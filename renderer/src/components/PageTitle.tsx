/**
 * The one `<h1>` of a page. When it appears after a navigation (the focus was on nothing, on the navigation, or on
 * a control that the navigation removed), it takes the focus, so a keyboard or screen-reader user starts at the
 * top of the new page instead of at `<body>` (issue 11 item 7).
 */
import { Typography } from 'antd'
import { useEffect, useRef, type ReactNode } from 'react'
import { shouldTakeFocus } from './focusRules'

export function PageTitle({ children, testId }: { children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    const el = ref.current
    if (el && shouldTakeFocus(document.activeElement, document.body)) el.focus({ preventScroll: true })
  }, [])
  return (
    <Typography.Title ref={ref} level={1} tabIndex={-1} className="pd-page-title" data-testid={testId} style={{ margin: 0, fontSize: 24, lineHeight: 1.35 }}>
      {children}
    </Typography.Title>
  )
}
