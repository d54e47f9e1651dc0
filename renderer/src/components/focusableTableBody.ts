/**
 * An antd Table with `scroll.y` scrolls inside its own body (`.ant-table-body`). When nothing in that body can take
 * the focus (a read-only table: every field disabled), a keyboard user cannot scroll it, and axe reports
 * scrollable-region-focusable. This gives the body a tab stop and a name, on the element that wraps the table.
 */
import { useEffect, useRef } from 'react'

export function useFocusableTableBody<T extends HTMLElement>(label: string, deps: readonly unknown[]) {
  const box = useRef<T>(null)
  useEffect(() => {
    const body = box.current?.querySelector<HTMLElement>('.ant-table-body')
    if (!body) return
    body.tabIndex = 0
    body.setAttribute('role', 'region')
    body.setAttribute('aria-label', label)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [label, ...deps])
  return box
}
