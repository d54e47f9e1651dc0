/**
 * A hover tooltip (antd's Tooltip) whose code loads when the pointer first reaches its element: the element
 * itself is plain and on screen from the first render (start-up, issue 11 item 11). The tooltip repeats what the
 * element's accessible name already says, so keyboard and screen-reader users lose nothing before it loads.
 */
import { cloneElement, lazy, Suspense, useRef, useState, type ReactElement, type ReactNode } from 'react'

const AntdTooltip = lazy(() => import('./HoverTipAntd'))

export function HoverTip({ title, children }: { title: ReactNode; children: ReactElement<{ onMouseEnter?: () => void; onMouseLeave?: () => void }> }) {
  const [armed, setArmed] = useState(false)
  const hovering = useRef(false)
  const plain = cloneElement(children, {
    onMouseEnter: () => {
      hovering.current = true
      setArmed(true)
    },
    onMouseLeave: () => {
      hovering.current = false
    }
  })
  if (!armed) return plain
  return (
    <Suspense fallback={plain}>
      <AntdTooltip title={title} defaultOpen={hovering.current}>
        {children}
      </AntdTooltip>
    </Suspense>
  )
}
