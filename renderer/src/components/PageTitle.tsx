/**
 * The one `<h1>` of a page. When it appears after a navigation (the focus was on nothing, on the navigation, or on
 * a control that the navigation removed), it takes the focus, so a keyboard or screen-reader user starts at the
 * top of the new page instead of at `<body>` (issue 11 item 7). Plain HTML with antd's heading look (global.css).
 */
import { useEffect, useRef, type ReactNode } from 'react'
import { shouldTakeFocus } from './focusRules'

export function PageTitle({ children, testId }: { children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    const el = ref.current
    if (el && shouldTakeFocus(document.activeElement, document.body)) el.focus({ preventScroll: true })
  }, [])
  return (
    <h1 ref={ref} tabIndex={-1} className="pd-page-title" data-testid={testId}>
      {children}
    </h1>
  )
}
